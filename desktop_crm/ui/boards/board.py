"""What the Sales and Deals boards share: their signals, the runner and clock, the layout,
the card menu shown last, refused moves reported, and a frameless, see-through scroll area."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping
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
    built = Signal()  # is_building has just turned false: every column's cards are made
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
        # How many cards each column shows, once "Show more" was pressed in it. A refresh
        # keeps them: a move or an edit should not take away the cards the user asked for.
        self.wanted: dict[Hashable, int] = {}
        # Reads of the whole board and of one column run on several query threads and may
        # come back out of order: each remembers when it was asked, and an older one does
        # not undo what a newer one showed.
        self._asked = itertools.count()
        self._board_asked = -1
        self._column_asked: dict[Hashable, int] = {}
        self.card_menu: QMenu | None = None  # the menu shown last (tests pick from it)
        self.board_layout = QVBoxLayout(self)
        self.board_layout.setContentsMargins(12, 10, 12, 12)
        self.board_layout.setSpacing(8)

    @property
    def is_building(self) -> bool:
        """A column is still making its cards, a batch per turn."""
        return any(column.is_building for column in self.columns.values())

    def watch_building(self, column: BoardColumn) -> None:
        """Each column a subclass makes: `built` follows when the last one's cards are made,
        and its "Show more" reads that column's next page."""
        column.cards_made.connect(self._tell_if_built)
        column.more_requested.connect(self.show_more)

    def shows(self, key: Hashable) -> int:
        """How many cards the column of `key` shows (if it has as many)."""
        return self.wanted.get(key, self.per_column)

    def show_more(self, key: Hashable) -> None:
        """A page more in one column, read off the GUI thread by the subclass."""
        self.wanted[key] = self.shows(key) + self.per_column
        self._column_asked[key] = next(self._asked)
        self.read_column(key, self.wanted[key], self._column_asked[key])

    def read_column(self, key: Hashable, limit: int, asked: int) -> None:
        """Read the first `limit` cards of one column and show them (`column_is_current`)."""
        raise NotImplementedError

    def ask_board(self) -> int:
        """A read of every column is asked: what it finds is newer than the column reads before."""
        self._board_asked = next(self._asked)
        return self._board_asked

    def column_is_current(self, key: Hashable, asked: int) -> bool:
        """Whether a read asked at `asked` is the newest for this column."""
        return asked >= max(self._board_asked, self._column_asked.get(key, -1))

    def _tell_if_built(self) -> None:
        if not self.is_building:
            self.built.emit()

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
