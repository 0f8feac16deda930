"""Texts the app writes itself follow the user's language, whenever they were written."""

from __future__ import annotations

from datetime import timedelta

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import set_language
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.conversations import Kind, log_conversation
from desktop_crm.services.followups import add_follow_up, follow_ups_for
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.reminders import due_reminders
from desktop_crm.store import models as m


def test_the_presentation_follow_up_made_in_english_reads_dutch_later(db, clock):
    cid = create_contact(
        ContactDraft(full_name="Anna Jansen", stage=Stage.PROSPECT.value), clock=clock
    ).id
    log_conversation(cid, Kind.PRESENTATION.value, "", outcome=Outcome.NOT_READY, clock=clock)
    assert m.FollowUp.get().text == "Follow up on the presentation"  # stored neutral
    assert follow_ups_for(cid)[0].text == "Follow up on the presentation"
    set_language("nl")
    assert follow_ups_for(cid)[0].text == "Presentatie opvolgen"
    later = clock.now() + timedelta(days=30)
    assert [r.note for r in due_reminders(later)] == ["Presentatie opvolgen"]


def test_a_follow_up_the_user_typed_is_never_translated(db, clock):
    cid = create_contact(ContactDraft(full_name="Anna Jansen"), clock=clock).id
    add_follow_up(cid, clock.now() + timedelta(days=1), "Call about the quote", clock=clock)
    set_language("nl")
    assert follow_ups_for(cid)[0].text == "Call about the quote"
