"""The search index of an import is built after its rows are committed: the search finds the
new contacts before that, an edit or an undo in between wins, and a process that dies
between the commit and the build leaves texts the next open indexes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_crm.domain.search_text import spaced_cjk
from desktop_crm.services.contacts import ContactQuery, query_contact_ids
from desktop_crm.services.importing import open_import, run_import, undo_batch
from desktop_crm.services.importing.search_build import index_pending
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.store.database import (
    SQLITE_PRAGMAS,
    close_database,
    current_database,
    open_database,
)
from desktop_crm.store.search import TRIGRAM_TABLE, WORD_TABLE
from desktop_crm.store.search_pending import PENDING_TABLE, pending_count
from tests.services.importing.helpers import write

pytestmark = pytest.mark.sqlite_only  # PostgreSQL writes its search table in the import

FILE = (
    "First Name,Last Name,Email,Phone,Company\n"
    "Anna,de Vries,anna@example.com,06-12345678,Bakkerij Zoet\n"
    "Jan,Müller,jan@example.org,020 555 1234,Garage Snel\n"
    "Ömer,Yılmaz,omer@example.net,,Bakkerij Zoet\n"
    "太郎,山田,taro@example.jp,,\n"
)


def _found(text: str) -> list[int]:
    return query_contact_ids(ContactQuery(search=text))


def _indexed() -> tuple[int, int]:
    db = current_database()
    return tuple(  # type: ignore[return-value]
        db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in (TRIGRAM_TABLE, WORD_TABLE)
    )


SEARCHES = ["muller", "bakkerij zoet", "de", "anna@example", "0612345678", "山田", "zoet anna"]


def test_search_finds_imported_contacts_before_their_index_is_built(db, tmp_path, clock):
    path = write(tmp_path, "people.csv", FILE)
    run_import(open_import(path, region="NL"), clock=clock, backup=False, index_search=False)
    assert _indexed() == (0, 0) and pending_count(db) == 4
    before = {text: _found(text) for text in SEARCHES}

    assert index_pending() == 0

    assert _indexed() == (4, 4) and pending_count(db) == 0
    after = {text: _found(text) for text in SEARCHES}
    assert before == after
    assert all(after.values()), after  # each search finds someone


def test_an_import_indexes_its_contacts_after_its_commit_by_default(db, tmp_path, clock):
    path = write(tmp_path, "people.csv", FILE)
    run_import(open_import(path, region="NL"), clock=clock, backup=False)
    assert _indexed() == (4, 4) and pending_count(db) == 0
    # The build's larger page cache is given back.
    assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == SQLITE_PRAGMAS["cache_size"]


def test_an_edit_before_the_build_wins_over_the_waiting_text(db, tmp_path, clock):
    path = write(tmp_path, "people.csv", FILE)
    run_import(open_import(path, region="NL"), clock=clock, backup=False, index_search=False)
    (anna,) = _found("anna@example")
    db.execute_sql("UPDATE contact SET company = 'Visserij Nat' WHERE id = ?", (anna,))
    reindex_contacts([anna])  # what every writer does after an edit

    index_pending()

    assert _found("visserij") == [anna]
    assert anna not in _found("zoet")


def test_undoing_an_import_before_the_build_leaves_nothing_to_index(db, tmp_path, clock):
    path = write(tmp_path, "people.csv", FILE)
    report = run_import(
        open_import(path, region="NL"), clock=clock, backup=False, index_search=False
    )
    assert report.batch_id is not None
    undo_batch(report.batch_id, clock=clock)

    assert pending_count(db) == 0
    assert _found("muller") == []


_DIE_AFTER_COMMIT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from desktop_crm.services.importing import open_import, runner
    from desktop_crm.store.database import open_database
    open_database(path=Path(sys.argv[1]))
    runner.index_pending = lambda *a, **k: os._exit(3)  # the process ends right here
    runner.run_import(open_import(sys.argv[2], region="NL"), backup=False)
    """
)


def test_a_process_killed_between_commit_and_index_build_is_repaired_at_next_open(tmp_path):
    database = tmp_path / "crm.sqlite"
    path = write(tmp_path, "people.csv", FILE)
    died = subprocess.run(
        [sys.executable, "-c", _DIE_AFTER_COMMIT, str(database), str(path)],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        check=False,
    )
    assert died.returncode == 3, died.stderr

    db = open_database(path=database)
    try:
        assert pending_count(db) == 0
        assert _indexed() == (4, 4)
        assert len(_found("bakkerij")) == 2
    finally:
        close_database()


def test_the_waiting_table_is_empty_after_an_ordinary_open(db):
    assert db.execute_sql(f"SELECT COUNT(*) FROM {PENDING_TABLE}").fetchone()[0] == 0


def test_the_index_built_in_chunks_is_the_index_built_at_once(db, tmp_path, clock):
    path = write(tmp_path, "people.csv", FILE)
    run_import(open_import(path, region="NL"), clock=clock, backup=False, index_search=False)
    left = [index_pending(limit=3), index_pending(limit=3)]

    assert left == [1, 0]
    assert _indexed() == (4, 4)
    word = db.execute_sql(f"SELECT rowid, body FROM {WORD_TABLE} ORDER BY rowid").fetchall()
    tri = db.execute_sql(f"SELECT rowid, body FROM {TRIGRAM_TABLE} ORDER BY rowid").fetchall()
    assert word == [(rowid, spaced_cjk(body)) for rowid, body in tri]  # CJK spaced out
    assert {text: len(_found(text)) for text in SEARCHES} == {
        "muller": 1,
        "bakkerij zoet": 2,
        "de": 1,
        "anna@example": 1,
        "0612345678": 1,
        "山田": 1,
        "zoet anna": 1,
    }
