"""Undo of a logged conversation puts back exactly what the log changed; Redo logs again."""

from datetime import date

import pytest

from desktop_crm.services import contacts as cs
from desktop_crm.services import conversations, deals, qualification
from desktop_crm.services.conversation_undo import unlog_conversation
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m

# Columns a save sets anew (a new version, so other desktops see the contact changed).
_SAVE_STAMPS = {"version", "updated_at"}


def _state(cid: int) -> dict:
    """Everything a log can touch for this contact, as plain values."""
    contact = m.Contact.select().where(m.Contact.id == cid).dicts().get()
    return {
        "contact": {k: v for k, v in contact.items() if k not in _SAVE_STAMPS},
        "deals": list(m.Deal.select().where(m.Deal.contact == cid).order_by(m.Deal.id).dicts()),
        "conversations": list(m.Conversation.select().where(m.Conversation.contact == cid).dicts()),
        "follow_ups": list(m.FollowUp.select().where(m.FollowUp.contact == cid).dicts()),
        "stage_history": list(
            m.StageChange.select()
            .where(m.StageChange.contact == cid)
            .order_by(m.StageChange.id)
            .dicts()
        ),
    }


@pytest.fixture
def prospect(db, clock):
    cid = cs.create_contact(ContactDraft(full_name="Lotte Bakker"), clock=clock).id
    for criterion in qualification.checklist(cid):
        qualification.answer_criterion(cid, criterion.id, "met", clock=clock)
    assert cs.get_contact(cid).stage == "prospect"
    return cid


def test_undo_of_a_yes_puts_stage_deal_and_history_back_exactly(prospect, clock):
    older = deals.add_deal(prospect, "Logo", 50_000, clock=clock)
    deal = deals.add_deal(prospect, "Website", 250_000, clock=clock)
    before = _state(prospect)
    version = cs.get_contact(prospect).version

    result = conversations.log_conversation(
        prospect, "presentation", "demo", outcome="yes", clock=clock
    )
    assert result.won_deal_id == deal.id and result.logged is not None
    assert _state(prospect) != before

    changes = unlog_conversation(result.logged, clock=clock)
    assert _state(prospect) == before
    assert m.Deal.get_by_id(older.id).status == "open"
    assert cs.get_contact(prospect).version > version  # a real save: other desktops see it
    assert changes.contact_ids == {prospect}
    assert changes.conversations and changes.stages and changes.deals


def test_undo_of_a_no_puts_the_stage_and_recontact_date_back(prospect, clock):
    m.Contact.update(recontact_on=date(2020, 5, 1)).where(m.Contact.id == prospect).execute()
    before = _state(prospect)
    result = conversations.log_conversation(
        prospect, "presentation", "", outcome="no", recontact_on=date(2031, 1, 2), clock=clock
    )
    assert cs.get_contact(prospect).recontact_on == date(2031, 1, 2)
    unlog_conversation(result.logged, clock=clock)
    assert _state(prospect) == before


def test_undo_of_not_ready_takes_the_follow_up_away(prospect, clock):
    before = _state(prospect)
    result = conversations.log_conversation(
        prospect, "presentation", "", outcome="not_ready", clock=clock
    )
    assert result.follow_up_id is not None
    changes = unlog_conversation(result.logged, clock=clock)
    assert _state(prospect) == before
    assert changes.follow_ups and not changes.stages


def test_undo_of_a_plain_call_removes_only_that_conversation(prospect, clock):
    conversations.log_conversation(prospect, "note", "kept", clock=clock)
    before = _state(prospect)
    result = conversations.log_conversation(prospect, "call", "rang", clock=clock)
    unlog_conversation(result.logged, clock=clock)
    assert _state(prospect) == before


def test_a_later_stage_move_wins_over_the_undo(prospect, clock):
    result = conversations.log_conversation(
        prospect, "presentation", "", outcome="yes", clock=clock
    )
    # Another desktop moved the contact on meanwhile.
    m.Contact.update(stage="not_now").where(m.Contact.id == prospect).execute()
    unlog_conversation(result.logged, clock=clock)
    assert cs.get_contact(prospect).stage == "not_now"
    assert not m.Conversation.select().where(m.Conversation.id == result.conversation_id).exists()


def test_redo_logs_the_same_again_after_an_undo(prospect, clock):
    deal = deals.add_deal(prospect, "Website", 250_000, clock=clock)
    request = conversations.LogRequest(prospect, "presentation", "demo", outcome="yes", clock=clock)
    first = request.run()
    after_first = _state(prospect)
    unlog_conversation(first.logged, clock=clock)
    again = request.again(first).run()
    assert again.won_deal_id == deal.id and again.new_stage == "customer"

    def without_ids(state: dict) -> dict:
        return {
            k: [{c: v for c, v in row.items() if c != "id"} for row in rows]
            if isinstance(rows, list)
            else rows
            for k, rows in state.items()
        }

    assert without_ids(_state(prospect)) == without_ids(after_first)
