"""A re-contact alarm is for someone still parked as "not now", not for who bought since."""

from datetime import timedelta

from desktop_crm.services import contacts as cs
from desktop_crm.services.conversations import log_conversation
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.reminders import due_reminders


def test_recontact_is_due_only_while_the_contact_is_not_now(db, clock):
    cid = cs.create_contact(ContactDraft(full_name="Bas Kok", stage="prospect"), clock=clock).id
    result = log_conversation(cid, "presentation", "", outcome="no", clock=clock)
    later = clock.now() + timedelta(days=200)
    kinds = [(r.kind, r.contact_id) for r in due_reminders(later)]
    assert ("recontact", cid) in kinds and result.recontact_on is not None
    cs.set_stage([cid], "customer", clock=clock)
    assert ("recontact", cid) not in [(r.kind, r.contact_id) for r in due_reminders(later)]
