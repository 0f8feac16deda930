"""The contact list's reads: a search's first page at once, and a page of rows in one query.

A broad search ("de", "06") matches a third of 100,000 contacts; putting all of them in
order costs ~50 ms, but the first hundred in list order come from walking the list's
index and keeping the ids that match, which stops after a few hundred index entries.
The full ordered id list is then read in the background (`query_contact_ids`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.services.contacts import ContactQuery, _filtered, _order, query_contact_ids
from desktop_crm.services.times import from_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite
from desktop_crm.store.search import matching_ids_sql

PAGE_SIZE = 100
# Up to this many matches, sorting them all is cheaper than walking the list's index
# (a walk that finds few matches reads the whole index: ~7 ms at 100k; sorting
# 2,500 matched ids costs about 5).
FEW_MATCHES = 2_500
# Sorts whose order is an index (store/migrations.py SORT_INDEXES); the date sorts are
# correlated look-ups, so their first page is read the ordinary way.
_WALKED_SORTS = ("name", "company", "stage", "lead_source")


@dataclass(frozen=True)
class FirstPage:
    ids: list[int]
    complete: bool  # these are all the matching ids: no background read is needed


@dataclass(frozen=True, slots=True)
class ListRow:
    """What the list shows of one contact, as stored (formatting is the UI's)."""

    id: int
    name: str  # the full name or, without one, the primary email
    company: str
    stage: str
    lead_source: str
    next_follow_up: datetime | None
    last_contact: datetime | None
    possible_duplicate: bool
    custom: dict[str, str] = field(default_factory=dict)


def first_page(
    query: ContactQuery, *, clock: Clock | None = None, size: int = PAGE_SIZE
) -> FirstPage:
    """The first `size` ids in list order; all of them when the search matches few."""
    clock = clock or SystemClock()
    walk = first_page_select(query, clock, size)
    if walk is None:
        ids = query_contact_ids(query, clock=clock, limit=size)
        return FirstPage(ids, len(ids) < size)
    found = matching_ids_sql(query.search, query.region)
    assert found is not None  # first_page_select checked it
    if _matches_at_most(*found, FEW_MATCHES):
        # Few matches: driven from them and sorted, the whole list costs a millisecond or two.
        return FirstPage(query_contact_ids(query, clock=clock), True)
    ids = [row[0] for row in m.database_proxy.obj.execute(walk).fetchall()]
    return FirstPage(ids, len(ids) < size)


def first_page_select(query: ContactQuery, clock: Clock, size: int) -> pw.ModelSelect | None:
    """The index walk for a search's first page, or None where it does not apply."""
    if not query.search.strip() or not is_sqlite() or query.sort not in _WALKED_SORTS:
        return None
    found = matching_ids_sql(query.search, query.region)
    if found is None:
        return None
    sql, params = found
    # The unary + keeps SQLite from looking the matches up by id (and then sorting them
    # all): it walks the index in list order and checks each id against the matches.
    matches = pw.NodeList((pw.SQL("+"), m.Contact.id, pw.SQL(f"IN ({sql})", params)))
    return (
        _filtered(replace(query, search=""), clock)
        .where(matches)
        .order_by(*_order(query))
        .limit(size)
    )


def _matches_at_most(sql: str, params: list, limit: int) -> bool:
    cursor = m.database_proxy.obj.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM ({sql}) LIMIT {int(limit) + 1})", params
    )
    return cursor.fetchone()[0] <= limit


# One raw query a page: Peewee's building of a 100-id IN list cost more than the query.
_ROWS_SQL = (
    "SELECT c.id, c.display_name, c.company, c.stage, c.lead_source, c.possible_duplicate_of_id,"
    " (SELECT e.email FROM contact_email e"
    "  WHERE e.contact_id = c.id AND e.is_primary ORDER BY e.position LIMIT 1),"
    " (SELECT MIN(f.due_at) FROM follow_up f WHERE f.contact_id = c.id AND f.done_at IS NULL),"
    " (SELECT MAX(v.happened_at) FROM conversation v WHERE v.contact_id = c.id)"
    " FROM contact c WHERE c.id IN ({ids})"
)


def list_rows(ids: Sequence[int], custom_keys: Sequence[str] = ()) -> dict[int, ListRow]:
    """The rows of one page in one query (plus one for custom fields, when shown)."""
    if not ids:
        return {}
    # Our own integer ids, written into the SQL: int() makes that safe.
    sql = _ROWS_SQL.format(ids=",".join(str(int(cid)) for cid in ids))
    db = m.database_proxy.obj
    custom = _custom_values(ids, custom_keys) if custom_keys else {}
    return {
        cid: ListRow(
            id=cid,
            name=name or mail or "",
            company=company or "",
            stage=stage,
            lead_source=source or "",
            next_follow_up=from_storage(due),
            last_contact=from_storage(last),
            possible_duplicate=duplicate_of is not None,
            custom=custom.get(cid, {}),
        )
        for cid, name, company, stage, source, duplicate_of, mail, due, last in db.execute_sql(
            sql
        ).fetchall()
    }


def _custom_values(ids: Sequence[int], keys: Sequence[str]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = defaultdict(dict)
    select = m.CustomField.select(m.CustomField.contact, m.CustomField.key, m.CustomField.value)
    select = select.where(m.CustomField.contact.in_(list(ids)) & m.CustomField.key.in_(list(keys)))
    for cid, key, value in m.database_proxy.obj.execute(select.order_by(m.CustomField.id)):
        found[cid].setdefault(key, value)  # the first value of a key, as the detail pane shows
    return found
