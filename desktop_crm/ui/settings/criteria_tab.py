"""Settings › Qualification: add, rename, reorder and remove the qualification criteria.

Each change goes through `services/qualification.py` at once (one transaction each); a
removed criterion is retired, so answers given to it and the stage history stay readable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services import qualification
from desktop_crm.services.changes import Changes
from desktop_crm.ui.style import error_text_style, muted_text_style

AskText = Callable[[str, str], str | None]  # (label, current text) -> new text, None: cancelled


class CriteriaTab(QWidget):
    changed = Signal(object)  # Changes, for every view that shows the checklist

    def __init__(self, *, ask_text: AskText | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ask_text = ask_text or self._ask
        intro = QLabel(
            _(
                "A lead becomes a prospect when every criterion is met. Interest in buying "
                "is not a criterion."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(muted_text_style())
        self.list = QListWidget()
        self.list.setAccessibleName(_("Qualification criteria"))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setVisible(False)

        self.add_button = QPushButton(_("&Add…"))
        self.rename_button = QPushButton(_("Re&name…"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move do&wn"))
        self.remove_button = QPushButton(_("Re&move"))
        side = QVBoxLayout()
        for button, name, slot in (
            (self.add_button, _("Add a criterion"), self.add),
            (self.rename_button, _("Rename the criterion"), self.rename),
            (self.up_button, _("Move the criterion up"), lambda: self.move_selected(-1)),
            (self.down_button, _("Move the criterion down"), lambda: self.move_selected(1)),
            (self.remove_button, _("Remove the criterion"), self.remove),
        ):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.error_label)
        self.reload()

    def _ask(self, label: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, _("Qualification criterion"), label, text=current)
        return text if ok else None

    def reload(self, select_id: int | None = None) -> None:
        self.list.clear()
        for criterion in qualification.active_criteria():
            item = QListWidgetItem(qualification._display_name(criterion))
            item.setData(Qt.ItemDataRole.UserRole, criterion.id)
            self.list.addItem(item)
            if criterion.id == select_id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.list.count() - 1)

    def _run(self, action: Callable[[], int | None]) -> None:
        try:
            selected = action()
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.error_label.setVisible(False)
        self.reload(select_id=selected if selected is not None else self._current_id())
        self.changed.emit(Changes(everything=True))

    def add(self) -> None:
        name = self._ask_text(_("Name of the new criterion:"), "")
        if name is not None:
            self._run(lambda: qualification.add_criterion(name))

    def rename(self) -> None:
        cid = self._current_id()
        if cid is None:
            return
        name = self._ask_text(_("New name:"), self.list.currentItem().text())
        if name is not None:
            self._run(lambda: _then(qualification.rename_criterion, cid, name, result=cid))

    def move_selected(self, step: int) -> None:
        cid = self._current_id()
        row = self.list.currentRow()
        target = row + step
        if cid is None or not 0 <= target < self.list.count():
            return
        ids = [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]
        ids.insert(target, ids.pop(row))
        self._run(lambda: _then(qualification.reorder_criteria, ids, result=cid))

    def remove(self) -> None:
        cid = self._current_id()
        if cid is None:
            return
        self._run(lambda: _then(qualification.remove_criterion, cid, result=None))


def _then(action: Callable[..., None], *args: object, result: int | None) -> int | None:
    """Run a service that returns nothing, then say which criterion to select."""
    action(*args)
    return result
