"""Settings › Qualification: add, rename, reorder and remove the qualification criteria.

Each change goes through `services/qualification.py` at once (one transaction each); a
removed criterion is retired, so answers given to it and the stage history stay readable."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.services import qualification
from desktop_crm.services.changes import Changes
from desktop_crm.store.models import Criterion
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.settings.list_editor import Action, AskText, ListEditor, then


class CriteriaTab(QWidget):
    changed = Signal(object)  # Changes, for every view that shows the checklist

    def __init__(
        self,
        *,
        ask_text: AskText | None = None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.editor = ListEditor(
            list_name=_("Qualification criteria"),
            dialog_title=_("Qualification criterion"),
            add=Action(_("Add a criterion"), self.add),
            rename=Action(_("Rename the criterion"), self.rename),
            remove=Action(_("Remove the criterion"), self.remove),
            up=Action(_("Move the criterion up"), lambda: self.move_selected(-1)),
            down=Action(_("Move the criterion down"), lambda: self.move_selected(1)),
            changes=Changes(everything=True),
            intro=_(
                "A lead becomes a prospect when every criterion is met. Interest in buying "
                "is not a criterion."
            ),
        )
        self._ask_text = ask_text or self.editor.ask
        self.editor.runner = runner  # the window's: writes and reads off the GUI thread
        self.editor.read_with(qualification.active_criteria, self._show)
        self.editor.changed.connect(self.changed)
        self.list, self.error_label = self.editor.list, self.editor.error_label
        QVBoxLayout(self).addWidget(self.editor)
        self.reload()

    def reload(self, select_id: Hashable = None) -> None:
        self.editor.refresh(select_id)

    def _show(self, criteria: list[Criterion], select_id: Hashable) -> None:
        self.editor.set_items([(c.id, qualification._display_name(c)) for c in criteria], select_id)

    def names(self) -> list[str]:
        return self.editor.texts()

    def _current_id(self) -> int | None:
        key = self.editor.current_key()
        return key if isinstance(key, int) else None

    def add(self) -> None:
        name = self._ask_text(_("Name of the new criterion:"), "")
        if name is not None:
            self.editor.run(lambda: qualification.add_criterion(name), self.reload)

    def rename(self) -> None:
        cid = self._current_id()
        if cid is None:
            return
        name = self._ask_text(_("New name:"), self.list.currentItem().text())
        if name is not None:
            self.editor.run(
                lambda: then(qualification.rename_criterion, cid, name, result=cid), self.reload
            )

    def move_selected(self, step: int) -> None:
        cid = self._current_id()
        row = self.list.currentRow()
        target = row + step
        if cid is None or not 0 <= target < self.list.count():
            return
        ids = self.editor.keys()
        ids.insert(target, ids.pop(row))
        self.editor.run(lambda: then(qualification.reorder_criteria, ids, result=cid), self.reload)

    def remove(self) -> None:
        cid = self._current_id()
        if cid is not None:
            self.editor.run(
                lambda: then(qualification.remove_criterion, cid, result=None), self.reload
            )
