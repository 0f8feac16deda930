"""Everything the detail pane shows of one contact, read in one go off the GUI thread; and,
after a write, only the sections that write touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop_crm.errors import NotFoundError
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.custom_fields import defined_fields
from desktop_crm.services.deals import DealView, deals_of
from desktop_crm.services.followups import FollowUpView, follow_ups_for
from desktop_crm.services.qualification import CriterionView, checklist
from desktop_crm.services.questions import QuestionView, questions_of
from desktop_crm.services.records import ContactDetails
from desktop_crm.services.sales_defaults import SalesDefaults, load_sales_defaults
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
    # What the Log dialog proposes (read here, so opening it runs no query).
    sales_defaults: SalesDefaults = field(default_factory=SalesDefaults)


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
        sales_defaults=load_sales_defaults(),
    )


@dataclass(frozen=True)
class SectionUpdate:
    """The sections of `contact_id` one write touched, read after it; None: not touched."""

    contact_id: int
    details: ContactDetails | None = None  # the header (a stage moved, a version counted up)
    criteria: list[CriterionView] | None = None
    timeline: list[TimelineEntry] | None = None
    questions: list[QuestionView] | None = None
    follow_ups: list[FollowUpView] | None = None
    deals: list[DealView] | None = None


def touched_sections(changes: Changes, also: Iterable[str] = ()) -> set[str]:
    """The pane's sections a write's `changes` touched, plus `also` (the criteria an answer
    set: no flag of `Changes` says so)."""
    names = set(also)
    if changes.stages:
        names |= {"details", "timeline"}
    if changes.conversations or changes.deals:
        names.add("timeline")
    for flag in ("questions", "follow_ups", "deals"):
        if getattr(changes, flag):
            names.add(flag)
    return names


def read_sections(contact_id: int, names: set[str]) -> SectionUpdate:
    """Runs on the writer, right after the write: the pane repaints these and reads nothing."""
    readers: dict[str, Callable[[int], Any]] = {
        "details": get_contact,
        "criteria": checklist,
        "timeline": timeline_entries,
        "questions": questions_of,
        "follow_ups": follow_ups_for,
        "deals": deals_of,
    }
    return SectionUpdate(contact_id, **{name: readers[name](contact_id) for name in names})
