"""File › Remove sample data as one undoable step: the removal keeps every row it deletes
(the contacts and all that hangs off them, their search texts, the batch's open state), and
its undo writes exactly those rows back, with their ids where nobody took them since."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.local_time import to_utc_naive
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_children import tag_named
from desktop_crm.services.demo import sample_batches
from desktop_crm.store import models as m
from desktop_crm.store.database import refresh_statistics, write_transaction
from desktop_crm.store.handle import current_database, is_sqlite
from desktop_crm.store.search import (
    PG_TABLE,
    TRIGRAM_TABLE,
    index_documents,
    remove_documents,
)

_CHUNK = 500
# A contact's own references to other contacts: written back after every contact is in.
_SELF_REFERENCES = ("possible_duplicate_of", "merged_into")
Row = dict[str, Any]


@dataclass(frozen=True)
class SampleRemoval:
    """What one removal deleted, in the order it is written back."""

    batch_ids: list[int]
    contacts: list[Row]
    children: list[tuple[type[m.BaseModel], list[Row]]]
    tags: dict[int, str]  # the tags the removed links used, by id
    pointers: list[tuple[int, str, int]]  # (other contact, column, removed contact): set NULL
    documents: list[tuple[int, str]]  # the search texts
    changes: Changes = field(default_factory=Changes)

    @property
    def contact_ids(self) -> list[int]:
        return [row["id"] for row in self.contacts]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _contact_links() -> list[tuple[type[m.BaseModel], list[pw.ForeignKeyField]]]:
    """Every table whose rows go with a deleted contact (ON DELETE CASCADE), and its columns."""
    links = []
    for model in m.ALL_MODELS:
        columns = [
            f
            for f in model._meta.refs
            if f.rel_model is m.Contact and f.on_delete == "CASCADE" and model is not m.Contact
        ]
        if columns:
            links.append((model, columns))
    return links


def _rows(model: type[m.BaseModel], where: pw.Expression) -> list[Row]:
    query = model.select().where(where).order_by(model._meta.primary_key)
    return list(query.dicts())


def _documents(ids: list[int]) -> list[tuple[int, str]]:
    db = current_database()
    table, key = (TRIGRAM_TABLE, "rowid") if is_sqlite(db) else (PG_TABLE, "contact_id")
    mark = "?" if is_sqlite(db) else "%s"
    found: list[tuple[int, str]] = []
    for chunk in _chunks(ids):
        sql = f"SELECT {key}, body FROM {table} WHERE {key} IN ({', '.join([mark] * len(chunk))})"
        found += [(cid, body) for cid, body in db.execute_sql(sql, chunk).fetchall()]
    return sorted(found)


def take_out_sample_data(*, clock: Clock | None = None) -> SampleRemoval:
    """Delete every sample contact with all it holds, in one transaction, keeping the rows."""
    now = to_utc_naive((clock or SystemClock()).now())
    with write_transaction():
        batch_ids = [batch.id for batch in sample_batches()]
        if not batch_ids:
            return SampleRemoval([], [], [], {}, [], [])
        contacts = _rows(m.Contact, m.Contact.import_batch.in_(batch_ids))
        ids = [row["id"] for row in contacts]
        children: list[tuple[type[m.BaseModel], list[Row]]] = []
        pointers: list[tuple[int, str, int]] = []
        removed = set(ids)
        for chunk in _chunks(ids):
            for name in _SELF_REFERENCES:
                column = getattr(m.Contact, name)
                others = m.Contact.select(m.Contact.id, column).where(column.in_(chunk))
                pointers += [(c, name, ref) for c, ref in others.tuples() if c not in removed]
        for model, columns in _contact_links():
            rows: dict[int, Row] = {}
            for chunk in _chunks(ids):
                where = columns[0].in_(chunk)
                for column in columns[1:]:
                    where |= column.in_(chunk)
                rows.update((row["id"], row) for row in _rows(model, where))
            if rows:
                children.append((model, [rows[key] for key in sorted(rows)]))
        tag_ids = {row["tag"] for model, rows in children if model is m.ContactTag for row in rows}
        tags = dict(m.Tag.select(m.Tag.id, m.Tag.name).where(m.Tag.id.in_(tag_ids)).tuples())
        documents = _documents(ids)
        for chunk in _chunks(ids):
            m.Contact.delete().where(m.Contact.id.in_(chunk)).execute()
        remove_documents(ids)
        m.ImportBatch.update(undone_at=now).where(m.ImportBatch.id.in_(batch_ids)).execute()
    refresh_statistics()
    changes = Changes(contact_ids=set(ids), contacts_added_or_removed=True, everything=True)
    return SampleRemoval(batch_ids, contacts, children, tags, pointers, documents, changes)


def _taken(model: type[m.BaseModel], ids: list[int]) -> set[int]:
    key = model._meta.primary_key
    return {
        i for chunk in _chunks(ids) for (i,) in model.select(key).where(key.in_(chunk)).tuples()
    }


def _insert(model: type[m.BaseModel], rows: list[Row]) -> dict[int, int]:
    """Write `rows` back, each with its old id unless another row took it since (then a new
    one); {old id: id now}."""
    taken = _taken(model, [row["id"] for row in rows])
    ids: dict[int, int] = {}
    free = [row for row in rows if row["id"] not in taken]
    for start in range(0, len(free), _CHUNK):
        model.insert_many(free[start : start + _CHUNK]).execute()
    ids.update((row["id"], row["id"]) for row in free)
    for row in rows:
        if row["id"] in taken:
            ids[row["id"]] = model.insert({k: v for k, v in row.items() if k != "id"}).execute()
    return ids


def put_back_sample_data(removal: SampleRemoval) -> Changes:
    """Undo of `take_out_sample_data`: every row it deleted back, one transaction."""
    if not removal.contacts:
        return Changes()
    try:
        with write_transaction():
            contact_ids = _put_back(removal)
    except pw.IntegrityError as exc:  # a pipeline stage or criterion deleted since
        raise UserError(
            _("Something the sample data used was deleted since; nothing was changed.")
        ) from exc
    refresh_statistics()
    return Changes(contact_ids=set(contact_ids), contacts_added_or_removed=True, everything=True)


def _put_back(removal: SampleRemoval) -> list[int]:
    contacts = [{**row, **dict.fromkeys(_SELF_REFERENCES)} for row in removal.contacts]
    moved = _insert(m.Contact, contacts)
    for row in removal.contacts:  # their references to each other, now that all are in
        values = {name: moved.get(row[name], row[name]) for name in _SELF_REFERENCES if row[name]}
        if values:
            m.Contact.update(values).where(m.Contact.id == moved[row["id"]]).execute()
    for cid, name, ref in removal.pointers:
        m.Contact.update({name: moved[ref]}).where(m.Contact.id == cid).execute()
    tag_ids = _tags_now(removal.tags)
    for model, rows in removal.children:
        _insert(model, [_relinked(model, row, moved, tag_ids) for row in rows])
    index_documents((moved[cid], body) for cid, body in removal.documents)
    batches = m.ImportBatch.id.in_(removal.batch_ids)
    m.ImportBatch.update(undone_at=None).where(batches).execute()
    return list(moved.values())


def _tags_now(tags: dict[int, str]) -> dict[int, int]:
    """{old tag id: id now}: a tag deleted since is made again under its name."""
    there = _taken(m.Tag, list(tags))
    return {tid: tid if tid in there else tag_named(name).id for tid, name in tags.items()}


def _relinked(
    model: type[m.BaseModel], row: Row, contacts: dict[int, int], tags: dict[int, int]
) -> Row:
    """The row pointing at the contacts' (and tags') ids now."""
    row = dict(row)
    for column in model._meta.refs:
        if column.rel_model is m.Contact and row.get(column.name) in contacts:
            row[column.name] = contacts[row[column.name]]
    if model is m.ContactTag:
        row["tag"] = tags[row["tag"]]
    return row
