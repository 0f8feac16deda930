"""Custom fields as rows of the contact form: the defined ones in their order, then any value
the contact keeps under a field that is no longer defined (still editable, so it can be
corrected or emptied, which removes it)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.custom_fields import MAX_VALUE, first_values
from desktop_crm.ui.style import error_text_style, muted_text_style


class CustomFieldRows(QObject):
    """Owns the rows of `form` from its current end on; rebuilt only when the keys change."""

    edited = Signal()

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        super().__init__(parent)
        self._form = form
        self._first_row = form.rowCount()
        self._keys: list[str] = []
        self._defined: list[str] = []
        self.edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}

    @property
    def defined(self) -> list[str]:
        return list(self._defined)

    def show(self, defined: list[str] | None, values: Iterable[tuple[str, str]]) -> None:
        """The rows for `defined` (None: the ones shown now) holding `values`."""
        if defined is not None:
            self._defined = list(defined)
        stored = first_values(values)  # a key twice (after a merge): the first one
        extra = [key for key in stored if key not in self._defined]
        keys = [*self._defined, *extra]
        if keys != self._keys:
            self._rebuild(extra)
        for key, edit in self.edits.items():
            edit.setText(stored.get(key, ""))

    def _rebuild(self, extra: list[str]) -> None:
        while self._form.rowCount() > self._first_row:
            self._form.removeRow(self._first_row)
        self.edits.clear()
        self._errors.clear()
        for key in self._defined:
            self._add(key)
        if extra:
            note = QLabel(_("Kept from before, no longer a field in Settings › Custom fields:"))
            note.setWordWrap(True)
            note.setStyleSheet(muted_text_style())
            self._form.addRow(note)
            for key in extra:
                self._add(key)
        self._keys = [*self._defined, *extra]

    def _add(self, key: str) -> None:
        edit = QLineEdit()
        edit.setAccessibleName(key)  # a screen reader (and a test) finds it by the field's name
        edit.setToolTip(_("At most {limit} characters.").format(limit=MAX_VALUE))
        edit.textEdited.connect(lambda _text: self.edited.emit())
        error = QLabel()
        error.setStyleSheet(error_text_style())
        error.setWordWrap(True)
        error.hide()
        holder = QVBoxLayout()
        holder.setSpacing(2)
        holder.addWidget(edit)
        holder.addWidget(error)
        label = QLabel(key)
        label.setBuddy(edit)
        self._form.addRow(label, holder)
        self.edits[key] = edit
        self._errors[key] = error

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def show_error(self, key: str, message: str) -> bool:
        label = self._errors.get(key)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()
            label.setText("")

    def error_text(self, key: str) -> str:
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""
