"""What the Sales and Deals boards share: their signals, the runner and clock, the layout,
the card menu shown last, refused moves reported, and a frameless, see-through scroll area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QScrollArea, QToolTip, QVBoxLayout, QWidget

from desktop_crm.domain.clock import Clock
from desktop_crm.errors import UserError
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.card_menu import show_menu
from desktop_crm.ui.boards.sales_moves import MoveResult
from desktop_crm.ui.boards.theme import scroll_bar_style
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import muted_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.boards.column import BoardColumn


class Board(QWidget):
    """A board tab (a `TabView`); subclasses read and show their columns."""

    open_contact_requested = Signal(int)
    loaded = Signal()  # a read arrived and is shown
    columns: Mapping[Any, BoardColumn]  # each subclass's, by its stage

    def __init__(
        self,
        clock: Clock,
        runner: OperationRunner,
        parent: QWidget | None,
        *,
        per_column: int,
        undo_stack: QUndoStack | None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._runner = runner
        self.undo_stack = undo_stack  # the window's: a move is one step of Edit › Undo
        self.per_column = per_column
        self.card_menu: QMenu | None = None  # the menu shown last (tests pick from it)
        self.board_layout = QVBoxLayout(self)
        self.board_layout.setContentsMargins(12, 10, 12, 12)
        self.board_layout.setSpacing(8)

    @property
    def is_building(self) -> bool:
        """A column is still making its cards, a batch per turn."""
        return any(column.is_building for column in self.columns.values())

    @staticmethod
    def hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(muted_text_style())
        label.setWordWrap(True)
        return label

    def event(self, event: QEvent) -> bool:
        # The cards' tooltips, here rather than in each card: a card's own event() ran in
        # Python for every Qt event of every card (some 3,000 on the Deals board's first
        # show); a card with no Qt tooltip passes the ToolTip event up to its board, which
        # gets a few dozen events of its own on a first show (its six columns some 200).
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            card = self.childAt(event.pos())
            if isinstance(card, BoardCard):
                tip = card.tip_at(card.mapFrom(self, event.pos()))
                if tip:
                    QToolTip.showText(event.globalPos(), tip, card)
                    return True
        return super().event(event)

    def popup(self, menu: QMenu, at: QPoint) -> QMenu:
        self.card_menu = show_menu(menu, at)
        return menu

    def run_move(self, command: QUndoCommand) -> None:
        """Pushing runs it (off the GUI thread, through the runner); Edit › Undo takes it back."""
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()

    def _moved(self, result: MoveResult) -> None:
        if result.errors:  # the moved ones stay moved; say which were refused, in one place
            self._runner.report(UserError("\n".join(result.errors)), self)


def scroll_area(content: QWidget, name: str, *, scrolls: Qt.Orientation) -> QScrollArea:
    """A frameless scroll area that scrolls one way only (a column down, a board across),
    showing what lies behind it (a column's painted panel)."""
    scroll = QScrollArea()
    scroll.setObjectName(name)  # not user-visible
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    # Not a Tab stop: the cards are, and the area scrolls to the one with the focus. As a
    # stop of its own it was a nameless "filler" to a screen reader (the AT-SPI audit).
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    if scrolls == Qt.Orientation.Vertical:
        scroll.setHorizontalScrollBarPolicy(off)
        scroll.verticalScrollBar().setStyleSheet(scroll_bar_style(scrolls))
    else:
        scroll.setVerticalScrollBarPolicy(off)
        scroll.horizontalScrollBar().setStyleSheet(scroll_bar_style(scrolls))
    scroll.setWidget(content)
    content.setAutoFillBackground(False)  # setWidget turned it on
    scroll.viewport().setAutoFillBackground(False)
    return scroll
