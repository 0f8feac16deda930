"""The boards' look is painted, not styled: no style sheet below a board (it cost every card
memory), and still the stale bar, the drop target, the Won/Lost titles and the card texts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QFont, QPalette
from PySide6.QtWidgets import QScrollBar, QWidget

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.deals import add_deal, pipeline_stages, pipelines
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.deals_board import DealsBoard
from desktop_crm.ui.boards.mime import DEAL_IDS, ids_mime
from desktop_crm.ui.boards.sales_board import SalesBoard
from desktop_crm.ui.boards.theme import colours


def _stage_ids() -> dict[str, int]:
    return {s.name: s.id for s in pipeline_stages(pipelines()[0][0])}


def _deal(clock, title: str, stage: str = "Qualified", **fields) -> int:
    contact = create_contact(ContactDraft(full_name=f"Contact of {title}"), clock=clock).id
    return add_deal(contact, title, 100_000, stage_id=_stage_ids()[stage], clock=clock, **fields).id


@pytest.fixture
def deals_board(qtbot, clock, runner, settle):
    def make() -> DealsBoard:
        board = DealsBoard(clock, runner)
        qtbot.addWidget(board)
        settle()
        return board

    return make


def _pixel(widget: QWidget, x: int, y: int) -> str:
    return widget.grab().toImage().pixelColor(x, y).name()


def _styled(root: QWidget) -> list[str]:
    """Every widget at or below `root` that carries a style sheet, scroll bars aside."""
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in [root, *root.findChildren(QWidget)]
        if w.styleSheet() and not isinstance(w, QScrollBar)
    ]


def test_no_card_column_or_board_carries_a_style_sheet(
    qtbot, db, clock, runner, settle, deals_board
):
    create_contact(ContactDraft(full_name="Sanne de Wit", company="Bakker Bouw"), clock=clock)
    _deal(clock, "Website")
    sales = SalesBoard(clock, runner)
    qtbot.addWidget(sales)
    settle()
    deals = deals_board()

    assert sales.columns and deals.columns
    # The hint line above a board is one label with its own colour; nothing else.
    assert _styled(sales) == ["QLabel ''"]
    assert _styled(deals) == ["QLabel ''"]


def test_a_stale_card_has_the_warning_bar_down_its_left_edge(qtbot, db, clock, deals_board):
    start = clock.now()
    clock.set(start - timedelta(days=20))
    quiet = _deal(clock, "Gone quiet")
    clock.set(start)
    fresh = _deal(clock, "Still warm")

    board = deals_board()

    cards = {card.item_id: card for card in board.columns[_stage_ids()["Qualified"]].cards}
    for card in cards.values():
        card.resize(180, card.sizeHint().height())
    middle = cards[quiet].height() // 2
    assert _pixel(cards[quiet], 2, middle) == colours()["stale"]
    assert _pixel(cards[fresh], 2, middle) == colours()["card"]
    assert _pixel(cards[fresh], 90, 0) == colours()["card_border"]


def test_a_column_under_a_drag_of_its_cards_is_painted_as_the_drop_target(
    qtbot, db, clock, deals_board
):
    deal = _deal(clock, "Website")
    board = deals_board()
    column = board.columns[_stage_ids()["Proposal"]]
    board.resize(1400, 500)
    size = column.grab().size()
    inside = (size.width() // 2, size.height() - 5)  # below the one card, inside the border

    assert _pixel(column, *inside) == colours()["column"]
    mime = ids_mime(DEAL_IDS, [deal])  # kept: the event does not own it
    enter = QDragEnterEvent(
        QPointF(100, 150),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    column.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert _pixel(column, *inside) == colours()["drop"]
    column.dragLeaveEvent(QDragLeaveEvent())
    assert _pixel(column, *inside) == colours()["column"]


def test_won_and_lost_columns_show_their_titles_in_their_colours(qtbot, db, clock, deals_board):
    board = deals_board()
    stages = _stage_ids()

    def title_colour(name: str) -> str:
        label = board.columns[stages[name]].title.label
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    assert title_colour("Won") == colours()["won"]
    assert title_colour("Lost") == colours()["lost"]
    assert title_colour("Proposal") == colours()["text"]


def test_card_texts_keep_their_weights_and_a_late_close_date_its_colour(
    qtbot, db, clock, deals_board
):
    _deal(clock, "Website", expected_close=clock.now().date() - timedelta(days=3))
    board = deals_board()

    card: BoardCard = board.columns[_stage_ids()["Qualified"]].cards[0]
    labels = {label.objectName(): label for label in card.findChildren(QWidget)}
    assert labels["cardTitle"].font().weight() == QFont.Weight.DemiBold
    assert labels["cardStrong"].font().weight() == QFont.Weight.DemiBold
    late = labels["cardLate"].palette().color(QPalette.ColorRole.WindowText)
    assert late == QColor(colours()["late"])
    muted = labels["cardText"].palette().color(QPalette.ColorRole.WindowText)
    assert muted == QColor(colours()["muted"])
