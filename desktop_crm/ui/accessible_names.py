"""A field's accessible name, given to the part a screen reader lands on as well."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


def name_field(field: QWidget, name: str) -> None:
    """An editable combo box shows AT-SPI its line edit as a text field of its own: that
    field gets the name too, or Orca reads "text, blank" (the audit of round 7)."""
    field.setAccessibleName(name)
    line_edit = field.lineEdit() if isinstance(field, QComboBox) else None
    if line_edit is not None:
        line_edit.setAccessibleName(name)
