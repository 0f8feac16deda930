"""Contacts read for export in chunks, with their emails, phones, tags and custom fields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop_crm.domain.names import join_name
from desktop_crm.services.records import ContactFieldValues, field_values_of_row
from desktop_crm.store import models as m

CHUNK = 1000


@dataclass(frozen=True)
class ExportContact(ContactFieldValues):
    """One contact as the exports write it: its fields, then its lists."""

    id: int
    display_name: str
    emails: list[tuple[str, str]] = field(default_factory=list)  # (email, label), primary first
    phones: list[tuple[str, str | None, str]] = field(default_factory=list)  # (raw, e164, label)
    faxes: list[tuple[str, str | None, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom: list[tuple[str, str]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        """The person's name; empty for a contact known only by company or email."""
        return join_name(self.given_name, self.middle_name, self.family_name) or (
            self.display_name
            if self.display_name not in (self.company, self.emails[0][0] if self.emails else "")
            else ""
        )


def iter_contacts(
    contact_ids: Iterable[int] | None = None, *, include_archived: bool = False
) -> Iterator[ExportContact]:
    """Every contact (or those in `contact_ids`) ordered by id, read CHUNK at a time."""
    wanted = sorted(set(contact_ids)) if contact_ids is not None else None
    last_id = 0
    position = 0
    while True:
        query = m.Contact.select().order_by(m.Contact.id).limit(CHUNK)
        if wanted is not None:
            ids = wanted[position : position + CHUNK]
            position += CHUNK
            if not ids:
                return
            query = query.where(m.Contact.id.in_(ids))
        else:
            query = query.where(m.Contact.id > last_id)
        if not include_archived:
            query = query.where(m.Contact.archived == False)  # noqa: E712 - Peewee expression
        else:  # a contact merged into another lives on in that one; it is kept only for undo
            query = query.where(m.Contact.merged_into.is_null())
        contacts = list(query)
        if not contacts:
            if wanted is not None:
                continue
            return
        last_id = contacts[-1].id
        yield from _with_children(contacts)


def _with_children(contacts: list[m.Contact]) -> list[ExportContact]:
    ids = [c.id for c in contacts]
    emails: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for e in (
        m.ContactEmail.select()
        .where(m.ContactEmail.contact.in_(ids))
        .order_by(m.ContactEmail.is_primary.desc(), m.ContactEmail.position, m.ContactEmail.id)
    ):
        emails[e.contact_id].append((e.email, e.label))
    phones: dict[int, list[tuple[str, str | None, str, bool]]] = defaultdict(list)
    for p in (
        m.ContactPhone.select()
        .where(m.ContactPhone.contact.in_(ids))
        .order_by(m.ContactPhone.is_primary.desc(), m.ContactPhone.position, m.ContactPhone.id)
    ):
        phones[p.contact_id].append((p.raw, p.e164, p.label, p.is_primary))
    tags: dict[int, list[str]] = defaultdict(list)
    for row in (
        m.ContactTag.select(m.ContactTag.contact, m.Tag.name)
        .join(m.Tag)
        .where(m.ContactTag.contact.in_(ids))
        .order_by(m.ContactTag.id)
        .tuples()
    ):
        tags[row[0]].append(row[1])
    custom: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for c in (
        m.CustomField.select().where(m.CustomField.contact.in_(ids)).order_by(m.CustomField.id)
    ):
        custom[c.contact_id].append((c.key, c.value))
    result: list[ExportContact] = []
    for c in contacts:
        all_phones = phones.get(c.id, [])
        result.append(
            ExportContact(
                id=c.id,
                display_name=c.display_name,
                **field_values_of_row(c),
                emails=emails.get(c.id, []),
                # A fax is never the primary number; it is stored with the label "fax".
                phones=[(r, e, lbl) for r, e, lbl, _p in all_phones if "fax" not in lbl.lower()],
                faxes=[(r, e, lbl) for r, e, lbl, _p in all_phones if "fax" in lbl.lower()],
                tags=tags.get(c.id, []),
                custom=custom.get(c.id, []),
            )
        )
    return result


def custom_keys() -> list[str]:
    """The defined custom fields (Settings), then every other key in use, for the CSV header."""
    from desktop_crm.services.custom_fields import defined_fields

    query = m.CustomField.select(m.CustomField.key).distinct().order_by(m.CustomField.key)
    defined = defined_fields()
    return [*defined, *(row[0] for row in query.tuples() if row[0] not in defined)]
