"""What a screen reader hears on the painted boards: a card says who or what it is, the
rest of its lines, and the column (stage) it sits in; a column says its title, count and
value. A card moved to another column says its new stage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QUndoStack
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import set_language
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.deals import add_deal
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.boards.deals_board import DealsBoard
from desktop_crm.ui.boards.sales_board import SalesBoard
from tests.ui.test_board_card_menus import _board, _stages, context_keys  # noqa: F401 (fixture)
from tests.ui.workflows.accessibility import accessible_description, accessible_name


@pytest.mark.parametrize(
    "language, stage_said", [("en", "Stage: Prospect"), ("nl", "Fase: Prospect")]
)
def test_a_contact_card_says_its_name_company_and_stage(
    qtbot, clock, runner, bus, settle, language, stage_said
):
    set_language(language)
    contact = create_contact(
        ContactDraft(full_name="Sanne de Wit", company="Wit & Co", stage="prospect"), clock=clock
    )
    board = _board(qtbot, bus, settle, SalesBoard(clock, runner))
    column = board.columns[Stage.PROSPECT]
    card = column.card_for(contact.id)
    assert card is not None
    assert accessible_name(card) == "Sanne de Wit"
    assert accessible_description(card) == f"Wit & Co, {stage_said}"
    assert accessible_name(column) == Stage.PROSPECT.label
    assert accessible_description(column).startswith("1 ")  # "1 card" / "1 kaart"


def test_a_card_moved_by_keyboard_says_its_new_stage(qtbot, clock, runner, bus, settle):
    contact = create_contact(
        ContactDraft(full_name="Sanne de Wit", stage="prospect"), clock=clock
    ).id
    undo = QUndoStack()
    board = _board(qtbot, bus, settle, SalesBoard(clock, runner, undo_stack=undo))
    card = board.columns[Stage.PROSPECT].card_for(contact)
    assert card is not None
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    # The Menu key, not Shift+F10: the menu takes the Shift's release, and Qt would then
    # think Shift held for the tests that follow (a selectRow then extends an empty range).
    qtbot.keyClick(card, Qt.Key.Key_Menu)
    menu = board.card_menu
    assert menu is not None
    moves = next(a.menu() for a in menu.actions() if a.text() == "&Move to")
    target = next(a for a in moves.actions() if a.text() == Stage.CUSTOMER.label)
    with qtbot.waitSignal(bus.changed):
        target.trigger()
    settle()
    qtbot.waitUntil(lambda: board.columns[Stage.CUSTOMER].card_for(contact) is not None)
    moved = board.columns[Stage.CUSTOMER].card_for(contact)
    assert moved is not None
    assert accessible_description(moved) == f"Stage: {Stage.CUSTOMER.label}"


def test_a_deal_card_says_its_contact_value_close_date_and_stage(
    qtbot, clock, runner, bus, settle, db
):
    contact = create_contact(ContactDraft(full_name="Sanne de Wit", stage="prospect"), clock=clock)
    stage = _stages()["Qualified"]
    closes = clock.now().date() + timedelta(days=40)
    deal = add_deal(
        contact.id, "Website", 500_000, stage_id=stage.id, expected_close=closes, clock=clock
    )
    board = _board(qtbot, bus, settle, DealsBoard(clock, runner))
    column = board.columns[stage.id]
    card = column.card_for(deal.id)
    assert card is not None
    assert accessible_name(card) == "Website"
    said = accessible_description(card).split(", ")
    assert said[0] == "Sanne de Wit"
    assert "5,000" in said[1]  # the value, as the card shows it
    assert said[2].startswith("Expected to close on ")  # the date, not a bare "21 Feb"
    assert said[-1] == "Stage: Qualified"
    assert accessible_name(column) == "Qualified"
    # The count, then the column's value as its summary line shows it.
    assert accessible_description(column).startswith("1 card, ")


def test_tab_walks_a_columns_cards_in_their_order_and_scrolls_each_into_view(
    qtbot, clock, runner, bus, settle
):
    ids = [
        create_contact(ContactDraft(full_name=f"Lead {n:02d}", stage="lead"), clock=clock).id
        for n in range(20)
    ]
    board = _board(qtbot, bus, settle, SalesBoard(clock, runner))
    board.resize(900, 400)  # the column shows a few cards; the rest lie below
    column = board.columns[Stage.LEAD]
    assert column.card_ids() == ids
    qtbot.waitUntil(lambda: all(c.isVisible() for c in column.cards))
    column.cards[0].setFocus()
    qtbot.waitUntil(column.cards[0].hasFocus)
    reached = [column.cards[0].item_id]
    for _ in ids[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        reached.append(getattr(focused, "item_id", None))
    assert reached == ids
    last = column.cards[-1]
    viewport = column.scroll_area.viewport()
    top = last.mapTo(viewport, last.rect().topLeft()).y()
    assert 0 <= top and top + last.height() <= viewport.height()


def _lead_column_after_a_card_joined_at_the_top(qtbot, clock, runner, bus, settle):
    """Five leads on the board, then a sixth that sorts first: its card is made last. The
    board goes back too: qtbot holds it weakly, and the column dies with it."""
    for n in range(5):
        create_contact(ContactDraft(full_name=f"Bram Zwart{n}", stage="lead"), clock=clock)
    board = _board(qtbot, bus, settle, SalesBoard(clock, runner))
    with qtbot.waitSignal(board.loaded):
        bus.publish(
            create_contact(ContactDraft(full_name="Anna Aalders", stage="lead"), clock=clock)
        )
    return board, board.columns[Stage.LEAD]


def test_tab_follows_the_shown_order_after_a_card_joins_at_the_top(
    qtbot, clock, runner, bus, settle
):
    _board_kept, column = _lead_column_after_a_card_joined_at_the_top(
        qtbot, clock, runner, bus, settle
    )
    qtbot.waitUntil(lambda: len(column.cards) == 6 and all(c.isVisible() for c in column.cards))
    shown = column.card_ids()
    assert shown[0] == 6  # the new card, made last, is shown first
    column.cards[0].setFocus()
    qtbot.waitUntil(column.cards[0].hasFocus)
    reached = [column.cards[0].item_id]
    for _ in shown[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(getattr(QApplication.focusWidget(), "item_id", None))
    assert reached == shown


def _role_name_index(widget) -> tuple[QAccessible.Role, str, int, int]:
    """A card as a screen reader places it: its role, its list's role and name, its place."""
    card = QAccessible.queryAccessibleInterface(widget)
    parent = card.parent()
    return (
        card.role(),
        parent.text(QAccessible.Text.Name),
        parent.indexOfChild(card),
        parent.childCount(),
    )


def test_a_card_is_a_list_item_of_its_column_in_the_shown_order(qtbot, clock, runner, bus, settle):
    """Not a "panel": a card is an item of its column's list, at the place it is shown
    ("list item, 1 of 6"), also when it was made last, for a new contact at the top."""
    _board_kept, column = _lead_column_after_a_card_joined_at_the_top(
        qtbot, clock, runner, bus, settle
    )
    qtbot.waitUntil(lambda: len(column.cards) == 6 and not column.is_building)
    said = [_role_name_index(card) for card in column.cards]
    assert said == [(QAccessible.Role.ListItem, Stage.LEAD.label, i, 6) for i in range(6)]
    cards = QAccessible.queryAccessibleInterface(column.cards[0]).parent()
    assert cards.role() == QAccessible.Role.List
    assert [cards.child(i).text(QAccessible.Text.Name) for i in range(6)] == [
        "Anna Aalders",
        *(f"Bram Zwart{n}" for n in range(5)),
    ]
    assert accessible_description(column.cards[0]) == f"Stage: {Stage.LEAD.label}"
