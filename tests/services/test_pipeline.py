"""Qualification, presentation outcomes, deals and questions through the services."""

from datetime import date, timedelta

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services import contacts as cs
from desktop_crm.services import conversations, deals, qualification, questions
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m


def _history(cid):
    rows = m.StageChange.select().where(m.StageChange.contact == cid).order_by(m.StageChange.id)
    return [(r.from_stage, r.to_stage, r.cause) for r in rows]


@pytest.fixture
def lead(db, clock):
    return cs.create_contact(ContactDraft(full_name="Lotte Bakker"), clock=clock).id


def _qualify(cid, clock):
    results = [
        qualification.answer_criterion(cid, c.id, "met", clock=clock)
        for c in qualification.checklist(cid)
    ]
    return results


def test_ticking_the_last_criterion_promotes_and_records_qualified(lead, clock):
    results = _qualify(lead, clock)
    assert [r.promoted for r in results] == [False, False, True]
    assert cs.get_contact(lead).stage == "prospect"
    assert _history(lead)[-1] == ("lead", "prospect", "qualified")


def test_added_criterion_must_also_be_met(lead, clock):
    qualification.add_criterion("Woont in de regio")
    results = _qualify(lead, clock)
    assert [r.promoted for r in results] == [False, False, False, True]


def test_disqualify_needs_a_reason_and_records_it(lead, clock):
    with pytest.raises(ValidationError):
        qualification.disqualify_contact(lead, "  ")
    qualification.disqualify_contact(lead, "Geen budget", clock=clock)
    row = (
        m.StageChange.select()
        .where(m.StageChange.contact == lead)
        .order_by(m.StageChange.id.desc())
        .get()
    )
    assert (row.to_stage, row.cause, row.note) == ("disqualified", "disqualified", "Geen budget")


def test_presentation_yes_makes_a_customer_and_wins_the_open_deal(lead, clock):
    _qualify(lead, clock)
    deal = deals.add_deal(lead, "Website", 250_000, clock=clock)
    result = conversations.log_conversation(
        lead, "presentation", "demo", outcome="yes", clock=clock
    )
    assert result.new_stage == "customer" and result.won_deal_id == deal.id
    assert m.Deal.get_by_id(deal.id).status == "won"
    assert _history(lead)[-1] == ("prospect", "customer", "presentation_yes")


def test_presentation_not_ready_schedules_a_follow_up_in_two_weeks(lead, clock):
    _qualify(lead, clock)
    result = conversations.log_conversation(
        lead, "presentation", "demo", outcome="not_ready", clock=clock
    )
    assert result.new_stage is None and cs.get_contact(lead).stage == "prospect"
    follow_up = m.FollowUp.get_by_id(result.follow_up_id)
    from desktop_crm.services.times import from_storage

    assert from_storage(follow_up.due_at) == clock.now() + timedelta(days=14)


def test_presentation_no_keeps_them_on_the_list_for_later(lead, clock):
    _qualify(lead, clock)
    result = conversations.log_conversation(lead, "presentation", "", outcome="no", clock=clock)
    contact = m.Contact.get_by_id(lead)
    assert contact.stage == "not_now" and contact.recontact_on == date(2026, 9, 10)
    assert result.recontact_on == date(2026, 9, 10)


def test_presentation_no_off_the_list_disqualifies(lead, clock):
    conversations.log_conversation(
        lead, "presentation", "", outcome="no", stays_on_list=False, clock=clock
    )
    assert cs.get_contact(lead).stage == "disqualified"


def test_only_presentations_have_outcomes(lead):
    with pytest.raises(ValidationError):
        conversations.log_conversation(lead, "call", "hi", outcome="yes")
    assert m.Conversation.select().count() == 0


def test_second_won_deal_makes_a_repeat_buyer(lead, clock):
    won = [s for s in deals.pipeline_stages(1) if s.kind == "won"][0]
    first = deals.add_deal(lead, "One", 100, clock=clock)
    deals.move_deal(first.id, won.id, reason="ok", clock=clock)
    assert cs.get_contact(lead).stage == "customer"
    second = deals.add_deal(lead, "Two", 100, clock=clock)
    deals.move_deal(second.id, won.id, reason="again", clock=clock)
    assert cs.get_contact(lead).stage == "repeat_buyer"
    assert [h[2] for h in _history(lead)] == ["created", "won_deal", "repeat_sale"]


def test_won_or_lost_needs_a_reason(lead, clock):
    lost = [s for s in deals.pipeline_stages(1) if s.kind == "lost"][0]
    deal = deals.add_deal(lead, "One", 100, clock=clock)
    with pytest.raises(ValidationError):
        deals.move_deal(deal.id, lost.id)
    assert m.Deal.get_by_id(deal.id).status == "open"


def test_pipeline_totals_count_value_and_weighted_value(lead, clock):
    stages = deals.pipeline_stages(1)
    deals.add_deal(lead, "A", 100_00, clock=clock)  # Qualified, 10 %
    deals.add_deal(lead, "B", 300_00, probability=50, clock=clock)
    assert deals.pipeline_totals(1)[stages[0].id] == (2, 400_00, 10_00 + 150_00)


def test_questions_are_answered_and_reopened(lead, clock):
    q = questions.raise_question(lead, "Kan het vóór de zomer?", clock=clock)
    questions.answer_question(q.id, "Ja, in juni", clock=clock)
    assert questions.questions_of(lead)[0].answer == "Ja, in juni"
    assert questions.open_questions() == []
    questions.reopen_question(q.id)
    assert [x.id for x in questions.open_questions()] == [q.id]
