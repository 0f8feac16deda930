"""Backups: made with the backup API, private, listed with their reason, rotated, restored."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.errors import DatabaseError
from desktop_crm.services import backup as backups
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, current_database, is_sqlite, open_database
from desktop_crm.store.models import database_proxy
from tests.backends import BACKENDS, open_backend


@pytest.fixture
def db(data_paths):
    """Backups are copies of the SQLite file, so these tests run on SQLite only."""
    database = open_database(path=data_paths.database)
    yield database
    close_database()


@pytest.fixture(params=BACKENDS)
def backend(request, data_paths):
    yield from open_backend(request, data_paths)


def _add(name: str) -> int:
    return m.Contact.create(display_name=name, sort_name=name.lower()).id


def _names() -> set[str]:
    return {c.display_name for c in m.Contact.select()}


def _names_in(path: Path) -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {row[0] for row in conn.execute("SELECT display_name FROM contact")}
    finally:
        conn.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_writes_a_private_consistent_copy_in_the_backups_folder(db, data_paths, clock):
    _add("Ada Lovelace")
    made = backups.create_backup("manual", clock=clock)
    assert made.path.parent == data_paths.backups
    assert made.reason == "manual"
    assert made.created_at == clock.now()
    assert made.size == made.path.stat().st_size > 0
    assert _mode(made.path) == 0o600
    assert _names_in(made.path) == {"Ada Lovelace"}
    # One self-contained file: no WAL beside it that a copy could lose.
    assert not made.path.with_name(made.path.name + "-wal").exists()


def test_list_reports_path_moment_size_and_reason_newest_first(db, data_paths, clock):
    first = backups.create_backup("manual", clock=clock)
    clock.advance(timedelta(hours=1))
    second = backups.create_backup("before_import", clock=clock)
    listed = backups.list_backups(data_paths.backups)
    assert [b.path for b in listed] == [second.path, first.path]
    as_json = listed[0].as_json()
    assert set(as_json) == {"path", "created_at", "size", "reason"}
    assert as_json["reason"] == "before_import"


def test_two_backups_in_the_same_instant_get_two_files(db, clock):
    a = backups.create_backup("manual", clock=clock)
    b = backups.create_backup("manual", clock=clock)
    assert a.path != b.path
    assert a.path.exists() and b.path.exists()


def test_list_ignores_strangers_and_links_but_knows_migration_copies(db, data_paths, tmp_path):
    folder = data_paths.backups
    (folder / "notes.txt").write_text("x")
    (folder / "backup-20260101T000000.000000Z-evil.sqlite").write_text("x")
    outside = tmp_path / "outside.sqlite"
    outside.write_text("x")
    (folder / "backup-20260101T000000.000000Z-manual.sqlite").symlink_to(outside)
    (folder / "before-migration-v1-20260102-030405.sqlite").write_bytes(b"")
    listed = backups.list_backups(folder)
    assert [b.reason for b in listed] == ["before_migration"]
    assert listed[0].created_at.hour == 3


def test_daily_backup_is_made_only_when_the_last_is_over_a_day_old(db, data_paths, clock):
    assert backups.backup_if_due(clock).reason == "daily"
    clock.advance(timedelta(hours=23))
    assert backups.backup_if_due(clock) is None
    clock.advance(timedelta(hours=2))
    assert backups.backup_if_due(clock) is not None
    assert len(backups.list_backups(data_paths.backups)) == 2


def test_any_recent_backup_counts_as_the_daily_one(db, clock):
    backups.backup_before("before_import", clock=clock)
    clock.advance(timedelta(hours=3))
    assert backups.backup_if_due(clock) is None


def test_a_backup_dated_in_the_future_does_not_stop_the_daily_one(db, clock):
    clock.advance(timedelta(days=30))
    backups.create_backup("manual", clock=clock)
    clock.advance(timedelta(days=-29))  # the clock was set back
    assert backups.backup_if_due(clock) is not None


def test_rotation_keeps_seven_daily_four_weekly_twelve_monthly(db, data_paths, clock):
    for _day in range(120):
        backups.create_backup("daily", clock=clock)
        clock.advance(timedelta(days=1))
    listed = backups.list_backups(data_paths.backups)
    assert 7 + 4 + 2 <= len(listed) <= 7 + 4 + 12
    newest = listed[0].created_at
    ages = sorted((newest - b.created_at).days for b in listed)
    assert ages[:7] == list(range(7))
    assert ages[-1] > 60  # monthly copies reach back


def test_backup_before_an_import_is_tagged_with_its_reason(db, clock):
    made = backups.backup_before("before_import", clock=clock)
    assert made is not None and made.reason == "before_import"
    assert made.path.name.endswith("-before_import.sqlite")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40).filter(lambda s: s not in backups.REASONS))
def test_a_hostile_reason_never_names_a_file(db, data_paths, clock, reason):
    before = set(data_paths.root.rglob("*"))
    with pytest.raises(ValueError):
        backups.create_backup(reason, clock=clock)
    assert set(data_paths.root.rglob("*")) == before


def test_a_server_database_is_said_to_be_backed_up_by_its_server():
    saved = database_proxy.obj
    server = pw.PostgresqlDatabase("crm", host="db.example", user="sales")
    try:
        with pytest.raises(backups.ServerBackupError, match="server"):
            backups.create_backup("manual", db=server)
        database_proxy.initialize(server)
        assert backups.backup_before("before_import") is None
        assert backups.backup_if_due(clock=None) is None  # type: ignore[arg-type]
    finally:
        database_proxy.initialize(saved)


def test_each_backend_backs_up_before_an_import_or_says_the_server_does(backend, clock):
    made = backups.backup_before("before_import", clock=clock)
    if is_sqlite(backend):
        assert made is not None and made.path.exists()
    else:
        assert made is None
        with pytest.raises(backups.ServerBackupError, match="server"):
            backups.create_backup("manual", clock=clock)


def test_restore_brings_back_the_old_state_and_first_saves_the_current(db, data_paths, clock):
    _add("Ada")
    old = backups.create_backup("manual", clock=clock)
    _add("Grace")
    clock.advance(timedelta(minutes=5))
    result = backups.restore_backup(old.path, data_paths.database, clock=clock)
    assert _names() == {"Ada"}
    assert result.safety_backup is not None
    assert result.safety_backup.reason == "before_restore"
    assert _names_in(result.safety_backup.path) == {"Ada", "Grace"}
    assert old.path.exists()  # restoring reads the backup, never consumes it
    assert _mode(data_paths.database) == 0o600
    check = current_database().execute_sql("PRAGMA integrity_check").fetchall()
    assert check == [("ok",)]
    # The restored database is the live one: writes go on as before.
    _add("Katherine")
    assert _names() == {"Ada", "Katherine"}


def test_another_connection_sees_the_restored_data(db, data_paths, clock):
    _add("Ada")
    old = backups.create_backup("manual", clock=clock)
    _add("Grace")
    other = sqlite3.connect(str(data_paths.database))  # say, a command line run by the user
    try:
        assert other.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
        backups.restore_backup(old.path, data_paths.database, clock=clock)
        assert other.execute("SELECT count(*) FROM contact").fetchone()[0] == 1
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        other.close()


def _refused(data_paths, clock, path: Path, match: str | None) -> None:
    before = _names()
    count = len(backups.list_backups(data_paths.backups))
    with pytest.raises(DatabaseError, match=match):
        backups.restore_backup(path, data_paths.database, clock=clock)
    assert _names() == before
    assert len(backups.list_backups(data_paths.backups)) == count  # no safety copy either
    assert not list(data_paths.backups.glob(".restore-*"))


def test_restore_refuses_a_missing_file(db, data_paths, clock, tmp_path):
    _refused(data_paths, clock, tmp_path / "nope.sqlite", "no backup file")


def test_restore_refuses_the_live_database_itself(db, data_paths, clock):
    _refused(data_paths, clock, data_paths.database, "in use")


def test_restore_refuses_someone_elses_sqlite_file(db, data_paths, clock, tmp_path):
    foreign = tmp_path / "places.sqlite"
    conn = sqlite3.connect(str(foreign))
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    _add("Ada")
    _refused(data_paths, clock, foreign, "not a Desktop CRM backup")


def _copy_with(clock, tmp_path: Path, sql: str) -> Path:
    made = backups.create_backup("manual", clock=clock)
    target = tmp_path / "edited.sqlite"
    target.write_bytes(made.path.read_bytes())
    made.path.unlink()
    conn = sqlite3.connect(str(target))
    conn.executescript(sql)
    conn.close()
    return target


def test_restore_refuses_a_backup_from_a_newer_app(db, data_paths, clock, tmp_path):
    newer = _copy_with(clock, tmp_path, "UPDATE app_meta SET value='99' WHERE key='schema_version'")
    _refused(data_paths, clock, newer, "newer version")


def test_restore_refuses_a_file_with_triggers(db, data_paths, clock, tmp_path):
    rigged = _copy_with(
        clock,
        tmp_path,
        "CREATE TRIGGER wipe AFTER INSERT ON contact BEGIN DELETE FROM contact; END;",
    )
    _refused(data_paths, clock, rigged, "not a Desktop CRM backup")


def test_restore_refuses_a_damaged_backup(db, data_paths, clock, tmp_path):
    for i in range(300):
        _add(f"Contact {i} " + "x" * 200)
    made = backups.create_backup("manual", clock=clock)
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(made.path.read_bytes())
    made.path.unlink()
    page = 4096
    for number in range(2, len(data) // page, 3):  # scribble over every third page
        data[number * page + 10 : number * page + 400] = os.urandom(390)
    damaged.write_bytes(bytes(data))
    _refused(data_paths, clock, damaged, "damaged|not a Desktop CRM")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=9000))
def test_restore_of_random_bytes_changes_nothing(db, data_paths, clock, tmp_path, blob):
    hostile = tmp_path / "hostile.sqlite"
    hostile.write_bytes(b"SQLite format 3\x00" + blob if blob[:1] == b"\x00" else blob)
    _refused(data_paths, clock, hostile, None)


def test_restore_adjusts_a_backup_with_another_page_size(db, data_paths, clock, tmp_path):
    _add("Ada")
    made = backups.create_backup("manual", clock=clock)
    odd = tmp_path / "odd.sqlite"
    conn = sqlite3.connect(str(made.path))
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    conn.execute(f"VACUUM INTO '{odd}'")
    conn.close()
    _add("Grace")
    backups.restore_backup(odd, data_paths.database, clock=clock)
    assert _names() == {"Ada"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=30))
def test_a_backup_with_flipped_bytes_is_refused_or_restored_whole(
    db, data_paths, clock, tmp_path, flips
):
    if not _names():
        for i in range(40):
            _add(f"Contact {i}")
    made = backups.create_backup("manual", clock=clock, rotate=False)
    data = bytearray(made.path.read_bytes())
    made.path.unlink()
    for offset, value in flips:
        data[offset % len(data)] = value
    mutated = tmp_path / "mutated.sqlite"
    mutated.write_bytes(bytes(data))
    try:
        backups.restore_backup(mutated, data_paths.database, clock=clock)
    except DatabaseError:
        pass  # refused with a message: fine, as long as the live data is whole
    check = current_database().execute_sql("PRAGMA integrity_check").fetchall()
    assert check == [("ok",)]
    assert len(_names()) <= 40


def test_a_backup_whose_text_is_not_utf8_is_refused_and_changes_nothing(db, data_paths, clock):
    # Pages whole (integrity_check passes) but one name's bytes broken, as a flipped bit does.
    _add("Ada")
    made = backups.create_backup("manual", clock=clock, rotate=False)
    conn = sqlite3.connect(made.path)
    conn.execute(f"UPDATE {m.Contact._meta.table_name} SET display_name = CAST(X'41C3' AS TEXT)")
    conn.commit()
    conn.close()
    _add("Grace")
    with pytest.raises(DatabaseError, match="damaged"):
        backups.restore_backup(made.path, data_paths.database, clock=clock)
    assert _names() == {"Ada", "Grace"}
