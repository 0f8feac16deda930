"""Everything the detail pane shows of one contact, read in one go off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_crm.errors import NotFoundError
from desktop_crm.services.contacts import get_contact
from desktop_crm.services.custom_fields import defined_fields
from desktop_crm.services.deals import DealView, deals_of
from desktop_crm.services.followups import FollowUpView, follow_ups_for
from desktop_crm.services.qualification import CriterionView, checklist
from desktop_crm.services.questions import QuestionView, questions_of
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.detail.timeline import TimelineEntry, timeline_entries


@dataclass(frozen=True)
class ContactSnapshot:
    """The contact (None when it is gone) and its sections, as plain values."""

    contact_id: int
    details: ContactDetails | None
    defined_fields: list[str] = field(default_factory=list)
    criteria: list[CriterionView] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    questions: list[QuestionView] = field(default_factory=list)
    follow_ups: list[FollowUpView] = field(default_factory=list)
    deals: list[DealView] = field(default_factory=list)


def read_snapshot(contact_id: int) -> ContactSnapshot:
    """Runs on a worker: the pane paints the answer whole, never half of it."""
    try:
        details = get_contact(contact_id)
    except NotFoundError:
        return ContactSnapshot(contact_id, None)
    return ContactSnapshot(
        contact_id,
        details,
        defined_fields=defined_fields(),
        criteria=checklist(contact_id),
        timeline=timeline_entries(contact_id),
        questions=questions_of(contact_id),
        follow_ups=follow_ups_for(contact_id),
        deals=deals_of(contact_id),
    )
