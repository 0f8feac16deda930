"""The bulk write of a large import: search texts as every other writer makes them, the
indexes set aside and rebuilt unchanged, and a cancel that leaves the database as before."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.importing import ImportCancelled, open_import, run_import
from desktop_crm.services.records import ContactDraft, PhoneEntry
from desktop_crm.services.search_index import reindex_all_contacts
from desktop_crm.store.database import current_database
from desktop_crm.store.search import TRIGRAM_TABLE, WORD_TABLE, matching_ids_sql

ROWS = 10_000

# The FTS5 tables and index DDL compared here are SQLite's.
pytestmark = pytest.mark.sqlite_only


def _person(name: str, clock) -> int:
    draft = ContactDraft(full_name=name, phones=[PhoneEntry("06-87654321")])
    changes = create_contact(draft, clock=clock)
    assert changes.id is not None
    return changes.id


def _csv(path: Path, rows: int) -> Path:
    """Names, CJK names, emails, phones in many written forms (some foreign, some bad),
    birthdays, an unknown column (a custom value) and a tag column."""
    rng = random.Random(7)
    given = ["Jan", "Anna", "Daniël", "Ömer", "山田", "Zoë", "Lucas"]
    family = ["Jansen", "de Vries", "Bakker", "太郎", "Müller", "Dijkstra"]
    forms = [
        "06-{n}",
        "+31 6 {n}",
        "0031 6{n}",
        "020 {s}",
        "+44 20 7946 {f}",
        "+1 212 555 {f}",
        "0{s}",
        "",
    ]
    lines = ["First Name,Last Name,Email,Phone,Birthday,Company,Shoe size,Tags"]
    for i in range(rows):
        n = f"{10_000_000 + i}"
        phone = rng.choice(forms).format(n=n, s=n[1:], f=f"{i % 10_000:04d}")
        email = f"p{i}@example.com" if i % 40 else f"bad{i}@@example"
        birthday = rng.choice(
            ["", "1980-02-30", f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{i % 9}"]
        )
        lines.append(
            f"{rng.choice(given)},{rng.choice(family)} {i % 3000},{email},{phone},{birthday},"
            f"Firma {i % 97},{36 + i % 11},{'vip' if i % 5 == 0 else ''}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _texts(table: str) -> dict[int, str]:
    rows = current_database().execute_sql(f"SELECT rowid, body FROM {table}").fetchall()
    return dict(rows)


def _indexes() -> list[tuple[str, str]]:
    return (
        current_database()
        .execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .fetchall()
    )


def _ids(text: str) -> set[int]:
    found = matching_ids_sql(text)
    assert found is not None
    sql, params = found
    return {row[0] for row in current_database().execute_sql(sql, params)}


def _contacts_table() -> list[tuple]:
    return (
        current_database()
        .execute_sql(
            "SELECT id, display_name, sort_name, company, birthday_month, possible_duplicate_of_id "
            "FROM contact ORDER BY id"
        )
        .fetchall()
    )


@pytest.mark.parametrize("existing", [0, 3])
def test_large_import_indexes_search_exactly_as_a_rebuild_would(db, tmp_path, clock, existing):
    for i in range(existing):
        _person(f"Bestaand {i}", clock)
    before = _indexes()
    report = run_import(open_import(_csv(tmp_path / "big.csv", ROWS)), tags=["beurs"], clock=clock)
    assert report.contacts_created > 9_000
    assert _indexes() == before
    assert current_database().execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    imported = (_texts(TRIGRAM_TABLE), _texts(WORD_TABLE), _contacts_table())
    found = {term: _ids(term) for term in ("jansen", "山田", "0612", "+44 20 7946", "vip")}
    assert all(found.values())
    # The services' own indexer, from the stored rows, writes the very same texts.
    reindex_all_contacts()
    assert (_texts(TRIGRAM_TABLE), _texts(WORD_TABLE), _contacts_table()) == imported
    assert {term: _ids(term) for term in found} == found


def test_cancel_after_the_indexes_were_set_aside_leaves_the_database_as_it_was(db, tmp_path, clock):
    kept = _person("Bestaand Persoon", clock)
    before = (_indexes(), _texts(TRIGRAM_TABLE), _texts(WORD_TABLE), _contacts_table())
    seen = []

    def cancel() -> bool:
        return len(seen) >= 6  # 3,000 records: past the first write of 2,000

    with pytest.raises(ImportCancelled):
        run_import(
            open_import(_csv(tmp_path / "big.csv", ROWS)),
            progress=seen.append,
            cancel=cancel,
            clock=clock,
        )
    assert seen[-1].records == 3_000
    assert (_indexes(), _texts(TRIGRAM_TABLE), _texts(WORD_TABLE), _contacts_table()) == before
    assert current_database().execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _ids("bestaand") == {kept} and _ids("0687654321") == {kept}
    temp = current_database().execute_sql("SELECT name FROM sqlite_temp_master").fetchall()
    assert temp == []
