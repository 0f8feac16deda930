"""Copies of a live SQLite database made with the backup API (a file copy can miss the WAL).

Copies go in bounded steps: Python's `Connection.backup` waits forever while another
program holds the database, so a copy gives up with `DatabaseInUse` after about ten
seconds of waiting. Half-made copies (`*.part`, `.restore-*`) are locked while they
are being written, and any found unlocked at start belong to a crashed run and go."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import peewee as pw

log = logging.getLogger(__name__)

BUSY_LIMIT_S = 10.0  # how long a copy waits for another program's lock before giving up
PAGES_PER_STEP = 1024  # 4 MiB at the default page size: bounded work between lock checks
STEP_SLEEP_S = 0.05
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

try:  # POSIX: an advisory lock tells a live staging file from a crashed run's
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted anyway
    fcntl = None  # type: ignore[assignment]


class DatabaseInUse(sqlite3.OperationalError):
    """Another program held the database for longer than BUSY_LIMIT_S."""


def copy_database(
    source: sqlite3.Connection, target: sqlite3.Connection, *, busy_limit: float = BUSY_LIMIT_S
) -> None:
    """Copy `source` into `target` with the backup API, in bounded steps.

    The target is written in one transaction (all or nothing); waiting for a lock
    counts from the last step that made progress."""
    last_progress = time.monotonic()

    def progress(status: int, _remaining: int, _total: int) -> None:
        nonlocal last_progress
        now = time.monotonic()
        if status not in _BUSY:
            last_progress = now
        elif now - last_progress >= busy_limit:
            raise DatabaseInUse("database is locked")  # aborts the copy; target rolled back

    source.backup(target, pages=PAGES_PER_STEP, progress=progress, sleep=STEP_SLEEP_S)


@contextlib.contextmanager
def staging_file(path: Path) -> Iterator[Path]:
    """Create `path` (0600) and hold a lock on it while the block runs; removed on failure."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield path
        except BaseException:
            _remove_with_journals(path)
            raise
    finally:
        os.close(fd)  # releases the lock


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _is_staging(name: str) -> bool:
    return name.endswith(".part") or (name.startswith(".restore-") and name.endswith(".sqlite"))


def remove_stale_staging(folder: Path) -> list[Path]:
    """Delete the staging files a crashed or failed copy left in `folder`; returns them.

    A file another process is still writing holds a lock and is left alone."""
    removed: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if _is_staging(p.name)]
    except OSError:
        return removed
    for path in names:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # in use by a running backup or restore
            _remove_with_journals(path)
            removed.append(path)
        finally:
            os.close(fd)
    if removed:
        log.info("removed %d staging files left by an interrupted copy", len(removed))
    return removed


def backup_to(db: pw.SqliteDatabase, destination: Path) -> Path:
    """Write a consistent copy of `db` to `destination`, readable by its owner only."""
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(destination.name + ".part")
    with staging_file(partial):
        target = sqlite3.connect(str(partial))
        try:
            copy_database(db.connection(), target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
        os.chmod(partial, 0o600)
        os.replace(partial, destination)  # never leave a half-written backup under its name
    return destination
