"""What a board is to a screen reader: a column's cards are a list, each card a list item
("list item, 3 of 20"), not the "panel" Qt makes of any frame."""

from __future__ import annotations

import atexit
import weakref

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

from desktop_crm.ui.boards.card import BoardCard

CARD_LIST = "columnCards"  # the object name of a column's box of cards (column.py)
_installed = False
_closing = False
_made: weakref.WeakSet[QAccessibleInterface] = weakref.WeakSet()  # alive while Qt holds them


class CardAccessible(QAccessibleWidget):
    """A card as a list item; its name and description stay the card's own (card.py)."""

    def __init__(self, card: QWidget):
        super().__init__(card, QAccessible.Role.ListItem)


class CardListAccessible(QAccessibleWidget):
    """A column's cards as a list named by the column. It holds the cards in the order
    shown, not the order they were made in (its QObject children), nor the "none yet" and
    "and 12 more" labels beside them: a card's place in it is the one a user sees."""

    def __init__(self, box: QWidget):
        super().__init__(box, QAccessible.Role.List)

    def _column(self) -> QWidget | None:
        column = self.widget().parentWidget()  # the box sits in the column's scroll area
        while column is not None and not hasattr(column, "cards"):
            column = column.parentWidget()
        return column

    def _cards(self) -> list[BoardCard]:
        return list(getattr(self._column(), "cards", []))

    def text(self, t: QAccessible.Text) -> str:
        column = self._column()
        if t == QAccessible.Text.Name and column is not None:
            return column.accessibleName()
        return super().text(t)

    def childCount(self) -> int:
        return len(self._cards())

    # Qt's contract is nullptr for an index out of range; PySide's stub says never None.
    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        cards = self._cards()
        if 0 <= index < len(cards):
            return QAccessible.queryAccessibleInterface(cards[index])
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        cards = self._cards()
        card = child.object()
        return cards.index(card) if card in cards else -1


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    made: QAccessibleInterface | None = None
    if _closing:
        return None  # Qt's own interfaces from here (PySide6 cannot remove a factory)
    if isinstance(obj, BoardCard):
        made = CardAccessible(obj)
    elif isinstance(obj, QWidget) and obj.objectName() == CARD_LIST:
        made = CardListAccessible(obj)
    if made is not None:
        _made.add(made)
    return made


def _forget_interfaces() -> None:
    """Delete the interfaces made here while Python still runs: Qt deleted those of widgets
    still alive when the interpreter was already shutting down, and crashed (a segfault
    after the last test, one run in three)."""
    global _closing
    _closing = True
    for made in list(_made):
        if shiboken6.isValid(made):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))


def install_board_roles() -> None:
    """Once per process, before a board is shown: Qt asks the factories for an object's
    interface the first time it is asked for, and keeps it until the object goes."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        atexit.register(_forget_interfaces)
        _installed = True
