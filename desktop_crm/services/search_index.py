"""Rebuilding a contact's search text from the database after it changed."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_crm.store import models as m
from desktop_crm.store.search import contact_document, index_documents


def reindex_contacts(ids: Iterable[int]) -> None:
    id_list = list(ids)
    docs = []
    for contact in m.Contact.select().where(m.Contact.id.in_(id_list)):
        emails = [e.email for e in contact.emails]
        phones = [(p.raw, p.e164) for p in contact.phones]
        tags = [
            t.name for t in m.Tag.select().join(m.ContactTag).where(m.ContactTag.contact == contact)
        ]
        talks = [c.text for c in contact.conversations]
        docs.append(
            (
                contact.id,
                contact_document(
                    display_name=contact.display_name,
                    company=contact.company,
                    job_title=contact.job_title,
                    emails=emails,
                    phones=phones,
                    tags=tags,
                    conversations=talks,
                ),
            )
        )
    index_documents(docs)
