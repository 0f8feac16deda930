"""Finding and reading contacts: the list's query, its pages, one contact's details.

The read half of the contacts' use cases (`services/contacts.py` holds the writes): the
window's start and the list import only this, so the write path and its validation load
after the first paint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.services.contact_rows import contact_row
from desktop_crm.services.records import (
    ContactDetails,
    ContactSummary,
    EmailEntry,
    PhoneEntry,
    field_values_of_row,
)
from desktop_crm.services.times import from_storage, to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite
from desktop_crm.store.search import matching_ids_sql

SORT_KEYS = ("name", "company", "stage", "next_follow_up", "last_contact", "lead_source")
CHUNK = 500  # SQLite's bound-parameter limit is far above this; keeps IN lists short


def get_contact(contact_id: int) -> ContactDetails:
    contact = contact_row(contact_id)
    emails = tuple(
        EmailEntry(e.email, e.label, e.is_primary)
        for e in contact.emails.order_by(m.ContactEmail.position)
    )
    phones = tuple(
        PhoneEntry(p.raw, p.e164, p.label, p.is_primary)
        for p in contact.phones.order_by(m.ContactPhone.position)
    )
    tags = tuple(
        t.name
        for t in m.Tag.select()
        .join(m.ContactTag)
        .where(m.ContactTag.contact == contact)
        .order_by(m.Tag.name)
    )
    custom = tuple((c.key, c.value) for c in contact.custom_fields.order_by(m.CustomField.id))
    return ContactDetails(
        id=contact.id,
        full_name=contact.display_name,
        **field_values_of_row(contact),
        archived=contact.archived,
        recontact_on=contact.recontact_on,
        emails=emails,
        phones=phones,
        tags=tags,
        custom_fields=custom,
        possible_duplicate_of=contact.possible_duplicate_of_id,
        version=contact.version,
        created_at=from_storage(contact.created_at),
        updated_at=from_storage(contact.updated_at),
    )


@dataclass(frozen=True)
class ContactQuery:
    """Which contacts the list shows and in what order; sorting is part of the query."""

    search: str = ""
    stage: str | None = None
    tag: str | None = None
    lead_source: str | None = None
    has_open_questions: bool = False
    follow_up_overdue: bool = False
    possible_duplicates: bool = False
    include_archived: bool = False
    archived_only: bool = False  # the archive: archived contacts only, never live ones
    sort: str = "name"
    descending: bool = False
    region: str = DEFAULT_REGION  # how a typed phone number without +/00 is read


def _next_follow_up_expr() -> pw.SelectQuery:
    f = m.FollowUp.alias("nf")
    return f.select(pw.fn.MIN(f.due_at)).where((f.contact == m.Contact.id) & f.done_at.is_null())


def _last_contact_expr() -> pw.SelectQuery:
    c = m.Conversation.alias("lc")
    return c.select(pw.fn.MAX(c.happened_at)).where(c.contact == m.Contact.id)


def _filtered(query: ContactQuery, clock: Clock) -> pw.ModelSelect:
    select = m.Contact.select(m.Contact.id)
    where = []
    if query.archived_only:
        # Merged-away contacts are archived too, but they live on in the contact they
        # were merged into: the archive holds only those archived by hand.
        where.append((m.Contact.archived == True) & m.Contact.merged_into.is_null())  # noqa: E712
    elif not query.include_archived:
        where.append(m.Contact.archived == False)  # noqa: E712 - SQL comparison
    else:
        # Merged-away contacts are archived too; only this filter would show them.
        where.append(m.Contact.merged_into.is_null())
    if query.possible_duplicates:
        where.append(m.Contact.possible_duplicate_of.is_null(False))
    if query.stage:
        where.append(m.Contact.stage == query.stage)
    if query.lead_source:
        where.append(m.Contact.lead_source == query.lead_source)
    if query.tag:
        tagged = (
            m.ContactTag.select(m.ContactTag.contact)
            .join(m.Tag)
            .where(pw.fn.LOWER(m.Tag.name) == query.tag.lower())
        )
        where.append(m.Contact.id.in_(tagged))
    if query.has_open_questions:
        open_q = m.Question.select(m.Question.contact).where(m.Question.answered_at.is_null())
        where.append(m.Contact.id.in_(open_q))
    if query.follow_up_overdue:
        now = to_storage(clock.now())
        overdue = m.FollowUp.select(m.FollowUp.contact).where(
            m.FollowUp.done_at.is_null()
            & (m.FollowUp.due_at < now)
            & (m.FollowUp.snoozed_until.is_null() | (m.FollowUp.snoozed_until < now))
        )
        where.append(m.Contact.id.in_(overdue))
    if query.search.strip():
        found = matching_ids_sql(query.search, query.region)
        if found is not None:
            sql, params = found
            if is_sqlite():
                # Drive the query from the matches (CROSS JOIN fixes the order in SQLite):
                # a few thousand matches are looked up by id instead of the whole list
                # being walked in name order and checked against them.
                select = select.from_(
                    pw.NodeList((pw.SQL(f"({sql}) AS found CROSS JOIN", params), m.Contact))
                )
                where.append(m.Contact.id == pw.SQL("found.rowid"))
            else:
                where.append(m.Contact.id.in_(pw.SQL(f"({sql})", params)))
    for clause in where:
        select = select.where(clause)
    return select


def _order(query: ContactQuery) -> list[pw.Node]:
    key = query.sort if query.sort in SORT_KEYS else "name"
    column = {
        "name": m.Contact.sort_name,
        "company": pw.fn.LOWER(m.Contact.company),
        "stage": m.Contact.stage,
        "lead_source": m.Contact.lead_source,
        "next_follow_up": _next_follow_up_expr(),
        "last_contact": _last_contact_expr(),
    }[key]
    direction = "DESC" if query.descending else "ASC"
    # Contacts without a date go last either way: they are the least urgent.
    nulls = "LAST" if key in ("next_follow_up", "last_contact") else None
    primary = pw.Ordering(column, direction, nulls=nulls)
    # Ties by name, then id, in the same direction: exactly the order of the list's indexes
    # (store/migrations.py SORT_INDEXES), so the database walks an index instead of sorting.
    ties = [] if key == "name" else [pw.Ordering(m.Contact.sort_name, direction)]
    return [primary, *ties, pw.Ordering(m.Contact.id, direction)]


def query_contact_ids(
    query: ContactQuery, *, clock: Clock | None = None, limit: int | None = None
) -> list[int]:
    """Every matching id in display order (or the first `limit`): the list model keeps
    ids and fetches rows lazily; a board column needs only its first few."""
    clock = clock or SystemClock()
    if limit is None:
        return _ids(_filtered(query, clock).order_by(*_order(query)))
    ids: list[int] = []
    for select in head_selects(query, clock):
        if len(ids) == limit:
            break
        ids += _ids(select.limit(limit - len(ids)))
    return ids


def _ids(select: pw.SelectQuery) -> list[int]:
    # Straight from the cursor: at 100k rows Peewee's row wrapping costs more than the query.
    cursor = m.database_proxy.obj.execute(select)
    return [row[0] for row in cursor.fetchall()]


def head_selects(query: ContactQuery, clock: Clock) -> list[pw.ModelSelect]:
    """The reads that give the head of the list, one after the other until a page is full:
    each walks an index in list order (tests/store/test_list_indexes.py checks the plans)."""
    dated = _DATE_SORTS.get(query.sort)
    if dated is None or query.search.strip():
        # A search is driven from its matches and sorts those few; see `_filtered`.
        return [_filtered(query, clock).order_by(*_order(query))]
    return _date_sort_head(query, clock, *dated)


# The date sorts' per-contact date: the earliest open follow-up, the latest conversation.
_DATE_SORTS = {
    "next_follow_up": (m.FollowUp, "due_at", True),
    "last_contact": (m.Conversation, "happened_at", False),
}


def _date_sort_head(
    query: ContactQuery, clock: Clock, table: type[m.BaseModel], date: str, earliest: bool
) -> list[pw.ModelSelect]:
    """The head of a date sort in exactly `_order`'s order, read from the dated rows in date
    order: the full order computes every contact's date and sorts them all (at 100k
    30-140 ms for the first page, against 0.1-1.5 ms this way)."""
    direction = "DESC" if query.descending else "ASC"
    walked, other = table.alias("walked"), table.alias("same_contact")

    def rows_of(alias: type[m.BaseModel] | pw.ModelAlias, contact: pw.Node) -> pw.Expression:
        same = alias.contact == contact
        # Done follow-ups have no say in the next one; every conversation counts.
        return same & alias.done_at.is_null() if hasattr(alias, "done_at") else same

    # The row holding a contact's date (ties by id) stands for it: one row per contact.
    first = "ASC" if earliest else "DESC"
    standing = (
        other.select(other.id)
        .where(rows_of(other, walked.contact))
        .order_by(pw.Ordering(getattr(other, date), first), pw.Ordering(other.id, first))
        .limit(1)
    )
    dated = (
        _filtered(query, clock)
        # CROSS JOIN makes SQLite walk the dated rows in date order (an index).
        .from_(pw.NodeList((walked, pw.SQL("CROSS JOIN"), m.Contact)))
        .where(rows_of(walked, m.Contact.id) & (walked.id == standing))
        .order_by(
            pw.Ordering(getattr(walked, date), direction),
            pw.Ordering(m.Contact.sort_name, direction),
            pw.Ordering(m.Contact.id, direction),
        )
    )
    # Contacts without a date come last either way, in name order.
    any_row = table.select(table.id).where(rows_of(table, m.Contact.id))
    undated = (
        _filtered(query, clock)
        .where(~pw.fn.EXISTS(any_row))
        .order_by(pw.Ordering(m.Contact.sort_name, direction), pw.Ordering(m.Contact.id, direction))
    )
    return [dated, undated]


def count_contacts(query: ContactQuery = ContactQuery(), *, clock: Clock | None = None) -> int:
    return _filtered(query, clock or SystemClock()).count()


def summaries(ids: Sequence[int]) -> dict[int, ContactSummary]:
    """The list rows for `ids`, fetched in a few queries however many there are."""
    result: dict[int, ContactSummary] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        result.update(_summaries_chunk(chunk))
    return result


def _summaries_chunk(ids: list[int]) -> dict[int, ContactSummary]:
    if not ids:
        return {}
    # Raw cursors throughout: Peewee's row conversion cost ~30 ms a page of 100 rows.
    db = m.database_proxy.obj
    primary_email = dict(
        db.execute(
            m.ContactEmail.select(m.ContactEmail.contact, m.ContactEmail.email).where(
                m.ContactEmail.contact.in_(ids) & (m.ContactEmail.is_primary == True)  # noqa: E712
            )
        ).fetchall()
    )
    primary_phone = dict(
        db.execute(
            m.ContactPhone.select(m.ContactPhone.contact, m.ContactPhone.e164).where(
                m.ContactPhone.contact.in_(ids) & (m.ContactPhone.is_primary == True)  # noqa: E712
            )
        ).fetchall()
    )
    follow = dict(
        db.execute(
            m.FollowUp.select(m.FollowUp.contact, pw.fn.MIN(m.FollowUp.due_at))
            .where(m.FollowUp.contact.in_(ids) & m.FollowUp.done_at.is_null())
            .group_by(m.FollowUp.contact)
        ).fetchall()
    )
    last = dict(
        db.execute(
            m.Conversation.select(m.Conversation.contact, pw.fn.MAX(m.Conversation.happened_at))
            .where(m.Conversation.contact.in_(ids))
            .group_by(m.Conversation.contact)
        ).fetchall()
    )
    rows = db.execute(
        m.Contact.select(
            m.Contact.id,
            m.Contact.display_name,
            m.Contact.company,
            m.Contact.stage,
            m.Contact.lead_source,
            m.Contact.archived,
            m.Contact.possible_duplicate_of,
        ).where(m.Contact.id.in_(ids))
    ).fetchall()
    return {
        cid: ContactSummary(
            id=cid,
            full_name=name,
            company=company,
            stage=stage,
            lead_source=source,
            primary_email=primary_email.get(cid),
            phone_e164=primary_phone.get(cid),
            next_follow_up=from_storage(follow.get(cid)),
            last_contact=from_storage(last.get(cid)),
            archived=bool(archived),
            possible_duplicate=duplicate_of is not None,
        )
        for cid, name, company, stage, source, archived, duplicate_of in rows
    }


def list_contacts(
    query: ContactQuery = ContactQuery(),
    *,
    limit: int | None = None,
    clock: Clock | None = None,
) -> list[ContactSummary]:
    ids = query_contact_ids(query, clock=clock, limit=limit)
    rows = summaries(ids)
    return [rows[i] for i in ids if i in rows]


def all_tags() -> list[str]:
    return [t.name for t in m.Tag.select().order_by(pw.fn.LOWER(m.Tag.name))]


def used_lead_sources() -> list[str]:
    rows = (
        m.Contact.select(m.Contact.lead_source)
        .where(m.Contact.lead_source != "")
        .distinct()
        .order_by(m.Contact.lead_source)
        .tuples()
    )
    return [r[0] for r in rows]
