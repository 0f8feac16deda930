"""A board card's context menu: Open contact, Move to › each other stage, and board extras."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QWidget

from desktop_crm.i18n import _


@dataclass(frozen=True)
class MenuItem:
    """One entry; `enabled` False shows it greyed (a Won… on a deal already won)."""

    text: str
    run: Callable[[], None]
    enabled: bool = True


def card_menu(
    parent: QWidget,
    *,
    open_contact: Callable[[], None],
    stages: Sequence[tuple[Hashable, str]],
    current: Hashable,
    move_to: Callable[[Hashable], None],
    extras: Sequence[MenuItem] = (),
) -> QMenu:
    """The menu both boards show; a move goes through the board's drop rules."""
    menu = QMenu(parent)
    menu.setAccessibleName(_("Card menu"))
    opened = menu.addAction(_("&Open contact"))
    opened.triggered.connect(open_contact)
    moves = menu.addMenu(_("&Move to"))
    moves.setAccessibleName(_("Move to"))
    for key, title in stages:
        action = moves.addAction(title)
        action.setEnabled(key != current)
        action.triggered.connect(lambda _checked=False, key=key: move_to(key))
    if extras:
        menu.addSeparator()
    for item in extras:
        action = menu.addAction(item.text)
        action.setEnabled(item.enabled)
        action.triggered.connect(item.run)
    return menu


def show_menu(menu: QMenu, at: QPoint) -> QMenu:
    """Non-blocking, so the event loop runs on (and tests can pick an item)."""
    menu.aboutToHide.connect(menu.deleteLater)
    menu.popup(at)
    return menu
