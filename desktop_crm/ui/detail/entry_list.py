"""An editable list of emails or phones: each with a value, a label and one primary."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _


@dataclass
class Entry:
    value: str
    label: str = ""
    is_primary: bool = False


class _Row(QWidget):
    def __init__(self, entry: Entry, placeholder: str, group: QButtonGroup, kind: str = ""):
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.value_edit = QLineEdit(entry.value)
        self.value_edit.setPlaceholderText(placeholder)
        self.label_edit = QLineEdit(entry.label)
        self.label_edit.setPlaceholderText(_("Label, e.g. work"))
        self.label_edit.setMaximumWidth(130)
        self.primary = QRadioButton(_("Primary"))
        self.primary.setChecked(entry.is_primary)
        group.addButton(self.primary)
        self.remove_button = QToolButton()
        self.remove_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton)
        )
        self.remove_button.setToolTip(_("Remove"))
        self.name_parts(kind)
        layout.addWidget(self.value_edit, 1)
        layout.addWidget(self.label_edit)
        layout.addWidget(self.primary)
        layout.addWidget(self.remove_button)

    def name_parts(self, kind: str, number: int = 1) -> None:
        """Names a screen reader says: "Phone 2", "Label of phone 2", "Remove phone 2"."""
        if not kind:
            return
        field = _("{kind} {number}").format(kind=kind, number=number)
        self.value_edit.setAccessibleName(field)
        self.label_edit.setAccessibleName(_("Label of {field}").format(field=field))
        self.primary.setAccessibleName(_("{field} is the primary one").format(field=field))
        self.remove_button.setAccessibleName(_("Remove {field}").format(field=field))

    def show_entry(self, entry: Entry) -> None:
        if self.value_edit.text() != entry.value:
            self.value_edit.setText(entry.value)
        if self.label_edit.text() != entry.label:
            self.label_edit.setText(entry.label)
        self.primary.setChecked(entry.is_primary)

    def entry(self) -> Entry:
        return Entry(self.value_edit.text(), self.label_edit.text(), self.primary.isChecked())


class EntryListEditor(QWidget):
    edited = Signal()

    def __init__(
        self, add_text: str, placeholder: str, parent: QWidget | None = None, *, kind: str = ""
    ):
        super().__init__(parent)
        self._placeholder = placeholder
        self._kind = kind  # "Email" or "Phone": each row's fields are named after it
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._rows: list[_Row] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)  # Enter in a form saves it, never adds a row
        self.add_button.clicked.connect(lambda: self.add_entry(Entry("", "", not self._rows)))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        # The form's label ("Email", Alt+E in New contact) has the list as its buddy, and a
        # label's key moves the focus only to a buddy that takes it: the list takes it by
        # click (no Tab stop of its own) and hands it to its first field, or Add email.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._pass_focus_on()

    def _pass_focus_on(self) -> None:
        self.setFocusProxy(self._rows[0].value_edit if self._rows else self.add_button)

    def set_entries(self, entries: list[Entry]) -> None:
        """Show `entries`, reusing the rows there are (making a row costs milliseconds)."""
        for row in self._rows[len(entries) :]:
            self._remove(row, notify=False)
        self._group.setExclusive(False)  # or a checked "Primary" could not be unchecked
        for row, entry in zip(self._rows, entries, strict=False):
            row.show_entry(entry)
        self._group.setExclusive(True)
        for entry in entries[len(self._rows) :]:
            self.add_entry(entry, notify=False)

    def add_entry(self, entry: Entry, *, notify: bool = True) -> _Row:
        row = _Row(entry, self._placeholder, self._group, self._kind)
        row.name_parts(self._kind, len(self._rows) + 1)
        row.value_edit.textEdited.connect(lambda _t: self.edited.emit())
        row.label_edit.textEdited.connect(lambda _t: self.edited.emit())
        row.primary.toggled.connect(lambda _c: self.edited.emit())
        row.remove_button.clicked.connect(lambda: self._remove(row))
        self._rows.append(row)
        self._rows_layout.addWidget(row)
        self._pass_focus_on()
        if notify:
            row.value_edit.setFocus()
            self.edited.emit()
        return row

    def _remove(self, row: _Row, *, notify: bool = True) -> None:
        self._rows.remove(row)
        self._pass_focus_on()
        self._group.removeButton(row.primary)
        row.setParent(None)
        row.deleteLater()
        for number, remaining in enumerate(self._rows, start=1):
            remaining.name_parts(self._kind, number)
        if notify:
            self.edited.emit()

    def entries(self) -> list[Entry]:
        return [row.entry() for row in self._rows]

    def rows(self) -> list[_Row]:
        return list(self._rows)
