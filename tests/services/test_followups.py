"""Follow-ups: add, list, done, snooze, reopen; bad input changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.services import followups
from desktop_crm.store import models as m
from tests.conftest import AMSTERDAM


@pytest.fixture
def contact(db) -> int:
    return m.Contact.create(display_name="Anna de Vries").id


def test_added_follow_up_is_stored_in_utc_and_read_back_in_local_time(contact, clock):
    due = datetime(2026, 3, 24, 10, 0, tzinfo=AMSTERDAM)
    view = followups.add_follow_up(contact, due, "  Call   about the offer ", clock=clock)
    assert view.text == "Call about the offer"
    assert view.due_at == due
    assert m.FollowUp.get_by_id(view.id).due_at == datetime(2026, 3, 24, 9, 0)
    assert view.to_json()["due_at"] == "2026-03-24T10:00:00+01:00"
    assert view.changes.follow_ups and view.changes.contact_ids == {contact}


def test_follow_up_for_an_unknown_contact_is_refused(db, clock):
    with pytest.raises(NotFoundError, match="no contact with number 99"):
        followups.add_follow_up(99, clock.now(), "Call", clock=clock)
    assert m.FollowUp.select().count() == 0


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_follow_up_text_is_required_and_bounded(contact, clock, text):
    with pytest.raises(ValidationError) as info:
        followups.add_follow_up(contact, clock.now(), text, clock=clock)
    assert info.value.field == "text"
    assert m.FollowUp.select().count() == 0


def test_a_year_out_of_range_is_refused(contact, clock):
    with pytest.raises(ValidationError, match="out of range"):
        followups.add_follow_up(contact, datetime(226, 3, 1, tzinfo=AMSTERDAM), "Call", clock=clock)


def test_list_done_snooze_and_reopen(contact, clock):
    first = followups.add_follow_up(contact, clock.now() + timedelta(days=2), "Later", clock=clock)
    second = followups.add_follow_up(contact, clock.now() + timedelta(days=1), "Soon", clock=clock)
    assert [v.id for v in followups.follow_ups_for(contact)] == [second.id, first.id]

    done = followups.mark_done(second.id, clock=clock)
    assert done.is_done
    again = followups.mark_done(second.id, clock=clock)
    assert again.done_at == done.done_at  # the first moment stays
    assert [v.id for v in followups.follow_ups_for(contact)] == [first.id, second.id]
    assert [v.id for v in followups.follow_ups_for(contact, include_done=False)] == [first.id]

    with pytest.raises(ValidationError, match="reopen"):
        followups.snooze_follow_up(second.id, clock.now() + timedelta(hours=1), clock=clock)
    reopened = followups.reopen(second.id, clock=clock)
    assert not reopened.is_done

    until = clock.now() + timedelta(days=3)
    snoozed = followups.snooze_follow_up(first.id, until, clock=clock)
    assert snoozed.snoozed_until == until
    assert snoozed.effective_due_at == until


def test_snooze_into_the_past_is_refused(contact, clock):
    view = followups.add_follow_up(contact, clock.now(), "Call", clock=clock)
    with pytest.raises(ValidationError, match="future"):
        followups.snooze_follow_up(view.id, clock.now() - timedelta(minutes=1), clock=clock)


def test_unknown_follow_up_is_not_found(db, clock):
    with pytest.raises(NotFoundError):
        followups.mark_done(12345, clock=clock)
