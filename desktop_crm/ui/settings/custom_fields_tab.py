"""Settings › Custom fields: define, rename and remove fields every contact can have."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services import custom_fields
from desktop_crm.services.changes import Changes
from desktop_crm.ui.settings.criteria_tab import AskText
from desktop_crm.ui.style import error_text_style, muted_text_style


class CustomFieldsTab(QWidget):
    changed = Signal(object)  # Changes(everything=True): the list and the pane show fields

    def __init__(self, *, ask_text: AskText | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ask_text = ask_text or self._ask
        intro = QLabel(
            _(
                "Fields of your own, such as “VAT number”. Renaming keeps every value; "
                "removing keeps the values too, so adding the field again brings them back."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(muted_text_style())
        self.list = QListWidget()
        self.list.setAccessibleName(_("Custom fields"))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setVisible(False)
        self.add_button = QPushButton(_("&Add…"))
        self.rename_button = QPushButton(_("Re&name…"))
        self.remove_button = QPushButton(_("Re&move"))
        side = QVBoxLayout()
        for button, name, slot in (
            (self.add_button, _("Add a field"), self.add),
            (self.rename_button, _("Rename the field"), self.rename),
            (self.remove_button, _("Remove the field"), self.remove),
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
        text, ok = QInputDialog.getText(self, _("Custom field"), label, text=current)
        return text if ok else None

    def reload(self, select: str | None = None) -> None:
        self.list.clear()
        for name in custom_fields.defined_fields():
            self.list.addItem(name)
            if name == select:
                self.list.setCurrentRow(self.list.count() - 1)
        self._update_buttons()

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.text()

    def _update_buttons(self) -> None:
        has = self._current() is not None
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _run(self, action: Callable[[], str | None]) -> None:
        try:
            selected = action()
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.error_label.setVisible(False)
        self.reload(select=selected)
        self.changed.emit(Changes(everything=True))

    def add(self) -> None:
        name = self._ask_text(_("Name of the new field:"), "")
        if name is not None:
            self._run(lambda: custom_fields.define_field(name))

    def rename(self) -> None:
        old = self._current()
        name = self._ask_text(_("New name:"), old) if old else None
        if old is not None and name is not None:
            self._run(lambda: custom_fields.rename_field(old, name))

    def remove(self) -> None:
        name = self._current()
        if name is not None:
            self._run(lambda: _removed(name))


def _removed(name: str) -> None:
    custom_fields.remove_field(name)
