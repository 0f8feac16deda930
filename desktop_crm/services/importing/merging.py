"""Merging a duplicate record into a stored contact: add what is new, never overwrite."""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from desktop_crm.domain.contact_fields import NOTES, PLAIN_TEXT_FIELDS
from desktop_crm.domain.emails import is_valid_email
from desktop_crm.services.contact_rows import contact_or_none, save_changed
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.store import models as m
from desktop_crm.store.search import contact_document, index_documents


def _tag(name: str) -> m.Tag:
    existing = m.Tag.get_or_none(pw.fn.LOWER(m.Tag.name) == name.lower())
    return existing or m.Tag.create(name=name)


def merge_into(contact_id: int, record: ContactRecord, now: datetime, tags: list[str]) -> bool:
    """Fill the contact's empty fields and add its missing emails, phones, tags and custom
    fields from `record`; False when the contact no longer exists."""
    contact = contact_or_none(contact_id)
    if contact is None:
        return False
    emails = list(m.ContactEmail.select().where(m.ContactEmail.contact == contact))
    known_emails = {e.email for e in emails}
    position = len(emails)
    for email, label in zip(record.emails, record.email_labels, strict=False):
        if email not in known_emails and is_valid_email(email):
            m.ContactEmail.create(
                contact=contact,
                email=email,
                label=label,
                is_primary=not known_emails,
                position=position,
            )
            known_emails.add(email)
            position += 1
    phones = list(m.ContactPhone.select().where(m.ContactPhone.contact == contact))
    known_phones = {p.e164 or p.raw for p in phones}
    position = len(phones)
    for phone in record.phones:
        if (phone.e164 or phone.raw) not in known_phones:
            m.ContactPhone.create(
                contact=contact,
                raw=phone.raw,
                e164=phone.e164,
                label=phone.label,
                is_primary=not known_phones,
                position=position,
            )
            known_phones.add(phone.e164 or phone.raw)
            position += 1
    for attr in (f.name for f in PLAIN_TEXT_FIELDS if f is not NOTES):
        if not getattr(contact, attr) and getattr(record, attr):
            setattr(contact, attr, getattr(record, attr))
    if record.notes and record.notes not in contact.notes:
        contact.notes = f"{contact.notes}\n\n{record.notes}".strip()
    if contact.birthday_month is None and record.birthday is not None:
        contact.birthday_year = record.birthday.year
        contact.birthday_month = record.birthday.month
        contact.birthday_day = record.birthday.day
    if not (contact.given_name or contact.family_name or contact.display_name) and record.full_name:
        contact.given_name, contact.middle_name, contact.family_name = (
            record.given_name,
            record.middle_name,
            record.family_name,
        )
        contact.display_name = record.full_name
    known_custom = {
        (c.key, c.value) for c in m.CustomField.select().where(m.CustomField.contact == contact)
    }
    for key, value in record.custom:
        if (key, value) not in known_custom:
            m.CustomField.create(contact=contact, key=key, value=value)
    for name in (*tags, *record.tags):
        m.ContactTag.insert(contact=contact, tag=_tag(name)).on_conflict_ignore().execute()
    save_changed(contact, now)  # the merged columns only, the version counted in the database
    tag_names = [
        t.name for t in m.Tag.select().join(m.ContactTag).where(m.ContactTag.contact == contact)
    ]
    index_documents(
        [
            (
                contact.id,
                contact_document(
                    display_name=contact.display_name,
                    company=contact.company,
                    job_title=contact.job_title,
                    emails=sorted(known_emails),
                    phones=[
                        (p.raw, p.e164)
                        for p in m.ContactPhone.select().where(m.ContactPhone.contact == contact)
                    ],
                    tags=tag_names,
                    address=contact.address,
                ),
            )
        ]
    )
    return True
