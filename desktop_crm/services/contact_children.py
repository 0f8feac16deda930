"""The one writer of a contact's emails, phones and tags (an edit, a merge and its undo)."""

from __future__ import annotations

from collections.abc import Iterable

import peewee as pw

from desktop_crm.store import models as m

EmailRow = tuple[str, str, bool]  # email, label, primary
PhoneRow = tuple[str, "str | None", str, bool]  # raw, e164, label, primary


def tag_named(name: str) -> m.Tag:
    """The tag of that name in any case, made when there is none."""
    existing = m.Tag.get_or_none(pw.fn.LOWER(m.Tag.name) == name.lower())
    return existing or m.Tag.create(name=name)


def write_children(
    contact_id: int,
    emails: Iterable[EmailRow],
    phones: Iterable[PhoneRow],
    tags: Iterable[str],
) -> None:
    """Replace the contact's lists with these, in this order (in the caller's transaction)."""
    m.ContactEmail.delete().where(m.ContactEmail.contact == contact_id).execute()
    m.ContactPhone.delete().where(m.ContactPhone.contact == contact_id).execute()
    m.ContactTag.delete().where(m.ContactTag.contact == contact_id).execute()
    for position, (email, label, primary) in enumerate(emails):
        m.ContactEmail.create(
            contact=contact_id, email=email, label=label, is_primary=primary, position=position
        )
    for position, (raw, e164, label, primary) in enumerate(phones):
        m.ContactPhone.create(
            contact=contact_id,
            raw=raw,
            e164=e164,
            label=label,
            is_primary=primary,
            position=position,
        )
    for name in tags:
        m.ContactTag.insert(contact=contact_id, tag=tag_named(name)).on_conflict_ignore().execute()
