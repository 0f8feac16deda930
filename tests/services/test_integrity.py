"""A damaged database is found at start, set aside unchanged, and a good backup restored."""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.errors import DatabaseError
from desktop_crm.services import backup as backups
from desktop_crm.services import integrity, startup_check
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

PAGE = 4096


@pytest.fixture
def filled(data_paths, clock):
    """A database of 600 contacts with one good backup, closed again as at the end of a session."""
    open_database(path=data_paths.database)
    with m.Contact._meta.database.atomic():
        for i in range(600):
            m.Contact.create(display_name=f"Contact {i} " + "n" * 150, sort_name=f"c{i:04}")
    good = backups.create_backup("daily", clock=clock)
    clock.advance(timedelta(hours=2))
    m.Contact.create(display_name="Made after the backup")
    close_database()
    yield good
    close_database()


def _overwrite_pages(path: Path, pages: list[int], seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "r+b") as handle:
        for number in pages:
            handle.seek(number * PAGE)
            handle.write(bytes(rng.getrandbits(8) for _ in range(PAGE)))


def _count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        conn.close()


def test_a_sound_database_passes_the_quick_check(filled, data_paths):
    assert integrity.check_file(data_paths.database).ok
    assert startup_check.check_at_start(data_paths).ok


def test_no_database_yet_is_not_damage(data_paths):
    result = startup_check.check_at_start(data_paths)
    assert result.ok and result.message() == ""


def test_overwritten_pages_are_found_moved_aside_and_a_backup_restored(filled, data_paths, clock):
    size = data_paths.database.stat().st_size
    assert size > 20 * PAGE
    _overwrite_pages(data_paths.database, [5, 9, size // PAGE - 2])
    damaged_bytes = data_paths.database.read_bytes()
    assert not integrity.check_file(data_paths.database).ok

    result = startup_check.check_at_start(data_paths, now=clock.now())
    assert not result.ok
    assert result.problems
    # Kept aside, byte for byte, where nothing opens it; the live name is free.
    assert result.moved_to is not None and result.moved_to.parent.name == "damaged"
    assert result.moved_to.read_bytes() == damaged_bytes
    assert not data_paths.database.exists()
    assert result.candidate is not None and result.candidate.path == filled.path
    message = result.message()
    assert "damaged" in message and str(result.moved_to) in message and "Restore it?" in message

    restored = startup_check.recover_from_backup(data_paths, result.candidate, clock)
    assert restored.moved_aside is None  # already aside
    open_database(path=data_paths.database)  # start-up goes on as usual
    assert m.Contact.select().count() == 600
    assert integrity.check_file(data_paths.database, full=True).ok


def test_an_overwritten_header_means_not_a_database(filled, data_paths, clock):
    with open(data_paths.database, "r+b") as handle:
        handle.write(os.urandom(100))
    result = startup_check.check_at_start(data_paths, now=clock.now())
    assert not result.ok
    assert result.candidate is not None


def test_a_truncated_file_is_damage(filled, data_paths, clock):
    size = data_paths.database.stat().st_size
    os.truncate(data_paths.database, size // 2)
    assert not startup_check.check_at_start(data_paths, now=clock.now()).ok


def test_damaged_backups_are_skipped_for_the_newest_good_one(filled, data_paths, clock):
    open_database(path=data_paths.database)
    clock.advance(timedelta(hours=1))
    newer = backups.create_backup("manual", clock=clock)
    close_database()
    _overwrite_pages(newer.path, [3, 4, 5])
    _overwrite_pages(data_paths.database, [3, 4, 5])
    result = startup_check.check_at_start(data_paths, now=clock.now())
    assert result.candidate is not None and result.candidate.path == filled.path
    assert result.rejected == [newer.path]
    assert "1 newer backup is damaged too." in result.message()


def test_without_a_good_backup_the_message_says_so_and_a_fresh_database_opens(
    filled, data_paths, clock
):
    filled.path.unlink()
    _overwrite_pages(data_paths.database, [2, 3])
    result = startup_check.check_at_start(data_paths, now=clock.now())
    assert result.candidate is None
    assert "no good backup" in result.message()
    open_database(path=data_paths.database)  # what the app does when the user carries on
    assert m.Contact.select().count() == 0
    assert result.moved_to.exists()


def test_the_wal_moves_aside_with_its_database(data_paths, clock):
    open_database(path=data_paths.database)
    m.Contact.create(display_name="In the WAL only")
    wal = data_paths.database.with_name(data_paths.database.name + "-wal")
    assert wal.exists()
    moved = integrity.move_aside(data_paths.database, now=clock.now())
    close_database()
    assert not wal.exists()
    assert moved.with_name(moved.name + "-wal").exists()
    assert _count(moved) == 1  # the WAL came along, so nothing committed was lost


def test_a_server_database_is_not_checked_here(tmp_path):
    from desktop_crm.paths import DataPaths

    paths = DataPaths(root=tmp_path, database_url="postgresql://sales@db.example/crm")
    assert startup_check.check_at_start(paths).ok


def test_a_locked_database_is_busy_not_damaged(filled, data_paths):
    locker = sqlite3.connect(str(data_paths.database))
    locker.execute("PRAGMA journal_mode=DELETE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="busy"):
            integrity.check_file(data_paths.database, timeout=0.2)
    finally:
        locker.rollback()
        locker.close()
    assert integrity.check_file(data_paths.database).ok
    assert data_paths.database.exists()  # never moved aside for being busy


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 10**8), st.binary(min_size=1, max_size=64)), max_size=8))
def test_any_scribble_is_either_harmless_or_found_and_recovered(tmp_path_factory, clock, scribbles):
    from desktop_crm.paths import DataPaths

    paths = DataPaths(root=tmp_path_factory.mktemp("scribble") / "data").ensure()
    open_database(path=paths.database)
    with m.Contact._meta.database.atomic():
        for i in range(200):
            m.Contact.create(display_name=f"Contact {i}", sort_name=f"c{i:04}")
    good = backups.create_backup("daily", clock=clock)
    close_database()
    size = paths.database.stat().st_size
    with open(paths.database, "r+b") as handle:
        for offset, data in scribbles:
            handle.seek(offset % size)
            handle.write(data)
    result = startup_check.check_at_start(paths, now=clock.now())  # never raises
    try:
        if result.ok:
            return  # quick_check found the file sound (a scribble over free space, say)
        assert result.moved_to.exists() and not paths.database.exists()
        assert result.candidate is not None and result.candidate.path == good.path
        startup_check.recover_from_backup(paths, result.candidate, clock)
        open_database(path=paths.database)
        assert m.Contact.select().count() == 200
    finally:
        close_database()
