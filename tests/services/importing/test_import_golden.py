"""Every table an import writes, FTS5 shadow tables included, byte for byte as the import
code path of 2026-11-30 (main 80039cb) wrote them, for a varied file: a faster import must
not change a single stored value. `python -m tests.services.importing.test_import_golden`
writes the fixture again, after a change that is meant to alter what is stored.

Rewritten for schema 8 (search texts indexed after the import's commit; two unused
contact indexes dropped). Only three entries changed, and the fixture of schema 7 is
met exactly by this import once its database is put back to schema 7 (version row 7,
the two indexes created, the empty `search_pending` table dropped): every row of every
other table, FTS5 shadow tables included, is as before."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_crm.domain.clock import FixedClock
from desktop_crm.services.importing import open_import, run_import
from desktop_crm.services.search_index import reindex_all_contacts
from desktop_crm.store.database import close_database, current_database, open_database
from tests.services.importing.varied_file import write_varied_csv

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "import_golden.json"
# Sampled statistics of the query planner are not the import's content.
_NOT_CONTENT = ("sqlite_stat1", "sqlite_sequence")

pytestmark = pytest.mark.sqlite_only


def _imports(folder: Path) -> None:
    """A large first import (indexes set aside) and a smaller second one into the same
    database (indexes kept; many rows are duplicates of the first file's)."""
    clock = FixedClock(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    first = write_varied_csv(folder / "first.csv", 1_500)
    second = write_varied_csv(folder / "second.csv", 400, seed=15)
    run_import(open_import(first, region="NL"), tags=["beurs"], clock=clock, backup=False)
    run_import(open_import(second, region="NL"), lead_source="website", clock=clock, backup=False)


def digests() -> dict[str, dict[str, object]]:
    """Per table of the open database: its row count and a hash of every row in order."""
    db = current_database()
    tables = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
    ).fetchall()
    found: dict[str, dict[str, object]] = {}
    for (name,) in tables:
        if name in _NOT_CONTENT:
            continue
        cursor = db.execute_sql(f'SELECT * FROM "{name}"')
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        rows = db.execute_sql(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        found[name] = {
            "rows": len(rows),
            "sha256": hashlib.sha256(repr(rows).encode("utf-8")).hexdigest(),
        }
    indexes = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()
    found["(index definitions)"] = {
        "rows": len(indexes),
        "sha256": hashlib.sha256(repr(indexes).encode("utf-8")).hexdigest(),
    }
    return found


def test_import_stores_exactly_what_the_previous_code_path_stored(db, tmp_path):
    _imports(tmp_path)
    now = digests()
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(
        name for name in expected.keys() | now.keys() if expected.get(name) != now.get(name)
    )
    assert changed == [], f"these tables differ from the recorded import: {changed}"
    assert now["contact"]["rows"] > 1_000 and now["contact_fts_tri_data"]["rows"] > 0


def _search_texts() -> list[list[tuple]]:
    """Each contact's search text in both indexes; its tags, which come last and which a
    reindex reads back in no fixed order, as a sorted list (this file's tags are one word)."""
    db = current_database()
    tag_count = dict(
        db.execute_sql("SELECT contact_id, COUNT(*) FROM contact_tag GROUP BY contact_id")
    )
    texts = []
    for table in ("contact_fts_tri", "contact_fts_word"):
        rows = db.execute_sql(f"SELECT rowid, body FROM {table} ORDER BY rowid").fetchall()
        split = []
        for rowid, body in rows:
            words = body.split(" ")
            cut = len(words) - tag_count.get(rowid, 0)
            split.append((rowid, words[:cut], sorted(words[cut:])))
        texts.append(split)
    return texts


def test_search_texts_of_an_import_are_those_a_reindex_writes(db, tmp_path):
    """Emails in their stored order (a contact with two or three of them, not a set's
    order) and fax numbers too, as every other writer indexes them."""
    _imports(tmp_path)
    imported = _search_texts()
    reindex_all_contacts()
    assert _search_texts() == imported


def _write_fixture() -> None:
    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "golden.sqlite")
        try:
            _imports(Path(folder))
            GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n", "utf-8")
        finally:
            close_database()
    print(f"wrote {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    _write_fixture()
