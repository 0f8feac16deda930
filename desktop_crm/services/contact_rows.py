"""The contact row every use case starts from, and the two ways it changes: a stage move
(always with its history row) and a save that bumps the version other desktops check.

Writes never put back a whole row read earlier: another desktop on the same server may
have saved other columns since (issue 15.2). A save writes the changed columns only."""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import NotFoundError
from desktop_crm.i18n import _
from desktop_crm.services.stage_history import record_stage_change
from desktop_crm.store import models as m
from desktop_crm.store.database import current_database, is_sqlite


def contact_row(contact_id: int) -> m.Contact:
    """The contact, or a NotFoundError the user can read."""
    contact = contact_or_none(contact_id)
    if contact is None:
        raise NotFoundError(_("There is no contact with number {id}.").format(id=contact_id))
    return contact


def contact_or_none(contact_id: int) -> m.Contact | None:
    """The contact or None; inside a write on a server, with its row locked until commit."""
    query = m.Contact.select().where(m.Contact.id == contact_id)
    db = current_database()
    if not is_sqlite(db) and db.in_transaction():
        # A server runs writers side by side: hold the row until this use case commits,
        # so a stage move and a notes save cannot both act on the same old row.
        # (SQLite's BEGIN IMMEDIATE already lets one writer in at a time.)
        query = query.for_update()
    return query.first()


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
    """Save a changed contact: a new updated_at and version, so a stale edit elsewhere is refused.

    Only the columns this use case set are written, and the version is counted up in
    the database, never from the value read earlier."""
    contact.updated_at = at_utc
    values: dict[pw.Field, object] = {f: contact.__data__.get(f.name) for f in contact.dirty_fields}
    values.pop(m.Contact.version, None)
    values[m.Contact.version] = m.Contact.version + 1
    m.Contact.update(values).where(m.Contact.id == contact.id).execute()
    contact.version = m.Contact.select(m.Contact.version).where(m.Contact.id == contact.id).scalar()
    contact._dirty.clear()  # written above; a later save must not write them again
