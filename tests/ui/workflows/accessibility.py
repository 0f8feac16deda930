"""What a screen reader hears: each focusable control's accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QScrollArea,
    QTabBar,
    QWidget,
)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def accessible_description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description).strip() if interface is not None else ""


def unnamed_controls(root: QWidget) -> list[str]:
    """Every control a user can Tab to, shown, without a name (class and object path)."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QScrollArea) and widget.widget() is not None:
            continue  # a scroll area around a form: the form's fields carry the names
        if isinstance(widget, QLabel) and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue  # selectable text, not a Tab stop: a label reads its own text
        if isinstance(widget, QTabBar):
            continue  # each tab's title is its name
        if widget.parent() is not None and widget.parent().inherits("QAbstractSpinBox"):
            continue  # a spin box's inner line edit: the spin box carries the name
        if not accessible_name(widget):
            missing.append(
                f"{type(widget).__name__} in {type(widget.parent()).__name__}{_hint(widget)}"
            )
    return missing


def labelled_by(widget: QWidget) -> list[str]:
    """The texts of the labels Qt reports as labelling `widget` (a buddy label beside it)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return []
    relations = interface.relations(QAccessible.RelationFlag.Label)
    return [label.text(QAccessible.Text.Name).strip() for label, _flag in relations]


def unlabelled_combo_boxes(root: QWidget) -> list[str]:
    """Every shown combo box a user can Tab to that no label labels: on Linux its own name
    is its current value, so without a label a screen reader says only the value. A box in
    a table's cell counts too: the column header is not said when the box takes the focus."""
    return [
        f"{type(box.parent()).__name__}{_hint(box)}"
        for box in root.findChildren(QComboBox)
        if box.isVisibleTo(root)
        and box.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not any(labelled_by(box))
    ]


def _hint(widget: QWidget) -> str:
    """Which one it is: its object name, text or tooltip, when it has one."""
    for read in ("objectName", "text", "placeholderText", "toolTip", "currentText"):
        value = getattr(widget, read, None)
        value = value() if callable(value) else None
        if isinstance(value, str) and value.strip():
            return f" ({read} {value.strip()[:40]!r})"
    return ""
