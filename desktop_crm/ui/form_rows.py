"""A labelled form row whose label is the field's buddy (Alt+letter) and whose field is named."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop_crm.ui.accessible_names import name_field


def add_named_row(form: QFormLayout, text: str, field: QWidget, name: str) -> QLabel:
    """`text` carries the mnemonic ("&Language:"); `name` is what a screen reader says."""
    label = QLabel(text)
    label.setBuddy(field)
    name_field(field, name)
    form.addRow(label, field)
    return label
