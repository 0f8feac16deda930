"""The contact list's reads: a search's first page at once, and a page of rows in one query.

A broad search ("de", "06") matches a third of 100,000 contacts; putting all of them in
order costs ~50 ms, but the first hundred in list order come from walking the list's
index and keeping the ids that match, which stops after a few hundred index entries.
The full ordered id list is then read in the background (`read_id_list`), streamed from
the cursor into an `IdList`: two arrays instead of 100,000 Python ints in a list and a dict. The list
without a search, kept that way, puts a search's few matches in order without a query."""

from __future__ import annotations

from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.services.contact_queries import ContactQuery, _filtered, _order, query_contact_ids
from desktop_crm.services.times import from_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import READ_ONCE_CACHE_KIB, is_sqlite, page_cache
from desktop_crm.store.search import (
    ListHead,
    RowTest,
    indexed_texts,
    matching_ids_sql,
    narrows,
    row_test,
)

PAGE_SIZE = 100
# Up to this many matches, sorting them all is cheaper than walking the list's index
# (a walk that finds few matches reads the whole index: ~7 ms at 100k; sorting
# 2,500 matched ids costs about 5).
FEW_MATCHES = 2_500
# Sorts whose order is an index (store/migrations.py SORT_INDEXES); the date sorts are
# correlated look-ups, so their first page is read the ordinary way.
_WALKED_SORTS = ("name", "company", "stage", "lead_source")
_SPARSE_IDS = 4  # ids up to this many times the list's length: an array of rows by id
# A broad search and the list order in memory: the order's first ids are tested until a
# page matches, where SQLite built the set of all matches for the index walk (`de`
# 34,000 and `06` 50,000 at 100k: 5-15 ms; `example.org`, nine trigram lists: 20-40 ms).
# A word term (`de`) costs a read of its posting list a chunk: walked from this many
# matches on (below, the index walk costs 1-3 ms). A text term (`example.org`) costs the
# chunk's rows (~0.5 ms for TEXT_PROBE): only that many are looked at, first a quarter.
DENSE_WORDS = 15_000
WORD_CHUNK = 400
TEXT_PROBE = 400
ORDER_WALK_LIMIT = 6_000  # ids tested at most; then the index walk answers
SCAN_CHUNK = 2_000  # ids of the kept order looked up in a set of matches at a time
# Up to this many matches their ids in a set and the kept order scanned for them: above
# it reading the ids costs more than SQLite's walk (`wi`, 7,862: 3.4 against 3.3 ms).
SCAN_MATCHES = 6_000
# A shorter list is counted first: a search with few matches is then complete at once.
PROBED_LIST = 10_000
# A search typed on from the one shown ("cat" → "cate") is tested among its matches, on
# their folded text: read with the shown search's whole list (off the GUI thread) for its
# first NARROW_TEXTS matches, in memory (~0.3 µs a contact), or else read now (~3 µs).
# All of them are tested up to NARROW_ALL (the whole list, complete at once); of more,
# those in memory (or TEXT_PROBE) must hold a page. A word term ("d" → "de") reads its
# posting list whatever the ids: no cheaper than the other ways.
NARROW_TEXTS = 2_000
NARROW_ALL = 600
# The search index of the kept order's first contacts, in memory (`ListHead`): a term with
# nothing to narrow from ("de", "06", "wi") finds its first page there when these hold one.
# At 100k the 100th match of every two-letter bench term but the rarest lies within the
# first 8,000 (`vi` at 7,251 by name); the copy takes ~150 ms of a worker and 3.3 MB
# of a temporary file (not of the heap).
HEAD_SIZE = 8_000
# Rows taken from the cursor at a time when the whole id list is read: a few hundred KB of
# row tuples at once, where fetching all 100,000 made ~8 MB of them (the peak at 100k).
ID_CHUNK = 2_000


@dataclass(frozen=True)
class FirstPage:
    ids: list[int]
    complete: bool  # these are all the matching ids: no background read is needed


class IdList:
    """Ids in list order and the row of each id, as arrays: at 100,000 contacts 1.2 MB,
    where a list of ints and an id → row dict took about 12 MB."""

    __slots__ = ("ids", "_rows")

    def __init__(self, ids: Iterable[int]) -> None:
        self.ids = ids if isinstance(ids, array) else array("q", ids)
        self._rows: array | dict[int, int] | None = None  # rows[id]: its row; on demand

    def __len__(self) -> int:
        return len(self.ids)

    def index_rows(self) -> IdList:
        """Build the id → row table now (on a worker: ~10 ms of Python at 100k)."""
        if self._rows is None:
            top = max(self.ids) if self.ids else -1
            if top >= _SPARSE_IDS * len(self.ids) + 1_000:
                # Ids far apart (a table of mostly deleted rows): a dict is the smaller table.
                self._rows = {cid: row for row, cid in enumerate(self.ids)}
            else:
                rows = array("i", [-1]) * (top + 1)
                for row, cid in enumerate(self.ids):
                    rows[cid] = row
                self._rows = rows
        return self

    def row_of(self, contact_id: int) -> int | None:
        row = self._row(contact_id)
        return row if row >= 0 else None

    def _row(self, contact_id: int) -> int:
        rows = self.index_rows()._rows
        if isinstance(rows, dict):
            return rows.get(contact_id, -1)
        assert rows is not None
        return rows[contact_id] if 0 <= contact_id < len(rows) else -1

    def in_order(self, contact_ids: Iterable[int]) -> list[int]:
        """Those of `contact_ids` that are listed, in list order."""
        rows = self.index_rows()._rows
        # Their rows sorted, then the ids at those rows: plain ints sort about twice as
        # fast as (row, id) pairs.
        if isinstance(rows, dict):
            found = [r for cid in contact_ids if (r := rows.get(cid, -1)) >= 0]
        else:
            assert rows is not None
            size = len(rows)
            found = [r for cid in contact_ids if 0 <= cid < size and (r := rows[cid]) >= 0]
        found.sort()
        ids = self.ids
        return [ids[r] for r in found]


def read_id_list(query: ContactQuery, *, clock: Clock | None = None) -> IdList:
    """Every id `query` lists, in list order, streamed from the cursor into an array (off
    the GUI thread: 40-110 ms at 100k by name, 0.3-0.5 s by a date)."""
    select = _filtered(query, clock or SystemClock()).order_by(*_order(query))
    db = m.database_proxy.obj
    ids = array("q")
    with page_cache(db, READ_ONCE_CACHE_KIB):
        cursor = db.execute(select)
        while rows := cursor.fetchmany(ID_CHUNK):
            ids.extend([cid for (cid,) in rows])
    return IdList(ids)


@dataclass(frozen=True)
class ListOrder:
    """The list of a query without its search, as read at `version` (the reading
    connection's `PRAGMA data_version`): a search's matches are put in its order."""

    query: ContactQuery  # its search is empty
    ids: IdList
    version: int
    head: ListHead | None = None  # the search index of its first HEAD_SIZE ids, once read

    @staticmethod
    def can_order(query: ContactQuery) -> bool:
        """An order kept in memory can sort this query's matches: SQLite (a server does
        its own search), and no filter or sort that moves with the clock."""
        return query.sort in _WALKED_SORTS and not query.follow_up_overdue and is_sqlite()

    def lists(self, query: ContactQuery) -> bool:
        """This is the list of `query` without its search: same filters and sort."""
        return replace(query, search="") == self.query

    def orders(self, query: ContactQuery) -> bool:
        """This is the order of `query`'s matches: same filters and sort, and no write to
        the database since it was read."""
        return self.lists(query) and self.can_order(query) and data_version() == self.version

    def read_head(self) -> ListHead | None:
        """The search index of its first ids, copied (off the GUI thread)."""
        return ListHead.build(self.ids.ids[:HEAD_SIZE].tolist())

    def with_head_of(self, older: ListOrder | None) -> ListOrder | None:
        """This order with `older`'s head where that is its head too (the same list read
        again at the same version: the search cleared); else None."""
        if older is None or older.head is None:
            return None
        if (older.query, older.version) != (self.query, self.version):
            return None
        if older.ids.ids[:HEAD_SIZE] != self.ids.ids[:HEAD_SIZE]:
            return None
        return replace(self, head=older.head)


@dataclass(frozen=True)
class ShownMatches:
    """A search's whole list of matches in list order, as read at `version`: a search
    typed on from it finds only some of them, so they are tested instead of the index."""

    query: ContactQuery  # its search is not empty
    ids: IdList
    version: int
    texts: Mapping[int, str] = field(default_factory=dict)  # of its first ids, or none

    def narrows_to(self, query: ContactQuery) -> bool:
        """`query` finds a part of these matches, in this order: same filters and sort, a
        search that only adds to this one, and no write to the database since."""
        return (
            replace(query, search="") == replace(self.query, search="")
            and ListOrder.can_order(query)
            and narrows(self.query.search, query.search, query.region)
            and data_version() == self.version
        )


def match_texts(ids: IdList) -> dict[int, str]:
    """The folded texts of a search's first NARROW_TEXTS matches, for `ShownMatches`."""
    return indexed_texts(ids.ids[:NARROW_TEXTS].tolist())


class RecentFirstPages:
    """The first pages of the last few searches, while the database is unchanged: typing
    on and deleting back ("jansen" → "jan") asks the same searches again."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._pages: OrderedDict[ContactQuery, tuple[int, FirstPage]] = OrderedDict()

    def get(self, query: ContactQuery, version: int) -> FirstPage | None:
        found = self._pages.get(query)
        if found is None or found[0] != version:
            return None
        self._pages.move_to_end(query)
        return found[1]

    def put(self, query: ContactQuery, version: int, page: FirstPage) -> None:
        # Only what the database alone decides: an overdue filter moves with the clock.
        if query.search.strip() and ListOrder.can_order(query):
            self._pages[query] = (version, page)
            self._pages.move_to_end(query)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        self._pages.clear()


def data_version() -> int:
    """Changes with every commit of another connection (SQLite); 0 on a server."""
    if not is_sqlite():
        return 0
    return int(m.database_proxy.obj.execute_sql("PRAGMA data_version").fetchone()[0])


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
    query: ContactQuery,
    *,
    clock: Clock | None = None,
    size: int = PAGE_SIZE,
    order: ListOrder | None = None,
    previous: ShownMatches | None = None,
) -> FirstPage:
    """The first `size` ids in list order; all of them when the search matches few.
    `order`, when it still `orders` the query, sorts few matches without a query;
    `previous`, when the query `narrows` its search, holds every match in order."""
    clock = clock or SystemClock()
    if previous is not None and previous.narrows_to(query):
        narrowed = _narrowed(previous, query, size)
        if narrowed is not None:
            return narrowed
    found = _walked_matches(query)
    if found is None:
        ids = query_contact_ids(query, clock=clock, limit=size)
        return FirstPage(ids, len(ids) < size)
    kept = order is not None and order.orders(query)
    if kept and order is not None and order.head is not None:
        headed = _from_head(order, order.head, query, size)
        if headed is not None:
            return headed
        if order.head.answers(query.search, query.region):
            # Less than a page among the list's first HEAD_SIZE: most likely few in all.
            # Their ids are read at once, where the ways below count them first and look
            # at the list's first rows for a text term (which the head has just done).
            sparse = _sparse_page(order, found, size)
            if sparse is not None:
                return sparse
    test = row_test(query.search, query.region) if kept else None
    if order is not None and test is not None and test.substrings and len(order.ids) > PROBED_LIST:
        # Text terms in a long list: a look at its first rows before anything is counted
        # (counting them costs as much as finding them all); it gives up as soon as they
        # match too rarely to fill a page within TEXT_PROBE ids.
        probed = walk_order(order, test, size, TEXT_PROBE, TEXT_PROBE // 4, size / TEXT_PROBE)
        if probed is not None:
            return probed
    words = test is not None and not test.substrings
    counted = max(FEW_MATCHES, DENSE_WORDS if words else 0, SCAN_MATCHES if kept else 0)
    matches = _count_matches(*found, counted)
    if matches <= FEW_MATCHES:
        if kept:
            assert order is not None
            # The matches' ids alone (no contact rows), put in the list order kept in
            # memory: 1-2 ms where looking up and sorting their rows took 4-7 (at 2,000).
            # More matches than FEW_MATCHES cost more this way than the index walk.
            sql, params = found
            matched = [row[0] for row in m.database_proxy.obj.execute_sql(sql, params)]
            return FirstPage(order.ids.in_order(matched), True)
        # Few matches: driven from them and sorted, the whole list costs a few milliseconds.
        return FirstPage(query_contact_ids(query, clock=clock), True)
    if kept and matches <= SCAN_MATCHES:
        assert order is not None
        # Their ids in a set (~0.2 µs each) and the kept order scanned for them, where
        # SQLite built the same set and walked the index in order (GUI-thread CPU, load
        # ~9: `mu`, 4,143 matches, 2.3 against 3.3 ms; `jan` 2.3 against 3.1).
        sql, params = found
        rows = m.database_proxy.obj.execute_sql(sql, params)
        return scan_order(order, {row[0] for row in rows}, size)
    if order is not None and test is not None and words and matches > DENSE_WORDS:
        # 1 in 6 or more match: WORD_CHUNK ids hold a page at the usual density. A larger
        # first chunk costs more than it saves (1,333 ids: +2-3 ms for the longer IN list).
        walked = walk_order(order, test, size, ORDER_WALK_LIMIT, WORD_CHUNK)
        if walked is not None:
            return walked
    # Built only now: Peewee takes ~0.3 ms to put the walk together.
    walk = first_page_select(query, clock, size)
    assert walk is not None  # _walked_matches checked it
    ids = [row[0] for row in m.database_proxy.obj.execute(walk).fetchall()]
    return FirstPage(ids, len(ids) < size)


def scan_order(order: ListOrder, matched: set[int], size: int) -> FirstPage:
    """The first `size` ids of `order` that are in `matched` (all of a search's matches,
    some perhaps not in this list: archived, another stage)."""
    ids = order.ids.ids
    found: list[int] = []
    start, chunk = 0, SCAN_CHUNK
    while start < len(ids) and len(found) < size:
        found.extend(cid for cid in ids[start : start + chunk].tolist() if cid in matched)
        start += chunk
    return FirstPage(found[:size], start >= len(ids) and len(found) <= size)


def walk_order(
    order: ListOrder,
    test: RowTest,
    size: int,
    limit: int,
    chunk: int = TEXT_PROBE,
    least_rate: float = 0.0,
) -> FirstPage | None:
    """The first `size` matches in `order` of the search `test` stands for, its ids tested
    `chunk` at a time (doubling); None when the first `limit` ids hold fewer, or as soon
    as fewer than `least_rate` of the ids tested so far match."""
    walked = _walk(order.ids.ids, test, size, limit, chunk, least_rate)
    if walked is None:
        return None
    found, whole = walked
    return FirstPage(found[:size], whole and len(found) <= size)


def _walk(
    ids: array,
    test: RowTest,
    size: int,
    limit: int,
    chunk: int,
    least_rate: float = 0.0,
    texts: Mapping[int, str] | None = None,
) -> tuple[list[int], bool] | None:
    """(the matches among `ids` tested `chunk` at a time, doubling, until `size` are found;
    whether every id was tested), or None as `walk_order` says."""
    found: list[int] = []
    start = 0
    while start < len(ids) and start < limit and len(found) < size:
        part = ids[start : start + min(chunk, limit - start)].tolist()
        hits = test.matches(part) if texts is None else test.matches(part, texts)
        found.extend(cid for cid in part if cid in hits)
        start += len(part)
        chunk *= 2
        if len(found) < size and len(found) < least_rate * start:
            return None
    if start >= len(ids):
        return found, True
    if len(found) >= size:
        return found, False
    return None


def _narrowed(previous: ShownMatches, query: ContactQuery, size: int) -> FirstPage | None:
    """The first page of a search typed on from `previous`, tested among its matches:
    complete when all of them were tested. None for a word term, or when the first
    TEXT_PROBE matches hold less than a page (the other ways answer then)."""
    test = row_test(query.search, query.region)
    if test is None or not test.substrings:
        return None
    ids = previous.ids.ids
    if previous.texts:  # the texts of the first len(texts) ids, in memory
        limit = min(len(ids), len(previous.texts))
        chunk = limit if len(ids) <= min(limit, NARROW_TEXTS) else TEXT_PROBE
        walked = _walk(ids, test, size, limit, chunk, texts=previous.texts)
    else:
        chunk = len(ids) if len(ids) <= NARROW_ALL else TEXT_PROBE
        walked = _walk(ids, test, size, chunk, chunk, size / chunk)
    if walked is None:
        return None
    found, whole = walked
    # Every match when the walk reached the end: the count is exact at once.
    return FirstPage(found, True) if whole else FirstPage(found[:size], False)


def _from_head(
    order: ListOrder, head: ListHead, query: ContactQuery, size: int
) -> FirstPage | None:
    """The first page from the order's head, or None when the head holds less than a page
    of a longer list (the other ways answer then)."""
    whole = head.size >= len(order.ids)
    rows = head.matches(query.search, query.region, None if whole else size)
    if rows is None or (not whole and len(rows) < size):
        return None
    ids = order.ids.ids
    # A head that is the whole list holds every match: complete, the count exact at once.
    return FirstPage([ids[row] for row in rows], whole)


def _sparse_page(order: ListOrder, found: tuple[str, list], size: int) -> FirstPage | None:
    """The first page of a search with at most SCAN_MATCHES matches, put in the kept order
    as below; None for more."""
    sql, params = found
    cursor = m.database_proxy.obj.execute_sql(
        f"SELECT * FROM ({sql}) LIMIT {SCAN_MATCHES + 1}", params
    )
    matched = [row[0] for row in cursor]
    if len(matched) <= FEW_MATCHES:
        return FirstPage(order.ids.in_order(matched), True)
    if len(matched) <= SCAN_MATCHES:
        return scan_order(order, set(matched), size)
    return None


def _walked_matches(query: ContactQuery) -> tuple[str, list] | None:
    """The search's matches as SQL where its first page can be walked, else None."""
    if not query.search.strip() or not is_sqlite() or query.sort not in _WALKED_SORTS:
        return None
    return matching_ids_sql(query.search, query.region)


def first_page_select(query: ContactQuery, clock: Clock, size: int) -> pw.ModelSelect | None:
    """The index walk for a search's first page, or None where it does not apply."""
    found = _walked_matches(query)
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


def _count_matches(sql: str, params: list, limit: int) -> int:
    """The number of matches, counted up to `limit` + 1."""
    cursor = m.database_proxy.obj.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM ({sql}) LIMIT {int(limit) + 1})", params
    )
    return int(cursor.fetchone()[0])


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
