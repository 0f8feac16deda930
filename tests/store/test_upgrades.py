"""Databases made by older versions open, keep every row, and end with today's schema."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_crm.errors import DatabaseError
from desktop_crm.services import backup as backups
from desktop_crm.store import migrations
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixture(version: int) -> Path:
    return FIXTURES / f"schema_v{version}.sqlite"


def _rows(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows, read without the app."""
    conn = sqlite3.connect(str(path))
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall(), key=repr)
            found[table] = (columns, rows)
        return found
    finally:
        conn.close()


def _schema(path: Path) -> dict[str, object]:
    """Tables with their columns (name, type, not null, default, pk) and indexes, order aside."""
    conn = sqlite3.connect(str(path))
    try:
        shape: dict[str, object] = {}
        objects = conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for kind, name, table in objects:
            if kind == "table":
                info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
                shape[f"table {name}"] = sorted((c[1], c[2], c[3], c[5]) for c in info)
            elif kind == "index":
                columns = [row[2] for row in conn.execute(f'PRAGMA index_info("{name}")')]
                unique = conn.execute(
                    f"SELECT \"unique\" FROM pragma_index_list('{table}') WHERE name = ?", (name,)
                ).fetchone()[0]
                shape[f"index {name}"] = (table, columns, unique)
            else:
                shape[f"{kind} {name}"] = table
        return shape
    finally:
        conn.close()


@pytest.fixture
def old_database(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    copy = data / "desktop-crm.sqlite"
    shutil.copyfile(_fixture(1), copy)
    yield copy
    close_database()


def test_every_old_schema_version_has_a_fixture():
    """A new migration step needs the file the previous version made (see make_schema_v1.py)."""
    for version in range(1, migrations.LATEST):
        assert _fixture(version).is_file(), f"add tests/fixtures/schema_v{version}.sqlite"


def test_the_fixture_is_really_version_1():
    rows = _rows(_fixture(1))
    assert ("schema_version", "1") in rows["app_meta"][1]
    assert "alarm_delivery" not in rows
    assert "version" not in rows["contact"][0]
    assert "birthday_card_days" not in rows["contact"][0]
    empty = [table for table, (_cols, found) in rows.items() if not found]
    assert empty == [], "the fixture must hold rows in every table"


@pytest.fixture(params=range(1, migrations.LATEST))
def any_old_database(request, tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    copy = data / "desktop-crm.sqlite"
    shutil.copyfile(_fixture(request.param), copy)
    yield copy
    close_database()


def test_upgrading_every_old_version_keeps_every_row(any_old_database):
    _assert_upgrade_keeps_rows(any_old_database)


def test_every_upgraded_version_has_a_fresh_schema(any_old_database, tmp_path):
    open_database(path=any_old_database)
    close_database()
    fresh = tmp_path / "fresh" / "desktop-crm.sqlite"
    open_database(path=fresh)
    close_database()
    assert _schema(any_old_database) == _schema(fresh)


def test_upgrading_version_1_keeps_every_row(old_database):
    _assert_upgrade_keeps_rows(old_database)


def _assert_upgrade_keeps_rows(old_database: Path) -> None:
    before = _rows(old_database)
    open_database(path=old_database)
    close_database()
    after = _rows(old_database)
    for table, (columns, rows) in before.items():
        assert table in after, table
        new_columns, _ = after[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        conn = sqlite3.connect(str(old_database))
        kept = sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall(), key=repr)
        conn.close()
        if table.startswith("contact_fts_") and table.endswith(("_data", "_idx")):
            continue  # a full-text index's own b-tree: rebuilt by step 7; its text is compared
        if table == "app_meta":
            rows = [r for r in rows if r[0] != "schema_version"]
            kept = [r for r in kept if r[0] != "schema_version"]
        # A step that rebuilds a table (peewee's SqliteMigrator does, for a NOT NULL
        # column) drops the old one; with foreign keys on, that DROP cascades.
        assert kept == rows, f"rows of {table} changed by the upgrade"
        assert set(columns) <= set(new_columns)


def test_upgraded_rows_get_the_defaults_of_the_new_columns(old_database):
    open_database(path=old_database)
    assert migrations.schema_version(m.Contact._meta.database) == migrations.LATEST
    contacts = list(m.Contact.select())
    assert len(contacts) == 3
    assert all(c.version == 1 and c.birthday_card_days is None for c in contacts)
    assert m.AlarmDelivery.select().count() == 0
    # The upgraded database is usable, foreign keys and all.
    m.AlarmDelivery.create(alarm_key="birthday:1:2026")
    assert m.Contact._meta.database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert m.Contact._meta.database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_upgraded_schema_equals_a_fresh_one(old_database, tmp_path):
    open_database(path=old_database)
    close_database()
    fresh = tmp_path / "fresh" / "desktop-crm.sqlite"
    open_database(path=fresh)
    close_database()
    assert _schema(old_database) == _schema(fresh)


def test_a_backup_is_made_before_migrating(old_database):
    original = old_database.read_bytes()
    open_database(path=old_database)
    close_database()
    found = backups.list_backups(old_database.parent / "backups")
    assert [b.reason for b in found] == ["before_migration"]
    copy = _rows(found[0].path)
    assert ("schema_version", "1") in copy["app_meta"][1]
    assert copy == _rows_of_bytes(original, old_database.parent / "original.sqlite")


def _rows_of_bytes(data: bytes, path: Path) -> dict:
    path.write_bytes(data)
    return _rows(path)


def test_restoring_a_version_1_backup_upgrades_it(tmp_path, clock):
    database = tmp_path / "data" / "desktop-crm.sqlite"
    open_database(path=database)
    try:
        m.Contact.create(display_name="Made today")
        result = backups.restore_backup(_fixture(1), database, clock=clock)
        assert result.schema_version == 1
        assert migrations.schema_version(m.Contact._meta.database) == migrations.LATEST
        assert m.Contact.select().count() == 3
        reasons = {b.reason for b in backups.list_backups(database.parent / "backups")}
        assert reasons == {"before_restore", "before_migration"}
    finally:
        close_database()


def test_a_database_from_a_newer_app_is_refused_untouched(old_database):
    conn = sqlite3.connect(str(old_database))
    conn.execute("UPDATE app_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = _rows(old_database)
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(path=old_database)
    close_database()
    assert _rows(old_database) == before
    assert backups.list_backups(old_database.parent / "backups") == []


def test_an_upgrade_that_fails_at_its_last_step_leaves_the_old_version_whole(
    old_database, monkeypatch
):
    """All steps are one transaction: a failure (or a crash) after the first steps leaves
    version 1 with every row, never a version halfway."""
    before = _rows(old_database)

    def refuse(_db) -> None:
        raise DatabaseError("the last step refused")

    monkeypatch.setitem(migrations.STEPS, migrations.LATEST, refuse)
    with pytest.raises(DatabaseError, match="the last step refused"):
        open_database(path=old_database)
    close_database()
    conn = sqlite3.connect(str(old_database))
    version = conn.execute("SELECT value FROM app_meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert version == ("1",)
    assert _rows(old_database) == before
