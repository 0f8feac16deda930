"""The contact indexes schema v8 dropped serve no query: every statement the list, Today,
reminders, insights, boards, questions, duplicates, exports and the change feed run is
planned (EXPLAIN QUERY PLAN, ANALYZE'd data) on a database that still has them, and none
of the plans uses one. A new query that would want one fails here."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from desktop_crm.services import deals, duplicates, insights, questions, reminders, today
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.contacts import (
    ContactQuery,
    all_tags,
    count_contacts,
    query_contact_ids,
    used_lead_sources,
)
from desktop_crm.services.exporting.rows import iter_contacts
from desktop_crm.services.importing import open_import, run_import
from desktop_crm.services.insight_period import Period
from desktop_crm.services.list_pages import first_page
from desktop_crm.store import models as m
from desktop_crm.store.database import current_database
from desktop_crm.store.migrations import UNUSED_INDEXES
from tests.services.importing.varied_file import write_varied_csv

pytestmark = pytest.mark.sqlite_only

_OLD_DEFINITIONS = {
    "contact_display_name": 'CREATE INDEX "contact_display_name" ON "contact" ("display_name")',
    "contact_archived": 'CREATE INDEX "contact_archived" ON "contact" ("archived")',
}

_LIST_QUERIES = [
    ContactQuery(),
    ContactQuery(include_archived=True),
    ContactQuery(sort="company"),
    ContactQuery(sort="stage", descending=True),
    ContactQuery(sort="lead_source"),
    ContactQuery(sort="next_follow_up"),
    ContactQuery(sort="last_contact"),
    ContactQuery(stage="lead"),
    ContactQuery(stage="prospect", include_archived=True),
    ContactQuery(lead_source="bought_list"),
    ContactQuery(possible_duplicates=True),
    ContactQuery(search="jan"),
    ContactQuery(search="de"),
]


def _read_everything(clock) -> None:
    now = clock.now()
    for query in _LIST_QUERIES:
        query_contact_ids(query, clock=clock)
        count_contacts(query, clock=clock)
        first_page(replace(query), clock=clock)
    used_lead_sources()
    all_tags()
    today.today_snapshot(clock)
    today.has_due_items(clock)
    reminders.due_reminders(now)
    reminders.next_due_at(now)
    period = Period.last_12_months(clock.now().date())
    insights.funnel(period)
    insights.by_lead_source(period)
    insights.deal_forecast(period)
    insights.activity(period)
    for pipeline_id, _name in deals.pipelines():
        deals.first_deals_per_stage(pipeline_id, 20)
        for stage in deals.pipeline_stages(pipeline_id):
            deals.first_deals_of_stage(stage.id, 40)  # a column's "Show more"
        deals.pipeline_totals(pipeline_id)
        deals.pipeline_currencies(pipeline_id)
    questions.open_questions()
    duplicates.find_duplicates()
    list(iter_contacts())
    change_marker()


@pytest.fixture
def filled(db, tmp_path, clock):
    """1,500 imported contacts (some archived, some with follow-ups), ANALYZE'd, and the
    dropped indexes put back as schema v7 had them."""
    run_import(open_import(write_varied_csv(tmp_path / "f.csv", 1_500), region="NL"), clock=clock)
    db.execute_sql("UPDATE contact SET archived = 1 WHERE id % 10 = 0")
    db.execute_sql("UPDATE contact SET stage = 'prospect' WHERE id % 7 = 0")
    due = clock.now().replace(tzinfo=None) - timedelta(days=1)
    ids = [cid for (cid,) in db.execute_sql("SELECT id FROM contact WHERE id % 5 = 0")]
    m.FollowUp.insert_many([{"contact": cid, "due_at": due} for cid in ids]).execute()
    for sql in _OLD_DEFINITIONS.values():
        db.execute_sql(sql)
    db.execute_sql("ANALYZE")
    return db


def _costly_steps(connection: sqlite3.Connection, sql: str) -> list[str]:
    """The plan's full scans of a table (no index) and temporary sorts."""
    steps = [str(r[-1]) for r in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
    return sorted(
        s for s in steps if "TEMP B-TREE" in s or (s.startswith("SCAN ") and " USING " not in s)
    )


def test_no_read_plans_worse_without_the_indexes_schema_8_dropped(filled, clock):
    traced: sqlite3.Connection = current_database().connection()
    statements: list[str] = []
    traced.set_trace_callback(statements.append)
    try:
        _read_everything(clock)
    finally:
        traced.set_trace_callback(None)
    selects = sorted({s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))})
    assert len(selects) > 30  # the trace saw the services' queries
    # A connection of its own that caches no statement: a cached EXPLAIN keeps its plan
    # after an index is dropped.
    connection = sqlite3.connect(current_database().database, cached_statements=0)
    try:
        plans = [
            " / ".join(str(r[-1]) for r in connection.execute(f"EXPLAIN QUERY PLAN {s}"))
            for s in selects
        ]
        with_them = [_costly_steps(connection, sql) for sql in selects]
        assert any(name in plan for plan in plans for name in UNUSED_INDEXES)  # were there
        for name in UNUSED_INDEXES:
            connection.execute(f'DROP INDEX "{name}"')
        without = [_costly_steps(connection, sql) for sql in selects]
    finally:
        connection.close()

    worse = {
        sql[:200]: (before, after)
        for sql, before, after in zip(selects, with_them, without, strict=True)
        if len(after) > len(before)
    }
    assert worse == {}


def test_fresh_and_upgraded_databases_lack_the_dropped_indexes(db):
    names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='index'")}
    assert set(UNUSED_INDEXES) == set(_OLD_DEFINITIONS)
    assert not names & set(UNUSED_INDEXES)
