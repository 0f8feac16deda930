"""The shape the detail pane's list tabs share: an optional entry row, the list, and
right-aligned action buttons under it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)


def arrange_list_box(
    owner: QWidget,
    main: QWidget,
    actions: Sequence[QWidget],
    entry_row: Sequence[tuple[QWidget, int]] = (),
) -> QVBoxLayout:
    """Lay out `owner`: `entry_row` (widget, stretch) pairs on top, `main` taking the
    height, `actions` at the bottom right."""
    if isinstance(main, QAbstractItemView):
        give_context_menu(main, actions)
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


def fill_list(list_widget: QListWidget, rows: Iterable[tuple[str, object]], empty: str) -> None:
    """The list's items, each (text, data kept under UserRole), or the empty note."""
    list_widget.clear()
    for text, data in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        list_widget.addItem(item)
    if not list_widget.count():
        add_empty_note(list_widget, empty)


def context_menu_for(buttons: Sequence[QWidget], parent: QWidget) -> QMenu:
    """The tab's buttons as a menu, each as enabled as its button is now."""
    menu = QMenu(parent)
    for button in buttons:
        if isinstance(button, QAbstractButton) and not button.isHidden():
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
    return menu


def give_context_menu(view: QAbstractItemView, buttons: Sequence[QWidget]) -> None:
    """Right-click, Shift+F10 or the Menu key on the list offers what its buttons do."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = context_menu_for(buttons, view)
        if not menu.isEmpty():
            menu.exec(view.viewport().mapToGlobal(pos))

    view.customContextMenuRequested.connect(show)
