"""The list's reads: a search's first page from an index walk, the same rows as the whole
ordered list; a page of rows in one query; the word index's prefixes after an upgrade."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_crm.domain.names import sort_name
from desktop_crm.services import list_pages
from desktop_crm.services.contacts import ContactQuery, create_contact, query_contact_ids
from desktop_crm.services.list_pages import FirstPage, first_page, first_page_select, list_rows
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.store import models as m
from desktop_crm.store.database import (
    READ_ONCE_CACHE_KIB,
    SQLITE_PRAGMAS,
    close_database,
    is_sqlite,
    open_database,
    write_transaction,
)
from desktop_crm.store.search import contact_document, index_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def seed_contacts(names: list[str], company: str = "") -> list[int]:
    """Many contacts at once (create_contact takes ~3 ms each), searchable like real ones."""
    with write_transaction():
        first = (m.Contact.select(m.Contact.id).order_by(m.Contact.id.desc()).scalar() or 0) + 1
        rows = [
            {"display_name": n, "sort_name": sort_name("", "", "", n), "company": company}
            for n in names
        ]
        for start in range(0, len(rows), 500):
            m.Contact.insert_many(rows[start : start + 500]).execute()
        ids = list(range(first, first + len(names)))
        index_documents(
            (cid, contact_document(display_name=n, company=company))
            for cid, n in zip(ids, names, strict=True)
        )
    return ids


@pytest.fixture
def broad(db):
    """3,000 contacts whose company starts with "de": more matches than FEW_MATCHES."""
    names = [f"Person {i:04d} Tester" for i in range(3_000)]
    return seed_contacts(names, company="Delta Design")


@pytest.mark.parametrize("term", ["de", "delta", "person", "tester"])
def test_the_first_page_is_the_head_of_the_whole_ordered_list(broad, clock, term):
    query = ContactQuery(search=term)
    page = first_page(query, clock=clock)
    whole = query_contact_ids(query, clock=clock)

    assert len(whole) > list_pages.FEW_MATCHES
    assert page == FirstPage(whole[: list_pages.PAGE_SIZE], complete=False)


def test_a_search_matching_few_is_complete_at_once(broad, clock):
    seed_contacts(["Zed Zwart", "Zora Zwart"])
    query = ContactQuery(search="zwart")
    page = first_page(query, clock=clock)

    assert page.complete
    assert page.ids == query_contact_ids(query, clock=clock)
    assert len(page.ids) == 2


def test_the_first_page_without_a_search_is_the_list_head(broad, clock):
    page = first_page(ContactQuery(), clock=clock)
    assert page.ids == query_contact_ids(ContactQuery(), clock=clock)[:100]
    assert not page.complete


@pytest.mark.parametrize(
    "query",
    [
        ContactQuery(),
        ContactQuery(sort="company", descending=True),
        ContactQuery(sort="last_contact"),
        ContactQuery(search="person 01"),
        ContactQuery(stage="lead"),
    ],
)
def test_the_whole_id_list_streamed_is_the_ordered_list(broad, clock, monkeypatch, query):
    monkeypatch.setattr(list_pages, "ID_CHUNK", 7)  # many chunks, the last one short
    ids = list_pages.read_id_list(query, clock=clock)

    assert list(ids.ids) == query_contact_ids(query, clock=clock)
    assert len(ids) > 0


def test_the_whole_id_list_never_holds_a_row_tuple_per_contact(broad, clock, monkeypatch):
    """At 100k the 100,000 row tuples of a fetchall made the resident set's peak: the ids
    come from the cursor a chunk at a time, into an array."""
    monkeypatch.setattr(list_pages, "ID_CHUNK", 100)
    query = ContactQuery()
    list_pages.read_id_list(query, clock=clock)  # Peewee's and the driver's caches filled
    tracemalloc.start()
    try:
        ids = list_pages.read_id_list(query, clock=clock)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert len(ids) == 3_000
    assert peak < len(ids) * sys.getsizeof((0,)) / 2  # not even half a tuple per contact


@pytest.mark.sqlite_only
def test_the_whole_id_list_is_read_with_a_small_page_cache_then_the_usual_one(broad, clock):
    """Its pages are passed over once: the usual 4 MB cache filled with them at 100k."""
    db = m.database_proxy.obj
    said: list[str] = []
    db.connection().set_trace_callback(said.append)
    try:
        list_pages.read_id_list(ContactQuery(), clock=clock)
    finally:
        db.connection().set_trace_callback(None)

    read = next(i for i, sql in enumerate(said) if sql.startswith("SELECT"))
    assert said[read - 1] == f"PRAGMA cache_size=-{READ_ONCE_CACHE_KIB}"
    assert said[read + 1 :] == [f"PRAGMA cache_size={SQLITE_PRAGMAS['cache_size']}"]


def _plan(query: ContactQuery, clock) -> str:
    if not is_sqlite():
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    select = first_page_select(query, clock, list_pages.PAGE_SIZE)
    assert select is not None
    sql, params = select.sql()
    rows = m.database_proxy.obj.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(
    "query, index",
    [
        (ContactQuery(search="de"), "contact_list_order"),
        (ContactQuery(search="de", descending=True), "contact_list_order"),
        (ContactQuery(search="delta"), "contact_list_order"),
        (ContactQuery(search="de", sort="company"), "contact_by_company"),
        (ContactQuery(search="de", stage="lead"), "contact_by_stage"),
    ],
)
def test_the_first_page_walks_the_list_order_index(broad, clock, query, index):
    if is_sqlite():
        m.database_proxy.obj.execute_sql("ANALYZE")  # as after an import: real statistics
    plan = _plan(query, clock)

    assert index in plan
    assert "TEMP B-TREE" not in plan  # the matches are not sorted, the index is walked


def test_a_page_of_rows_in_one_read(db, clock):
    named = create_contact(ContactDraft(full_name="Anna Bos", company="Bos BV"), clock=clock).id
    draft = ContactDraft(full_name="")
    draft.emails = [EmailEntry("info@example.nl", "work", True)]
    nameless = create_contact(draft, clock=clock).id
    with write_transaction():
        m.FollowUp.create(contact=named, due_at=clock.now() + timedelta(days=2), text="Bellen")
        m.CustomField.create(contact=named, key="VAT number", value="NL001")
        m.CustomField.create(contact=named, key="Shoe size", value="43")

    rows = list_rows([named, nameless], ["VAT number"])

    assert rows[named].name == "Anna Bos"
    assert rows[named].company == "Bos BV"
    assert rows[named].next_follow_up is not None
    assert rows[named].custom == {"VAT number": "NL001"}  # only the columns asked for
    assert rows[nameless].name == "info@example.nl"  # no name: the email stands in
    assert rows[nameless].next_follow_up is None
    assert list_rows([]) == {}


def test_an_upgraded_database_has_the_word_prefixes(tmp_path):
    copy = tmp_path / "desktop-crm.sqlite"
    shutil.copyfile(FIXTURES / "schema_v6.sqlite", copy)
    open_database(path=copy)
    try:
        found = query_contact_ids(ContactQuery(search="ad"))  # Ada in the fixture
    finally:
        close_database()
    conn = sqlite3.connect(str(copy))
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'contact_fts_word'").fetchone()
    conn.close()
    assert "prefix='1 2 3'" in sql[0]
    assert found  # the text came along
