"""The boards' look is painted, not styled: no style sheet below a board (it cost every card
memory), and still the stale bar, the drop target, the Won/Lost titles and the card texts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QHelpEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollBar, QToolTip, QWidget

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.deals import add_deal, pipeline_stages, pipelines
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.boards import card as card_module
from desktop_crm.ui.boards.card import DEFAULT_WIDTH, BoardCard
from desktop_crm.ui.boards.deals_board import DealsBoard
from desktop_crm.ui.boards.mime import DEAL_IDS, ids_mime
from desktop_crm.ui.boards.sales_board import SalesBoard
from desktop_crm.ui.boards.theme import colours
from tests.ui.event_probes import PaintCounter, python_calls_for_events


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
        QPoint(100, 150),  # PySide6 6.11 takes a QPoint here (6.12 a QPointF)
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


def test_a_card_is_one_widget_that_paints_its_lines_in_their_looks(qtbot, db, clock, deals_board):
    _deal(clock, "Website", expected_close=clock.now().date() - timedelta(days=3))
    board = deals_board()

    card: BoardCard = board.columns[_stage_ids()["Qualified"]].cards[0]
    assert card.findChildren(QWidget) == []  # no labels: they held 3 MB on two boards
    assert [(line.role, line.right_role if line.right else "") for line in card.lines] == [
        ("cardTitle", ""),
        ("cardText", ""),
        ("cardStrong", "cardLate"),
    ]
    card.resize(200, card.heightForWidth(200))
    image = card.grab().toImage()
    late = QColor(colours()["late"])
    right_half = [
        image.pixelColor(x, y) for x in range(100, image.width()) for y in range(image.height())
    ]
    assert late in right_half  # the late close date, in its colour


def test_a_screen_reader_hears_the_title_then_the_other_lines(qtbot, db, clock, deals_board):
    _deal(clock, "Website", expected_close=clock.now().date() + timedelta(days=30))
    board = deals_board()

    card: BoardCard = board.columns[_stage_ids()["Qualified"]].cards[0]
    assert card.accessibleName() == "Website"
    # The other lines in order; the close date by its tooltip, then the column it is in.
    contact, value, _date = card.texts()[1:]
    assert card.accessibleDescription() == ", ".join(
        [contact, value, card.lines[2].tip, "Stage: Qualified"]
    )
    assert "Contact of Website" in card.accessibleDescription()


def test_long_texts_wrap_and_a_pair_too_wide_takes_two_lines(qtbot, db, clock, deals_board):
    _deal(clock, "Onderhoudscontract voor alle vestigingen in Noord-Holland en Utrecht")
    board = deals_board()

    card: BoardCard = board.columns[_stage_ids()["Qualified"]].cards[0]
    card.add_pair("€ 1.234.567,89", "31 december 2027")
    wide, narrow = card.heightForWidth(600), card.heightForWidth(150)
    assert narrow > wide
    *_rest, (_line, area, right) = card._placed(150)
    assert right is not None and right.top() > area.top()  # the date on its own line
    *_rest, (_line, area, right) = card._placed(600)
    assert right is not None and right.top() == area.top()


def test_a_cards_height_follows_a_new_line_the_stale_bar_and_a_bigger_font(qtbot):
    # Its places are kept per width (a layout asks ~25 times per card): each change drops them.
    card = BoardCard(1, DEAL_IDS)
    qtbot.addWidget(card)
    card.add_title("Onderhoudscontract voor alle vestigingen")
    one_line = card.heightForWidth(200)
    card.add_text("Jan de Vries, Bakkerij de Vries")
    two_lines = card.heightForWidth(200)
    assert two_lines > one_line

    inset = card._placed(200)[0][1].left()
    card.set_flag("stale")
    assert card._placed(200)[0][1].left() > inset  # room for the bar down the left edge

    before = card.heightForWidth(200)
    font = card.font()
    font.setPointSize(font.pointSize() * 2)
    card.setFont(font)
    assert card.heightForWidth(200) > before


def test_a_cards_ordinary_events_run_no_python(qtbot):
    # A board's first show sent its cards some 3,000 events, each through a Python event().
    card = BoardCard(1, DEAL_IDS)
    qtbot.addWidget(card)
    card.add_title("Website")
    card.resize(200, card.heightForWidth(200))

    assert python_calls_for_events(card, card_module) == []


def test_the_mouse_over_a_card_repaints_its_border(qtbot):
    card = BoardCard(1, DEAL_IDS)
    qtbot.addWidget(card)
    card.add_title("Website")
    card.resize(200, card.heightForWidth(200))
    card.show()
    qtbot.waitExposed(card)
    middle_of_border = (card.width() // 2, 0)
    resting = _pixel(card, *middle_of_border)
    QApplication.processEvents()
    paints = PaintCounter(card)

    QTest.mouseMove(card, card.rect().center())
    qtbot.waitUntil(lambda: card.underMouse() and paints.count > 0)
    assert _pixel(card, *middle_of_border) != resting


def test_tooltips_follow_the_line_under_the_mouse(qtbot, db, clock, deals_board):
    # Shown by the board: a card passes ToolTip events up (no Python event() per card).
    start = clock.now()
    clock.set(start - timedelta(days=20))
    _deal(clock, "Gone quiet", expected_close=start.date() + timedelta(days=30))
    clock.set(start)
    board = deals_board()
    board.resize(1200, 700)
    board.show()
    qtbot.waitExposed(board)

    card: BoardCard = board.columns[_stage_ids()["Qualified"]].cards[0]
    placed = card._placed(card.width())
    (_t, title, _r), _contact, (_p, _pair, date_rect), (_b, badge, _r3) = placed
    assert date_rect is not None
    for at, expected in [
        (date_rect.center(), "Expected to close on "),
        (badge.center(), "No activity for 20 days"),
        (title.center(), "Click to open the contact, drag to move the deal"),
    ]:
        help_event = QHelpEvent(QEvent.Type.ToolTip, at, card.mapToGlobal(at))
        QApplication.sendEvent(card, help_event)
        assert QToolTip.isVisible()
        assert QToolTip.text().startswith(expected)
        QToolTip.hideText()


def test_a_new_card_places_its_lines_only_at_the_width_it_is_asked_for(qtbot):
    # Before a layout sizes it, a card is Qt's default 640 px wide: its minimum size must not
    # place the lines at that width too (about 45 µs a card, four places a card on a first show).
    card = BoardCard(1, DEAL_IDS)
    qtbot.addWidget(card)
    card.add_title("Onderhoudscontract voor alle vestigingen")
    card.add_text("Jan de Vries")

    card.sizeHint()
    card.minimumSizeHint()
    assert list(card._placements) == [DEFAULT_WIDTH]
    card.resize(150, card.heightForWidth(150))
    assert card.minimumSizeHint().height() == card.heightForWidth(150)
