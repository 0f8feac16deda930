"""The sales-process board: columns per stage, counts, and drops that follow the sales rules."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from desktop_crm.domain.stages import Stage
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.boards import dialogs
from desktop_crm.ui.boards.mime import CONTACT_IDS, DEAL_IDS, ids_mime
from desktop_crm.ui.boards.sales_board import SalesBoard


def _contact(clock, name, stage="lead", company=""):
    return create_contact(
        ContactDraft(full_name=name, stage=stage, company=company), clock=clock
    ).id


def _history(contact_id):
    return [
        (r.from_stage, r.to_stage, r.cause)
        for r in m.StageChange.select()
        .where(m.StageChange.contact == contact_id)
        .order_by(m.StageChange.id)
    ]


@pytest.fixture
def make_board(qtbot, clock, runner, bus, settle):
    """A board that hears the bus, as its tab host makes it; read once and shown."""

    def make(**kwargs):
        board = SalesBoard(clock, runner, **kwargs)
        qtbot.addWidget(board)
        bus.changed.connect(board.apply_changes)
        settle()
        return board

    return make


def _fail(*args):
    raise AssertionError("no question was expected")


def test_columns_show_contacts_and_counts(qtbot, db, clock, make_board, bus, settle, failures):
    lead = _contact(clock, "Sanne de Wit", company="Bakker Bouw")
    customer = _contact(clock, "Jan Bakker", stage="customer")

    board = make_board()

    assert board.columns[Stage.LEAD].card_ids() == [lead]
    assert board.columns[Stage.CUSTOMER].card_ids() == [customer]
    assert board.columns[Stage.LEAD].count_label.text() == "1"
    assert board.columns[Stage.PROSPECT].count_label.text() == "0"
    assert board.side_area.is_expanded() is False


def test_a_long_column_shows_the_first_cards_and_says_how_many_more(
    qtbot, db, clock, make_board, bus, settle, failures
):
    for i in range(7):
        _contact(clock, f"Lead {i}")

    board = make_board(per_column=3)

    column = board.columns[Stage.LEAD]
    assert len(column.card_ids()) == 3
    assert column.count_label.text() == "7"
    assert column.more_label.text() == "and 4 more"
    assert not column.more_label.isHidden()


def test_real_drop_event_moves_a_prospect_to_customer_with_history(
    qtbot, db, clock, make_board, bus, settle, failures
):
    cid = _contact(clock, "Eva Jansen", stage="prospect")
    board = make_board()
    column = board.columns[Stage.CUSTOMER]
    mime = ids_mime(CONTACT_IDS, [cid])  # the event does not own it: keep it alive
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    with qtbot.waitSignal(bus.changed) as emitted:
        column.dropEvent(event)
    settle()

    assert event.isAccepted()
    assert get_contact(cid).stage == "customer"
    assert _history(cid)[-1] == ("prospect", "customer", "manual")
    assert cid in board.columns[Stage.CUSTOMER].card_ids()
    assert cid not in board.columns[Stage.PROSPECT].card_ids()
    assert cid in emitted.args[0].contact_ids


def test_dropping_a_lead_with_unmet_criteria_on_prospect_asks_and_marks_them_met(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Piet Smit")
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *args: asked.append(args) or True)
    board = make_board()

    board.columns[Stage.PROSPECT].drop_mime(ids_mime(CONTACT_IDS, [cid]))
    settle()

    assert len(asked) == 1
    assert "3 qualification criteria" in asked[0][2]
    assert get_contact(cid).stage == "prospect"
    assert _history(cid)[-1] == ("lead", "prospect", "qualified")
    answers = m.ContactCriterion.select().where(m.ContactCriterion.contact == cid)
    assert {a.answer for a in answers} == {"met"}


def test_declining_the_question_changes_nothing(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Piet Smit")
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    board = make_board()
    history_before = _history(cid)

    board.columns[Stage.PROSPECT].drop_mime(ids_mime(CONTACT_IDS, [cid]))

    assert get_contact(cid).stage == "lead"
    assert _history(cid) == history_before
    assert m.ContactCriterion.select().count() == 0
    assert board.columns[Stage.LEAD].card_ids() == [cid]


def test_dropping_on_disqualified_asks_a_reason_and_records_it(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Geen Budget")
    monkeypatch.setattr(dialogs, "ask_reason", lambda *args: "No budget this year")
    board = make_board()

    board.columns[Stage.DISQUALIFIED].drop_mime(ids_mime(CONTACT_IDS, [cid]))
    settle()

    assert get_contact(cid).stage == "disqualified"
    assert board.columns[Stage.DISQUALIFIED].card_ids() == [cid]
    last = (
        m.StageChange.select()
        .where(m.StageChange.contact == cid)
        .order_by(m.StageChange.id.desc())
        .first()
    )
    assert (last.to_stage, last.note) == ("disqualified", "No budget this year")


def test_cancelled_reason_leaves_the_contact_where_it_was(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Maybe Later")
    monkeypatch.setattr(dialogs, "ask_reason", lambda *args: None)
    board = make_board()

    board.columns[Stage.DISQUALIFIED].drop_mime(ids_mime(CONTACT_IDS, [cid]))

    assert get_contact(cid).stage == "lead"


def test_a_rule_that_refuses_is_shown_not_raised(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Loyal Customer", stage="customer")
    monkeypatch.setattr(dialogs, "ask_reason", lambda *args: "Changed their mind")
    board = make_board()

    board.columns[Stage.DISQUALIFIED].drop_mime(ids_mime(CONTACT_IDS, [cid]))
    settle()

    assert get_contact(cid).stage == "customer"
    assert len(failures) == 1 and "cannot be disqualified" in failures[0]


def test_dropping_on_the_same_column_or_foreign_payload_does_nothing(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    cid = _contact(clock, "Stay Put")
    monkeypatch.setattr(dialogs, "confirm", _fail)
    board = make_board()
    emitted = []
    bus.changed.connect(emitted.append)

    assert board.columns[Stage.LEAD].drop_mime(ids_mime(CONTACT_IDS, [cid])) is True
    assert board.columns[Stage.CUSTOMER].drop_mime(ids_mime(DEAL_IDS, [cid])) is False
    settle()

    assert get_contact(cid).stage == "lead"
    assert emitted == []


def test_clicking_a_card_asks_to_open_its_contact(
    qtbot, db, clock, make_board, bus, settle, failures
):
    cid = _contact(clock, "Click Me")
    board = make_board()
    card = board.columns[Stage.LEAD].cards[0]

    with qtbot.waitSignal(board.open_contact_requested) as opened:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)

    assert opened.args == [cid]


def test_apply_changes_refreshes_only_when_relevant(
    qtbot, db, clock, make_board, bus, settle, failures
):
    board = make_board()
    cid = _contact(clock, "Added Elsewhere")

    board.apply_changes(Changes(deals=True))
    settle()
    assert board.columns[Stage.LEAD].card_ids() == []

    board.apply_changes(Changes(contact_ids={cid}, contacts_added_or_removed=True))
    settle()
    assert board.columns[Stage.LEAD].card_ids() == [cid]


def test_a_refresh_keeps_the_cards_of_contacts_that_did_not_change(
    qtbot, db, clock, make_board, bus, settle, failures
):
    stays = _contact(clock, "Stays Here")
    moves = _contact(clock, "Moves On")
    board = make_board()
    kept = next(c for c in board.columns[Stage.LEAD].cards if c.item_id == stays)

    board.move_contacts([moves], Stage.NOT_NOW)
    settle()

    assert board.columns[Stage.LEAD].cards == [kept]
    assert board.columns[Stage.NOT_NOW].card_ids() == [moves]
