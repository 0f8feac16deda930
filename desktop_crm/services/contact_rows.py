"""The contact row every use case starts from, and the two ways it changes: a stage move
(always with its history row) and a save that bumps the version other desktops check."""

from __future__ import annotations

from datetime import datetime

from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import NotFoundError
from desktop_crm.i18n import _
from desktop_crm.services.stage_history import record_stage_change
from desktop_crm.store import models as m


def contact_row(contact_id: int) -> m.Contact:
    """The contact, or a NotFoundError the user can read."""
    contact = m.Contact.get_or_none(m.Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(_("There is no contact with number {id}.").format(id=contact_id))
    return contact


def move_stage(
    contact: m.Contact, to: Stage, cause: Cause, at_utc: datetime, note: str = ""
) -> bool:
    """Put the contact in stage `to`, recorded in the stage history; False when it was there.

    The row is not saved here: the use case saves it once, with `save_changed`."""
    if contact.stage == to.value:
        return False
    record_stage_change(contact.id, Stage(contact.stage), to, cause, at_utc, note)
    contact.stage = to.value
    return True


def save_changed(contact: m.Contact, at_utc: datetime) -> None:
    """Save a changed contact: a new updated_at and version, so a stale edit elsewhere is refused."""
    contact.updated_at = at_utc
    contact.version += 1
    contact.save()
