"""The list without a search, kept in memory (`ListOrder`), puts a search's few matches in
the same order as the query does, walks it for a search's first page of many matches, and
is set aside after any write; `IdList` holds ids and their rows as arrays."""

from __future__ import annotations

import random
import sqlite3
from array import array
from dataclasses import replace

import pytest

from desktop_crm.services import list_pages
from desktop_crm.services.contacts import ContactQuery, query_contact_ids
from desktop_crm.services.list_pages import (
    IdList,
    ListOrder,
    RecentFirstPages,
    data_version,
    first_page,
)
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite, write_transaction
from desktop_crm.store.search import ListHead, RowTest, matching_ids_sql, row_test
from tests.services.test_list_pages import seed_contacts

GIVEN = ["Anna", "Bram", "Cees", "Daan", "Emma", "Fleur", "Joost", "Sanne", "Zoë", "Łukasz"]
FAMILY = ["de Wit", "Bakker", "Jansen", "van Dijk", "Visser", "Mulder", "Smit", "Wit"]
COMPANIES = ["Delta Design", "Bakkerij Wit", "", "Jansen & Zn", "Dekker BV", "山田商事"]
STAGES = ["lead", "prospect", "customer", "not_now"]


@pytest.fixture
def people(db):
    """600 contacts; names, companies and stages repeat, some are archived."""
    if not is_sqlite():
        pytest.skip("the kept order serves SQLite's search; a server sorts its own")
    rng = random.Random(7)
    names = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(600)]
    ids = []
    for company in COMPANIES:  # seed_contacts gives one company a call
        ids += seed_contacts(names[len(ids) : len(ids) + 120], company=company)
    with write_transaction():
        for cid in ids:
            m.Contact.update(
                stage=rng.choice(STAGES),
                lead_source=rng.choice(["internet", "referral", ""]),
                archived=rng.random() < 0.1,
            ).where(m.Contact.id == cid).execute()
    return ids


def _order(query: ContactQuery, clock) -> ListOrder:
    version = data_version()
    base = replace(query, search="")
    return ListOrder(base, IdList(query_contact_ids(base, clock=clock)).index_rows(), version)


QUERIES = [
    ContactQuery(),
    ContactQuery(descending=True),
    ContactQuery(sort="company"),
    ContactQuery(sort="stage", descending=True),
    ContactQuery(sort="lead_source"),
    ContactQuery(stage="lead"),
    ContactQuery(include_archived=True),
]
TERMS = ["wit", "de", "jansen", "bakker", "sanne de", "an", "&", "d", "zz", "visser emma"]
# More for the walk of the kept order: accents, CJK, a symbol with a word, a long and a
# short term together, terms inside words.
WALK_TERMS = ["zoe", "ŁUKASZ", "山田", "田", "& zn", "akke", "ij w", "de wit", "bv", "ee"]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
def test_a_kept_order_gives_the_ids_the_query_gives(people, clock, query):
    order = _order(query, clock)
    for term in TERMS:
        searched = replace(query, search=term)
        whole = query_contact_ids(searched, clock=clock)
        kept = first_page(searched, clock=clock, order=order)
        assert order.orders(searched)
        assert kept.complete  # 600 contacts: every search matches few
        assert kept.ids == whole, term
        assert first_page(searched, clock=clock) == kept


def test_a_kept_order_of_other_filters_or_sorts_is_not_used(people, clock):
    order = _order(ContactQuery(), clock)
    assert not order.orders(ContactQuery(search="wit", sort="company"))
    assert not order.orders(ContactQuery(search="wit", stage="lead"))
    overdue = ContactQuery(follow_up_overdue=True)
    assert not ListOrder.can_order(overdue)  # it moves with the clock
    assert not ListOrder.can_order(ContactQuery(sort="next_follow_up"))


def test_a_write_by_another_connection_sets_the_kept_order_aside(people, clock, data_paths):
    order = _order(ContactQuery(), clock)
    query = ContactQuery(search="wit")
    before = first_page(query, clock=clock, order=order).ids
    renamed = before[-1]  # the last "wit" moves to the front by its new sort name
    with sqlite3.connect(data_paths.database) as other:
        other.execute("UPDATE contact SET sort_name = '0 first' WHERE id = ?", (renamed,))

    assert not order.orders(query)
    after = first_page(query, clock=clock, order=order)
    assert after.ids == query_contact_ids(query, clock=clock)
    assert after.ids[0] == renamed


def test_the_id_list_finds_rows_and_orders_ids():
    listed = IdList([30, 10, 20, 5])
    assert isinstance(listed.ids, array)
    assert [listed.row_of(cid) for cid in (30, 10, 20, 5, 7, 99, -1)] == [0, 1, 2, 3] + [None] * 3
    assert listed.in_order([5, 99, 30, 20, 7]) == [30, 20, 5]
    assert len(listed) == 4


def test_ids_far_apart_are_found_through_a_dict():
    listed = IdList([10_000_000, 3, 500_000]).index_rows()
    assert isinstance(listed._rows, dict)  # not an array of ten million rows
    assert listed.row_of(500_000) == 2
    assert listed.in_order([500_000, 3, 4, 10_000_000]) == [10_000_000, 3, 500_000]


def test_an_empty_id_list():
    empty = IdList(())
    assert empty.row_of(1) is None
    assert empty.in_order([1, 2]) == []
    assert list_pages.PAGE_SIZE > len(empty)


def test_recent_first_pages_are_kept_while_the_database_is_unchanged(people, clock):
    recent = RecentFirstPages(size=2)
    version = data_version()
    wit, de, an = (ContactQuery(search=term) for term in ("wit", "de", "an"))
    page = first_page(wit, clock=clock)
    recent.put(wit, version, page)
    assert recent.get(wit, version) == page
    assert recent.get(wit, version + 1) is None  # a commit since: read again
    recent.put(de, version, first_page(de, clock=clock))
    recent.put(an, version, first_page(an, clock=clock))
    assert recent.get(wit, version) is None  # the oldest of more than two went
    assert recent.get(an, version) is not None
    overdue = ContactQuery(search="wit", follow_up_overdue=True)
    recent.put(overdue, version, page)
    assert recent.get(overdue, version) is None  # it moves with the clock: never kept
    recent.clear()
    assert recent.get(an, version) is None


@pytest.fixture
def broad_searches(monkeypatch):
    """Every search counts as broad: its first page is walked off the kept order."""
    monkeypatch.setattr(list_pages, "FEW_MATCHES", 0)
    monkeypatch.setattr(list_pages, "DENSE_WORDS", 0)
    monkeypatch.setattr(list_pages, "TEXT_PROBE", 1_000)  # the whole of 600 contacts
    monkeypatch.setattr(list_pages, "PROBED_LIST", 0)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
def test_a_walk_of_the_kept_order_gives_the_head_the_query_gives(
    people, clock, query, broad_searches
):
    """The first page tested off the kept order a chunk at a time (small chunks here, so
    that a page takes several) is the head of the query's whole list."""
    order = _order(query, clock)
    walked_terms = []
    for size in (3, 25):
        for term in TERMS + WALK_TERMS:
            searched = replace(query, search=term)
            whole = query_contact_ids(searched, clock=clock)
            test = row_test(term)
            assert test is not None
            walked = list_pages.walk_order(order, test, size, list_pages.ORDER_WALK_LIMIT, 7)
            assert walked is not None  # 600 contacts: within the walk's limit
            assert walked.ids == whole[:size], term
            # Complete means all of them (a page of exactly `size` may not know it yet).
            assert walked.complete >= (len(whole) < size), term
            assert walked.complete <= (len(whole) <= size), term
            assert first_page(searched, clock=clock, order=order, size=size).ids == walked.ids
            walked_terms += [term] if len(whole) > size else []
    assert len(walked_terms) > 10  # most terms fill a page: the chunks were walked


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
def test_a_scan_of_the_kept_order_for_the_matches_gives_the_head_the_query_gives(
    people, clock, query, monkeypatch
):
    """Matches too many to sort (none here) and too few to walk for: their ids in a set and
    the kept order scanned for them (a few ids at a time here)."""
    monkeypatch.setattr(list_pages, "FEW_MATCHES", 0)
    monkeypatch.setattr(list_pages, "PROBED_LIST", 10**9)  # no look at the first rows
    monkeypatch.setattr(list_pages, "SCAN_CHUNK", 7)
    scanned: list[int] = []
    real = list_pages.scan_order
    monkeypatch.setattr(
        list_pages,
        "scan_order",
        lambda o, found, size: scanned.append(size) or real(o, found, size),
    )
    order = _order(query, clock)
    for size in (3, 25):
        for term in TERMS + WALK_TERMS:
            searched = replace(query, search=term)
            whole = query_contact_ids(searched, clock=clock)
            page = first_page(searched, clock=clock, order=order, size=size)
            assert page.ids == (whole if page.complete else whole[:size]), term
            assert len(page.ids) == min(size, len(whole)), term
            assert page.complete <= (len(whole) <= size), term
    assert len(scanned) > 20


def test_past_its_limit_the_walk_gives_way_to_the_query(people, clock, broad_searches, monkeypatch):
    monkeypatch.setattr(list_pages, "TEXT_PROBE", 40)
    order = _order(ContactQuery(), clock)
    for term in ("山田", "ij w"):  # a word and a text term; few in the list's first 40
        query = ContactQuery(search=term)
        test = row_test(term)
        assert test is not None
        assert list_pages.walk_order(order, test, 100, 40, 5) is None
        whole = query_contact_ids(query, clock=clock)
        assert first_page(query, clock=clock, order=order).ids == whole[:100]


def test_the_walk_gives_up_as_soon_as_its_terms_match_too_rarely(people, clock, monkeypatch):
    order = _order(ContactQuery(), clock)
    test = row_test("bakkerij")  # one company in six: too few to fill a page from 1 in 4
    assert test is not None
    tested: list[int] = []
    real = RowTest.matches
    monkeypatch.setattr(
        RowTest, "matches", lambda self, ids: tested.append(len(ids)) or real(self, ids)
    )
    assert list_pages.walk_order(order, test, 100, 600, 40, 0.25) is None
    assert tested == [40]  # one chunk, not the 600 ids
    tested.clear()
    page = list_pages.walk_order(order, test, 20, 600, 40, 0.1)  # 1 in 10 is enough
    assert page is not None and len(page.ids) == 20 and len(tested) > 1


def test_the_row_test_finds_what_the_index_finds(people):
    ids = [cid for (cid,) in m.Contact.select(m.Contact.id).tuples()]
    for term in TERMS + WALK_TERMS + ["delta design", "0", "jansen & zn"]:
        found = matching_ids_sql(term)
        test = row_test(term)
        assert found is not None and test is not None
        sql, params = found
        expected = {row[0] for row in m.database_proxy.obj.execute_sql(sql, params)}
        assert test.matches(ids) == expected, term
        assert test.matches(ids[:50]) == expected & set(ids[:50]), term


def test_a_walk_finds_contacts_whose_search_text_still_waits_for_the_index(
    people, clock, broad_searches, tmp_path
):
    """An import commits its contacts before their search index is built: until it is, a
    broad search takes the query's path (whose fallback reads the waiting texts)."""
    from desktop_crm.services.importing import open_import, run_import
    from desktop_crm.store.search_pending import pending_count

    csv_file = tmp_path / "more.csv"
    csv_file.write_text(
        "First Name,Last Name,Company\n"
        + "".join(f"Anna,Aalders {n},Bakkerij Wit\n" for n in range(30)),  # first by name
        encoding="utf-8",
    )
    run_import(open_import(csv_file, region="NL"), clock=clock, backup=False, index_search=False)
    assert pending_count(m.database_proxy.obj) == 30
    assert row_test("wit") is None  # the row test reads the index only
    order = _order(ContactQuery(), clock)
    for term in ("wit", "aal", "an", "anna", "bakkerij wit"):
        searched = ContactQuery(search=term)
        whole = query_contact_ids(searched, clock=clock)
        assert first_page(searched, clock=clock, order=order, size=25).ids == whole[:25], term


# Searches typed on from another ("wi" → "wit"), and some that are not ("ja" → "jan": a
# word's start, then any substring): each new one is tested among the old one's matches.
TYPED_ON = [
    ("wi", "wit"),
    ("wit", "de wit"),
    ("an", "anna"),
    ("bak", "bakker"),
    ("bakker", "bakkerij w"),
    ("ee", "cees"),
    ("山", "山田"),
    ("de", "delta"),
    ("&", "& zn"),
    ("jan", "jansen"),
    ("d", "de"),
    ("ja", "jan"),
    ("ak", "akke"),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("cat", "cate", True),
        ("jan", "jan de", True),
        ("jan de", "jan", False),
        ("d", "de", True),  # a word's start, longer
        ("ja", "jan", False),  # "jan" may start inside a word: "Bejan"
        ("06", "061", False),
        ("山", "山田", True),
        ("田", "山田", True),
        ("a山", "ab山", False),  # CJK phrases with other words: not worth the rules
        ("&", "a&b", True),
        ("&", "&a", False),  # a word's start: "a" only, the "&" is no part of a word
        ("ak", "bakker", False),
        ("", "bakker", False),
        ("bakker", "", False),
    ],
)
def test_a_search_narrows_another_only_when_the_index_finds_fewer(old, new, expected):
    assert list_pages.narrows(old, new) is expected


def test_every_search_that_narrows_another_finds_a_part_of_its_matches(people):
    def found(term: str) -> set[int]:
        sql, params = matching_ids_sql(term) or ("", [])
        return {row[0] for row in m.database_proxy.obj.execute_sql(sql, params)}

    terms = TERMS + WALK_TERMS + [new for _old, new in TYPED_ON]
    pairs = [(a, b) for a in terms for b in terms if list_pages.narrows(a, b)]
    assert len(pairs) > 60
    for old, new in pairs:
        assert found(new) <= found(old), (old, new)


def _shown(query: ContactQuery, clock, texts: bool = False) -> list_pages.ShownMatches:
    """A search's whole list as shown; with `texts`, the texts of its first NARROW_TEXTS."""
    version = data_version()
    ids = IdList(query_contact_ids(query, clock=clock))
    return list_pages.ShownMatches(
        query, ids, version, list_pages.match_texts(ids) if texts else {}
    )


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
def test_a_search_typed_on_is_found_among_the_shown_matches(
    people, clock, query, monkeypatch, narrowed
):
    """The same ids in the same order as the query: the whole list when every shown match
    was tested, else the head of it (small probes here, so that every way is taken: the
    texts read now, all or some of them in memory)."""
    ways = [(10_000, 400, 100, 0), (0, 40, 8, 0), (0, 400, 5, 0), (0, 40, 8, 60), (0, 7, 5, 600)]
    ways.append((0, 2, 5, 3))  # texts of too few matches for a page: the other ways answer
    for narrow_all, probe, size, texts in ways:
        monkeypatch.setattr(list_pages, "NARROW_ALL", narrow_all)
        monkeypatch.setattr(list_pages, "TEXT_PROBE", probe)
        monkeypatch.setattr(list_pages, "NARROW_TEXTS", texts)
        for old, new in TYPED_ON:
            previous = _shown(replace(query, search=old), clock, texts=texts > 0)
            searched = replace(query, search=new)
            whole = query_contact_ids(searched, clock=clock)
            page = first_page(searched, clock=clock, size=size, previous=previous)
            assert page.ids == (whole if page.complete else whole[:size]), (old, new)
    assert {"de wit", "bakker", "bakkerij w", "& zn", "jansen"} <= set(narrowed)
    # Not typed on from the old search ("wi" is a word's start), or a word term alone.
    assert not {"wit", "anna", "jan", "de", "akke", "山田"} & set(narrowed)


def test_shown_matches_are_set_aside_after_a_write_or_for_other_filters(people, clock, data_paths):
    previous = _shown(ContactQuery(search="wit"), clock)
    assert previous.narrows_to(ContactQuery(search="wit de"))
    assert not previous.narrows_to(ContactQuery(search="wit", stage="lead"))
    assert not previous.narrows_to(ContactQuery(search="wit", sort="company"))
    assert not previous.narrows_to(ContactQuery(search="it"))
    with sqlite3.connect(data_paths.database) as other:
        other.execute("UPDATE contact SET company = 'Wit' WHERE id = ?", (people[0],))
    assert not previous.narrows_to(ContactQuery(search="wit de"))


# Terms for the head's index: every kind `matching_ids_sql` builds (word starts, substrings,
# CJK phrases, symbols, a phone number's digits, several terms at once), and some that match
# nothing.
HEAD_TERMS = TERMS + WALK_TERMS + ["0", "06", "+31", "delta design", "jansen & zn", "qq", "zz zz"]
WITH_SYMBOL = {"&", "& zn", "jansen & zn"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
def test_the_list_head_finds_in_its_contacts_what_the_index_finds(people, clock, query):
    """The head's rows are the list's rows of the query's matches among its first contacts,
    in list order; with a limit, the first of them."""
    order = _order(query, clock)
    for size in (0, 37, 600):
        head = ListHead.build(order.ids.ids[:size].tolist())
        assert head is not None and head.size == min(size, len(order.ids))
        for term in HEAD_TERMS:
            whole = query_contact_ids(replace(query, search=term), clock=clock)
            rows = sorted(r for cid in whole if (r := order.ids.row_of(cid)) is not None)
            expected = [r for r in rows if r < size]
            if term in WITH_SYMBOL:  # its LIKE reads texts, which the head does not keep
                assert head.matches(term) is None
                continue
            assert head.matches(term) == expected, term
            assert head.matches(term, limit=5) == expected[:5], term


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.descending}-{q.stage}")
@pytest.mark.parametrize(("few", "scanned"), [(2_500, 6_000), (0, 6_000), (0, 30), (0, 0)])
def test_a_first_page_from_the_list_head_is_the_head_of_the_query_list(
    people, clock, query, few, scanned, monkeypatch
):
    """From a head of some of the list: the query's first page where the head holds one;
    else the matches read at once, put in order or scanned for, up to their limits (then
    the other ways answer); from a head of all of it: every match, complete."""
    monkeypatch.setattr(list_pages, "FEW_MATCHES", few)
    monkeypatch.setattr(list_pages, "SCAN_MATCHES", scanned)
    sparse: list[bool] = []
    real = list_pages._sparse_page
    monkeypatch.setattr(
        list_pages,
        "_sparse_page",
        lambda *args: sparse.append((page := real(*args)) is not None) or page,
    )
    order = _order(query, clock)
    answered = 0
    for head_size in (120, len(order.ids)):
        headed = replace(order, head=ListHead.build(order.ids.ids[:head_size].tolist()))
        for size in (3, 25):
            for term in HEAD_TERMS:
                searched = replace(query, search=term)
                whole = query_contact_ids(searched, clock=clock)
                page = first_page(searched, clock=clock, order=headed, size=size)
                assert page.ids == (whole if page.complete else whole[:size]), term
                assert len(page.ids) == (len(whole) if page.complete else size), term
                answered += list_pages._from_head(headed, headed.head, searched, size) is not None
    assert answered > 50
    assert sparse.count(True) >= 20  # read at once: sorted, scanned, or none match
    # Past SCAN_MATCHES the other ways answer.
    assert (sparse.count(False) >= 4) if scanned < 100 else all(sparse)


def test_a_write_by_another_connection_sets_the_list_head_aside(people, clock, data_paths):
    order = _order(ContactQuery(), clock)
    order = replace(order, head=order.read_head())
    query = ContactQuery(search="wit")
    assert first_page(query, clock=clock, order=order).ids[:3] == [
        order.ids.ids[row] for row in order.head.matches("wit", limit=3)
    ]
    last = order.ids.ids[-1]  # by name the last: now found by "wit", and first by name
    with sqlite3.connect(data_paths.database) as other:
        other.execute("UPDATE contact SET sort_name = '0 first' WHERE id = ?", (last,))
        other.execute("UPDATE contact_fts_tri SET body = body || ' wit' WHERE rowid = ?", (last,))
        other.execute("UPDATE contact_fts_word SET body = body || ' wit' WHERE rowid = ?", (last,))
    after = first_page(query, clock=clock, order=order)
    assert after.ids == query_contact_ids(query, clock=clock)
    assert after.ids[0] == last


def test_no_list_head_while_texts_wait_for_the_index(people, clock, tmp_path):
    from desktop_crm.services.importing import open_import, run_import

    csv_file = tmp_path / "more.csv"
    csv_file.write_text("First Name,Last Name\nAnna,Aalders\n", encoding="utf-8")
    run_import(open_import(csv_file, region="NL"), clock=clock, backup=False, index_search=False)
    assert _order(ContactQuery(), clock).read_head() is None


def test_an_order_read_again_keeps_its_head_only_when_it_is_the_same(people, clock, data_paths):
    order = _order(ContactQuery(), clock)
    order = replace(order, head=order.read_head())
    again = _order(ContactQuery(), clock)  # the search cleared: the same list, same version
    kept = again.with_head_of(order)
    assert kept is not None and kept.head is order.head and kept.ids is again.ids
    assert again.with_head_of(replace(order, head=None)) is None
    assert again.with_head_of(None) is None
    assert _order(ContactQuery(descending=True), clock).with_head_of(order) is None
    moved = replace(again, ids=IdList(list(again.ids.ids)[1:]))  # other first contacts
    assert moved.with_head_of(order) is None
    with sqlite3.connect(data_paths.database) as other:
        other.execute("UPDATE contact SET company = 'Wit' WHERE id = ?", (people[0],))
    assert _order(ContactQuery(), clock).with_head_of(order) is None  # a later version
