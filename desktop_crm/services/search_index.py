"""Rebuilding contacts' search text from the database after they changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import peewee as pw

from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction
from desktop_crm.store.handle import current_database
from desktop_crm.store.search import contact_document, index_documents

_CHUNK = 500


def reindex_contacts(ids: Iterable[int]) -> None:
    """Five queries per 500 contacts, however many change at once (a bulk tag, say)."""
    id_list = list(ids)
    for start in range(0, len(id_list), _CHUNK):
        _reindex_chunk(id_list[start : start + _CHUNK])


def _table(model: type[pw.Model]) -> str:
    return str(model._meta.table_name)


# The reads of one chunk, as raw SQL with placeholders: at 100,000 contacts Peewee spent
# 8 of the 12 s of a whole-list tagging building these IN lists, SQLite under 1 s reading.
# `{ids}` is the chunk's placeholders; each read gives (contact id, value...) in the order
# `contact_document` wants them: emails, phones, tags, conversations.
_READS = (
    f"SELECT contact_id, email FROM {_table(m.ContactEmail)} "
    "WHERE contact_id IN ({ids}) ORDER BY position",
    f"SELECT contact_id, raw, e164 FROM {_table(m.ContactPhone)} "
    "WHERE contact_id IN ({ids}) ORDER BY position",
    f"SELECT link.contact_id, tag.name FROM {_table(m.ContactTag)} AS link "
    f"INNER JOIN {_table(m.Tag)} AS tag ON link.tag_id = tag.id "
    "WHERE link.contact_id IN ({ids})",
    f"SELECT contact_id, text FROM {_table(m.Conversation)} WHERE contact_id IN ({{ids}})",
)
_CONTACTS = (
    f"SELECT id, display_name, company, job_title, address FROM {_table(m.Contact)} "
    "WHERE id IN ({ids})"
)


def _grouped(db: pw.Database, sql: str, ids: list[int]) -> dict[int, list[Any]]:
    """{contact id: [values]} from a (contact, value...) read, in the read's order."""
    found: dict[int, list[Any]] = defaultdict(list)
    for contact_id, *value in db.execute_sql(sql, ids).fetchall():
        found[contact_id].append(value[0] if len(value) == 1 else tuple(value))
    return found


def _reindex_chunk(ids: list[int]) -> None:
    db = current_database()
    marks = ", ".join([db.param] * len(ids))
    emails, phones, tags, talks = (_grouped(db, sql.format(ids=marks), ids) for sql in _READS)
    rows = db.execute_sql(_CONTACTS.format(ids=marks), ids).fetchall()
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
