"""The shape the detail pane's list tabs share: an optional entry row, the list, and
right-aligned action buttons under it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


def arrange_list_box(
    owner: QWidget,
    main: QWidget,
    actions: Sequence[QWidget],
    entry_row: Sequence[tuple[QWidget, int]] = (),
) -> QVBoxLayout:
    """Lay out `owner`: `entry_row` (widget, stretch) pairs on top, `main` taking the
    height, `actions` at the bottom right."""
    layout = QVBoxLayout(owner)
    if entry_row:
        row = QHBoxLayout()
        for widget, stretch in entry_row:
            row.addWidget(widget, stretch)
        layout.addLayout(row)
    layout.addWidget(main, 1)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    for button in actions:
        buttons.addWidget(button)
    layout.addLayout(buttons)
    return layout


def add_empty_note(list_widget: QListWidget, text: str) -> QListWidgetItem:
    """An empty tab says what belongs in it; the note cannot be selected or acted on."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    list_widget.setWordWrap(True)
    list_widget.addItem(item)
    return item
