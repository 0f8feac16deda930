"""Every sort and filter the contact list offers walks an index: no temporary sort of
the whole list (EXPLAIN QUERY PLAN on SQLite, the query the list really runs)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_crm.services.contact_queries import (
    SORT_KEYS,
    ContactQuery,
    _filtered,
    _order,
    head_selects,
)
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, is_sqlite, open_database
from desktop_crm.store.migrations import LATEST, SORT_INDEXES, schema_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _plan(query: ContactQuery, clock) -> str:
    return _plan_of(_filtered(query, clock).order_by(*_order(query)))


def _plan_of(select) -> str:
    if not is_sqlite():
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by its statistics")
    sql, params = select.limit(100).sql()
    rows = m.database_proxy.obj.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "query, index",
    [
        (ContactQuery(), "contact_list_order"),
        (ContactQuery(sort="company"), "contact_by_company"),
        (ContactQuery(sort="stage"), "contact_by_stage"),
        (ContactQuery(sort="lead_source"), "contact_by_lead_source"),
        (ContactQuery(stage="lead"), "contact_by_stage"),
        (ContactQuery(lead_source="internet"), "contact_by_lead_source"),
        (ContactQuery(archived_only=True), "contact_list_order"),
        (ContactQuery(archived_only=True, sort="company"), "contact_by_company"),
    ],
)
def test_the_list_order_comes_from_an_index(db, clock, query, index, descending):
    plan = _plan(replace(query, descending=descending), clock)

    assert index in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("stage", [None, "lead"])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_the_first_page_of_every_sort_walks_an_index(db, clock, sort, stage, descending):
    """The first page is read on the GUI thread: no sort of the whole list for it (a sort
    by next follow-up did: 28 ms at 100k, profiled in round 7)."""
    query = ContactQuery(sort=sort, stage=stage, descending=descending)
    for select in head_selects(query, clock):
        plan = _plan_of(select)
        # Only ties of one date may be sorted; never the rows themselves.
        assert "TEMP B-TREE FOR ORDER BY" not in plan


@pytest.mark.parametrize("sort", ["next_follow_up", "last_contact"])
def test_the_date_sorts_seek_each_contacts_rows(db, clock, sort):
    plan = _plan(ContactQuery(sort=sort), clock)

    wanted = "followup_open_by_contact" if sort == "next_follow_up" else "conversation_by_contact"
    assert wanted in plan


def _index_names(path) -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        conn.close()


def test_a_version_3_database_gets_the_indexes_by_migration(tmp_path):
    copy = tmp_path / "desktop-crm.sqlite"
    shutil.copyfile(FIXTURES / "schema_v3.sqlite", copy)
    wanted = {index.split(" EXISTS ")[1].split(" ")[0] for index in SORT_INDEXES}
    assert not wanted & _index_names(copy)

    db = open_database(path=copy)
    try:
        assert schema_version(db) == LATEST
    finally:
        close_database()

    assert wanted <= _index_names(copy)
