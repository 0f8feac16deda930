"""A board column: a header with its count, a summary line, a list of cards, and a drop target."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.ui.boards.accessible_roles import CARD_LIST, install_board_roles
from desktop_crm.ui.boards.board import scroll_area
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.editable_title import EditableTitle
from desktop_crm.ui.boards.mime import ids_from_mime
from desktop_crm.ui.boards.painted import Pill, paint_panel, set_role, set_text_colour

COLUMN_MIN_WIDTH = 170
# New cards made per column and turn of the event loop. The columns' batches land in one
# turn with the board's layout and paint: at 4 a column (24 cards) a later batch became the
# Deals board's longest turn once its columns were built apart (16 ms of CPU at 100k), at 2
# the longest is 9-10 ms, for a few more turns in all.
CARD_BATCH = 2


class BoardColumn(QFrame):
    ids_dropped = Signal(object, list)  # column key, ids
    title_edited = Signal(object, str)  # column key, new title
    card_activated = Signal(int)
    card_menu_requested = Signal(object, int, QPoint)  # column key, item id, global position
    cards_made = Signal()  # the cards of the last set_items are all made (is_building false)
    more_requested = Signal(object)  # column key: "Show more" was pressed

    def __init__(
        self,
        key: Hashable,
        mime_type: str,
        title: str,
        *,
        editable_title: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        install_board_roles()
        self.key = key
        self.mime_type = mime_type
        self.setObjectName("boardColumn")  # not user-visible
        self.setAcceptDrops(True)
        self.setMinimumWidth(COLUMN_MIN_WIDTH)
        self.cards: list[BoardCard] = []
        self._by_item: dict[Hashable, BoardCard] = {}  # the item each shown card stands for
        self._spare: dict[Hashable, BoardCard] = {}  # cards not placed (yet) by set_items
        self._generation = 0
        self.is_building = False  # new cards are still being made, a batch per turn
        # A Python attribute, not a Qt property: PySide6 6.12's property() of a name never
        # set returns None without a reference, and every paint asked (a crash at exit).
        self.drop_target = False  # a drag of our cards hovers over this column

        outer = QVBoxLayout(self)
        outer.setContentsMargins(9, 11, 9, 9)  # inside the 1 px border
        outer.setSpacing(6)

        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        self.title: EditableTitle | QLabel
        if editable_title:
            self.title = EditableTitle(title)
            self.title.edited.connect(lambda text: self.title_edited.emit(self.key, text))
        else:
            self.title = QLabel(title)
            set_role(self.title, "columnTitle")
        self.count_label = Pill("columnCount", "count", radius=9, padding=8)
        header.addWidget(self.title, 1)
        header.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        self.summary_label = QLabel()
        set_role(self.summary_label, "columnSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setContentsMargins(4, 0, 4, 2)
        self.summary_label.hide()
        outer.addWidget(self.summary_label)

        self._cards_box = QWidget()
        self._cards_box.setObjectName(CARD_LIST)  # not user-visible; a list to a screen reader
        self._cards_layout = QVBoxLayout(self._cards_box)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.setSpacing(6)
        self.empty_label = QLabel()
        set_role(self.empty_label, "columnEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more_label = QLabel()
        set_role(self.more_label, "columnMore")
        self.more_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more_label.setWordWrap(True)
        # The cards behind "and N more" are reached a page at a time; the board reads them.
        self.more_button = QPushButton(_("Show more"))
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(lambda: self.more_requested.emit(self.key))
        self.more_button.hide()
        # Neither "No deals" nor an empty count before the column's first read has come.
        self.empty_label.hide()
        self.count_label.hide()
        self._cards_layout.addWidget(self.empty_label)
        self._cards_layout.addWidget(self.more_label)
        self._cards_layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._cards_layout.addStretch(1)

        scroll = scroll_area(self._cards_box, "columnScroll", scrolls=Qt.Orientation.Vertical)
        self.scroll_area = scroll
        outer.addWidget(scroll, 1)
        self._name_for_screen_readers()

    # --- content --------------------------------------------------------------------------

    def set_title(self, text: str) -> None:
        if isinstance(self.title, EditableTitle):
            self.title.set_text(text)
        else:
            self.title.setText(text)
        self._name_for_screen_readers()
        for card in self.cards:
            card.set_column(text)

    def title_text(self) -> str:
        return self.title.text()

    def set_closing(self, kind: str) -> None:
        """A Won or Lost column: its title in that stage's colour."""
        self.setProperty("closing", kind)
        label = self.title.label if isinstance(self.title, EditableTitle) else self.title
        set_text_colour(label, kind if kind in ("won", "lost") else "text")

    def set_count(self, count: int) -> None:
        self.count = count
        self.count_label.setText(format_number(count))
        self.count_label.show()
        self._name_for_screen_readers()

    def set_summary(self, text: str) -> None:
        self.summary_label.setText(text)
        self.summary_label.setVisible(bool(text))
        self._name_for_screen_readers()

    def _name_for_screen_readers(self) -> None:
        """The column as a screen reader hears it when a card in it gets the focus: its
        title, then how many cards and (Deals) its value."""
        self.setAccessibleName(self.title_text())
        self.more_button.setAccessibleName(
            _("Show more of {title}").format(title=self.title_text())
        )
        count = getattr(self, "count", None)
        said = (
            []
            if count is None
            else [
                ngettext("{count} card", "{count} cards", count).format(count=format_number(count))
            ]
        )
        if self.summary_label.text():
            said.append(self.summary_label.text())
        self.setAccessibleDescription(", ".join(said))

    def set_empty_text(self, text: str) -> None:
        self.empty_label.setText(text)

    def _show_counts(self, hidden: int) -> None:
        self.empty_label.setVisible(not self.cards)
        self.more_label.setVisible(hidden > 0)
        self.more_button.setVisible(hidden > 0)
        if hidden > 0:
            self.more_label.setText(
                ngettext("and {count} more", "and {count} more", hidden).format(
                    count=format_number(hidden)
                )
            )
            self.more_button.setAccessibleDescription(self.more_label.text())

    def set_items(
        self, items: Sequence[Hashable], make_card: Callable[[Any], BoardCard], hidden: int = 0
    ) -> None:
        """Show a card per item; an item shown before keeps its card (no delete and rebuild).

        New cards are made CARD_BATCH at a time, the rest on the next turns of the event
        loop: a card costs about 2 ms, and a whole board at once froze the window for 2 s."""
        self._show_counts(hidden)
        self.empty_label.setVisible(not items)  # what will show, not what shows now
        if list(items) == list(self._by_item) and not self._spare:
            return  # the same cards in the same order
        self._generation += 1
        self._spare.update(self._by_item)  # reusable, with any left by an unfinished build
        self._by_item = {}
        for card in self.cards:
            self._cards_layout.removeWidget(card)  # re-inserted in the new order below
        self.cards = []
        self._append(list(items), make_card, self._generation)

    def clear_cards(self) -> None:
        """Forget every card (a setting changed how cards look): the next set_items makes
        them anew instead of reusing them."""
        self._generation += 1
        for card in [*self.cards, *self._spare.values()]:
            self._cards_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards, self._by_item, self._spare = [], {}, {}

    def _append(
        self, items: list[Hashable], make_card: Callable[[Any], BoardCard], generation: int
    ) -> None:
        if generation != self._generation:
            return  # a newer set_items took over (and the spare cards with it)
        made = 0
        while items:
            card = self._spare.pop(items[0], None)
            if card is None:
                if made == CARD_BATCH:
                    self.is_building = True
                    QTimer.singleShot(0, self, lambda: self._append(items, make_card, generation))
                    return
                card = make_card(items[0])
                card.activated.connect(self.card_activated)
                card.menu_requested.connect(
                    lambda item, at: self.card_menu_requested.emit(self.key, item, at)
                )
                made += 1
            card.set_column(self.title_text())
            self._by_item[items.pop(0)] = card
            self._cards_layout.insertWidget(len(self.cards), card)
            self.cards.append(card)
        for gone in self._spare.values():
            gone.hide()
            gone.deleteLater()
        self._spare = {}
        self.is_building = False
        # Tab goes through the cards as they are shown: by default it follows the order the
        # cards were made in, and a card made for a new contact at the top came last.
        for before, after in zip(self.cards, self.cards[1:], strict=False):
            QWidget.setTabOrder(before, after)
        if self.cards:  # then "Show more", after the last card rather than where Qt put it
            QWidget.setTabOrder(self.cards[-1], self.more_button)
        self.empty_label.setVisible(not self.cards)
        self.cards_made.emit()

    def card_for(self, item_id: int) -> BoardCard | None:
        return next((card for card in self.cards if card.item_id == item_id), None)

    def card_ids(self) -> list[int]:
        return [card.item_id for card in self.cards]

    # --- drops ------------------------------------------------------------------------------

    def accepts(self, mime: QMimeData) -> bool:
        return bool(ids_from_mime(mime, self.mime_type))

    def drop_mime(self, mime: QMimeData) -> bool:
        """Handle a drop of `mime` on this column; True when it carried ids for us."""
        ids = ids_from_mime(mime, self.mime_type)
        self._set_drop_target(False)
        if not ids:
            return False
        self.ids_dropped.emit(self.key, ids)
        return True

    def _set_drop_target(self, on: bool) -> None:
        if self.drop_target == on:
            return
        self.drop_target = on
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.drop_target:
            paint_panel(self, "drop", "drop_border", 8, border_width=2, dashed=True)
        else:
            paint_panel(self, "column", "column_border", 8)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_drop_target(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_target(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.drop_mime(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()
