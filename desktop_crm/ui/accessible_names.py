"""A field's accessible name, given to the part a screen reader lands on as well."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget


def name_field(field: QWidget, name: str) -> None:
    """An editable combo box shows AT-SPI its line edit as a text field of its own: that
    field gets the name too, or Orca reads "text, blank" (the audit of round 7)."""
    field.setAccessibleName(name)
    line_edit = field.lineEdit() if isinstance(field, QComboBox) else None
    if line_edit is not None:
        line_edit.setAccessibleName(name)


class LabelledCell(QWidget):
    """A control for a table's cell, named for a screen reader by a label that is never shown:
    on Linux a combo box's own name is its value, so only a buddy label (a sibling) says
    what it is for, and a cell has no room for a visible one (its column header is that)."""

    def __init__(self, field: QWidget, name: str):
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field)
        self.field = field
        self.label = QLabel(name, self)
        self.label.setBuddy(field)
        self.label.hide()
        name_field(field, name)  # where the name is the control's own (Windows, macOS)


def label_editor(editor: QWidget, name: str) -> None:
    """A delegate's editor in a table's cell, named as `LabelledCell` names a cell's control:
    by a label that is never shown, beside it (Qt finds a buddy label only among a control's
    siblings), and gone with it."""
    parent = editor.parentWidget()
    label = QLabel(name, parent)
    label.setBuddy(editor)
    label.hide()
    editor.destroyed.connect(label.deleteLater)
    name_field(editor, name)
