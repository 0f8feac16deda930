"""One save of the contact form, as the writer thread runs it: before, the save, after."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_crm.domain.clock import Clock
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.contacts import update_contact
from desktop_crm.services.records import ContactDetails, ContactDraft


@dataclass(frozen=True)
class SavedEdit:
    """`before` is None for a new contact; `changes` is what the runner publishes."""

    before: ContactDetails | None
    after: ContactDetails
    changes: Changes


def save_edit(
    contact_id: int,
    draft: ContactDraft,
    *,
    clock: Clock | None,
    region: str,
    expected_version: int,
) -> SavedEdit:
    """Runs on the writer: writes run one at a time, in order, so `before` is exactly the
    state this save replaces, even when an earlier save was still in flight when it was asked."""
    before = get_contact(contact_id)
    changes = update_contact(
        contact_id, draft, clock=clock, region=region, expected_version=expected_version
    )
    return SavedEdit(before, get_contact(contact_id), changes)
