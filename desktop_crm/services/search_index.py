"""Rebuilding contacts' search text from the database after they changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import peewee as pw

from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction
from desktop_crm.store.search import contact_document, index_documents

_CHUNK = 500


def reindex_contacts(ids: Iterable[int]) -> None:
    """Five queries per 500 contacts, however many change at once (a bulk tag, say)."""
    id_list = list(ids)
    for start in range(0, len(id_list), _CHUNK):
        _reindex_chunk(id_list[start : start + _CHUNK])


def _grouped(query: pw.Query) -> dict[int, list[Any]]:
    """{contact id: [values]} from a two-column (contact, value) query, in query order."""
    found: dict[int, list[Any]] = defaultdict(list)
    for contact_id, *value in m.database_proxy.obj.execute(query).fetchall():
        found[contact_id].append(value[0] if len(value) == 1 else tuple(value))
    return found


def _reindex_chunk(ids: list[int]) -> None:
    emails = _grouped(
        m.ContactEmail.select(m.ContactEmail.contact, m.ContactEmail.email)
        .where(m.ContactEmail.contact.in_(ids))
        .order_by(m.ContactEmail.position)
    )
    phones = _grouped(
        m.ContactPhone.select(m.ContactPhone.contact, m.ContactPhone.raw, m.ContactPhone.e164)
        .where(m.ContactPhone.contact.in_(ids))
        .order_by(m.ContactPhone.position)
    )
    tags = _grouped(
        m.ContactTag.select(m.ContactTag.contact, m.Tag.name)
        .join(m.Tag)
        .where(m.ContactTag.contact.in_(ids))
    )
    talks = _grouped(
        m.Conversation.select(m.Conversation.contact, m.Conversation.text).where(
            m.Conversation.contact.in_(ids)
        )
    )
    rows = m.database_proxy.obj.execute(
        m.Contact.select(
            m.Contact.id,
            m.Contact.display_name,
            m.Contact.company,
            m.Contact.job_title,
            m.Contact.address,
        ).where(m.Contact.id.in_(ids))
    ).fetchall()
    index_documents(
        (
            cid,
            contact_document(
                display_name=name,
                company=company,
                job_title=job,
                emails=emails.get(cid, ()),
                phones=phones.get(cid, ()),
                tags=tags.get(cid, ()),
                conversations=talks.get(cid, ()),
                address=address,
            ),
        )
        for cid, name, company, job, address in rows
    )


def reindex_all_contacts() -> int:
    """Rebuild every contact's search text (after the indexed forms changed: a phone's
    national digits, the address); returns how many. One transaction per 500."""
    ids = [cid for (cid,) in m.Contact.select(m.Contact.id).tuples()]
    for start in range(0, len(ids), _CHUNK):
        with write_transaction():
            _reindex_chunk(ids[start : start + _CHUNK])
    return len(ids)
