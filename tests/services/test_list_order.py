"""The list without a search, kept in memory (`ListOrder`), puts a search's few matches in
the same order as the query does, and is set aside after any write; `IdList` holds ids
and their rows as arrays."""

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
from tests.services.test_list_pages import seed_contacts

GIVEN = ["Anna", "Bram", "Cees", "Daan", "Emma", "Fleur", "Joost", "Sanne"]
FAMILY = ["de Wit", "Bakker", "Jansen", "van Dijk", "Visser", "Mulder", "Smit", "Wit"]
COMPANIES = ["Delta Design", "Bakkerij Wit", "", "Jansen & Zn", "Dekker BV"]
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
