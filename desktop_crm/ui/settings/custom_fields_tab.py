"""Settings › Custom fields: define, rename and remove fields every contact can have."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.services import custom_fields
from desktop_crm.services.changes import Changes
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.settings.list_editor import Action, AskText, ListEditor, then


class CustomFieldsTab(QWidget):
    changed = Signal(object)  # Changes(everything=True): the list and the pane show fields

    def __init__(
        self,
        *,
        ask_text: AskText | None = None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.editor = ListEditor(
            list_name=_("Custom fields"),
            dialog_title=_("Custom field"),
            add=Action(_("Add a field"), self.add),
            rename=Action(_("Rename the field"), self.rename),
            remove=Action(_("Remove the field"), self.remove),
            changes=Changes(everything=True),
            intro=_(
                "Fields of your own, such as “VAT number”. Renaming keeps every value; "
                "removing keeps the values too, so adding the field again brings them back."
            ),
        )
        self._ask_text = ask_text or self.editor.ask
        self.editor.runner = runner  # the window's: writes and reads off the GUI thread
        self.editor.read_with(custom_fields.defined_fields, self._show)
        self.editor.changed.connect(self.changed)
        self.list, self.error_label = self.editor.list, self.editor.error_label
        QVBoxLayout(self).addWidget(self.editor)
        self.reload()

    def reload(self, select: Hashable = None) -> None:
        self.editor.refresh(select)

    def _show(self, names: list[str], select: Hashable) -> None:
        self.editor.set_items([(n, n) for n in names], select)

    def names(self) -> list[str]:
        return self.editor.texts()

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.text()

    def add(self) -> None:
        name = self._ask_text(_("Name of the new field:"), "")
        if name is not None:
            self.editor.run(lambda: custom_fields.define_field(name), self.reload)

    def rename(self) -> None:
        old = self._current()
        name = self._ask_text(_("New name:"), old) if old else None
        if old is not None and name is not None:
            self.editor.run(lambda: custom_fields.rename_field(old, name), self.reload)

    def remove(self) -> None:
        name = self._current()
        if name is not None:
            self.editor.run(
                lambda: then(custom_fields.remove_field, name, result=None), self.reload
            )
