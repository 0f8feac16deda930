"""Backups of the SQLite database: create, list, rotate, back up when due, restore.

Every copy is made with the SQLite backup API (a file copy can miss the WAL),
is readable by its owner only and lives in `<data>/backups/` under a name that
carries its moment (UTC) and reason. A database on a server (PostgreSQL) is
backed up by that server; here that is said, never silently skipped."""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.local_time import to_utc_naive
from desktop_crm.domain.retention import DEFAULT_POLICY, RetentionPolicy, backups_to_keep
from desktop_crm.errors import DatabaseError, UserError
from desktop_crm.i18n import _
from desktop_crm.paths import DataPaths
from desktop_crm.services import integrity
from desktop_crm.store import models as m
from desktop_crm.store.database import (
    BUSY_TIMEOUT_MS,
    close_database,
    current_database,
    is_sqlite,
    open_database,
    redact_url,
    sqlite_path_of,
)
from desktop_crm.store.db_errors import user_error_for
from desktop_crm.store.migrations import LATEST, SCHEMA_KEY, tables_at
from desktop_crm.store.models import database_proxy
from desktop_crm.store.search import TRIGRAM_TABLE, WORD_TABLE
from desktop_crm.store.sqlite_backup import DatabaseInUse, backup_to, copy_database, staging_file

log = logging.getLogger(__name__)

REASONS = ("manual", "daily", "before_import", "before_migration", "before_restore")
DUE_AFTER = timedelta(hours=24)
_STAMP = "%Y%m%dT%H%M%S.%f"
_NAME = re.compile(
    r"^backup-(?P<stamp>\d{8}T\d{6}\.\d{6})Z-(?P<reason>" + "|".join(REASONS) + r")\.sqlite$"
)
# store.migrations names its own copies (it may not import services); local time.
_MIGRATION_NAME = re.compile(r"^before-migration-v\d+-(?P<stamp>\d{8}-\d{6})\.sqlite$")
# Tables every Desktop CRM database has had since schema version 1.
_REQUIRED_TABLES = {"app_meta", "contact", "contact_email", "contact_phone", "stage_change"}


_SEARCH_TABLES = (TRIGRAM_TABLE, WORD_TABLE)


def _expected_tables(version: int) -> set[str]:
    """The tables a database of schema `version` has: every model's and the search tables."""
    return tables_at(version) | set(_SEARCH_TABLES)


class ServerBackupError(UserError):
    """Backups were asked of a database that lives on a server."""


@dataclass(frozen=True)
class Backup:
    path: Path
    created_at: datetime  # timezone-aware
    size: int
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "created_at": self.created_at.astimezone().isoformat(timespec="seconds"),
            "size": self.size,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    schema_version: int  # of the restored file, before any migration
    safety_backup: Backup | None  # the state just before the restore
    moved_aside: Path | None  # the live file, when it was too damaged to back up


def server_backup_error(url: str | None = None) -> ServerBackupError:
    where = redact_url(url) if url else _("a database server")
    return ServerBackupError(
        _(
            "The database is on a server ({where}). Its backups are the server's job "
            "(for PostgreSQL: pg_dump or your provider's backups), not Desktop CRM's."
        ).format(where=where)
    )


def database_file_for(paths: DataPaths) -> Path | None:
    """The SQLite file these paths use; None for a server database."""
    url = paths.database_url
    if not url:
        return paths.database
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None


def backup_folder_for(paths: DataPaths) -> Path | None:
    database = database_file_for(paths)
    return None if database is None else database.parent / "backups"


def _folder_of(db: pw.Database) -> Path:
    path = sqlite_path_of(db)
    if path is None:
        raise DatabaseError(_("This database lives in memory; there is nothing to back up."))
    return path.resolve().parent / "backups"


def _sqlite_or_refuse(db: pw.Database | None) -> pw.SqliteDatabase:
    db = db if db is not None else current_database()
    if not is_sqlite(db):
        raise server_backup_error()
    return db


def _parse(path: Path) -> Backup | None:
    """A backup described by its file name; None for anything else in the folder."""
    try:
        if path.is_symlink() or not path.is_file():
            return None  # never follow a link planted in the folder
        size = path.stat().st_size
    except OSError:
        return None
    match = _NAME.match(path.name)
    if match:
        moment = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        return Backup(path, moment, size, match["reason"])
    match = _MIGRATION_NAME.match(path.name)
    if match:
        try:
            moment = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").astimezone()
        except ValueError:
            return None
        return Backup(path, moment, size, "before_migration")
    return None


# A backup dated further ahead than this was made while the clock was wrong.
FUTURE_SLACK = timedelta(hours=1)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def is_future(backup: Backup, now: datetime | None = None) -> bool:
    """True for a backup dated after `now`: a wrong clock made it. (Its content's own
    date is checked where the file is opened anyway: `newest_good_backup`.)"""
    return backup.created_at > (now or _utc_now()) + FUTURE_SLACK


def list_backups(folder: Path, now: datetime | None = None) -> list[Backup]:
    """The backups in `folder`, newest first; those from the future come last.

    A backup made while the clock ran years ahead would otherwise be "newest" for
    good: offered first by recovery and never rotated away."""
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.iterdir()) if b is not None]
    found.sort(key=lambda b: b.created_at, reverse=True)
    return sorted(found, key=lambda b: is_future(b, now))  # stable: newest first in each


def _free_name(folder: Path, moment: datetime, reason: str) -> Path:
    moment = moment.astimezone(UTC)
    while True:
        candidate = folder / f"backup-{moment.strftime(_STAMP)}Z-{reason}.sqlite"
        if not candidate.exists():
            return candidate
        moment += timedelta(microseconds=1)  # two backups within one clock tick


def create_backup(
    reason: str = "manual",
    *,
    clock: Clock | None = None,
    db: pw.Database | None = None,
    rotate: bool = True,
) -> Backup:
    """Copy the open database into its backups folder, then apply the rotation."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    sqlite_db = _sqlite_or_refuse(db)
    clock = clock or SystemClock()
    folder = _folder_of(sqlite_db)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    destination = _free_name(folder, clock.now(), reason)
    try:
        backup_to(sqlite_db, destination)
    except DatabaseInUse as exc:
        raise _in_use() from exc
    except (sqlite3.Error, pw.DatabaseError, OSError) as exc:
        explained = user_error_for(exc, folder)  # a full disk says so
        if explained is not None:
            raise explained from exc
        if isinstance(exc, OSError):
            raise DatabaseError(
                _("The backup could not be written to {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc
                )
            ) from exc
        raise DatabaseError(
            _("The backup could not be written: {reason}").format(reason=exc)
        ) from exc
    backup = _parse(destination)
    assert backup is not None  # we just named it
    log.info("backup created: %s (%s, %d bytes)", destination.name, reason, backup.size)
    if rotate:
        rotate_backups(folder, clock)
    return backup


def rotate_backups(
    folder: Path, clock: Clock, policy: RetentionPolicy = DEFAULT_POLICY
) -> list[Path]:
    """Delete the backups the retention policy does not keep; returns what was deleted."""
    now = clock.now()
    everything = list_backups(folder, now)
    backups = [b for b in everything if not is_future(b, now)]
    # Days and weeks are the user's, so compare in the clock's zone.
    keep = backups_to_keep(((b.path, b.created_at.astimezone(now.tzinfo)) for b in backups), now)
    # A future-dated backup takes no slot; it goes once a week of real ones exists.
    if len(backups) < policy.daily:
        keep |= {b.path for b in everything if b not in backups}
    backups = everything
    removed: list[Path] = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
            except FileNotFoundError:
                continue  # another instance rotated it first
            removed.append(backup.path)
    if removed:
        log.info("rotation removed %d backups", len(removed))
    return removed


def backup_before(reason: str, *, clock: Clock | None = None) -> Backup | None:
    """A copy before a risky change (an import, a restore). On a server database
    there is nothing to copy here: returns None and the change goes ahead."""
    db = current_database()
    if not is_sqlite(db):
        return None
    clock = clock or SystemClock()
    if reason == "before_import":
        recent = _recent_import_backup(_folder_of(db), clock.now())
        if recent is not None:
            return recent
    return create_backup(reason, clock=clock, db=db)


IMPORT_BACKUP_EVERY = timedelta(hours=1)


def _recent_import_backup(folder: Path, now: datetime) -> Backup | None:
    """A pre-import backup younger than an hour that no import has finished since.

    Each failed or cancelled attempt at an import would otherwise keep another full
    copy for a day (14 attempts made 500 MB); the data has not changed since that copy.
    """

    for backup in list_backups(folder, now):
        if backup.reason != "before_import":
            continue
        age = now - backup.created_at
        if not timedelta(0) <= age <= IMPORT_BACKUP_EVERY:
            return None
        stamp = to_utc_naive(backup.created_at)
        finished_since = m.ImportBatch.select().where(m.ImportBatch.created_at >= stamp).exists()
        return None if finished_since else backup
    return None


def backup_if_due(clock: Clock, *, max_age: timedelta = DUE_AFTER) -> Backup | None:
    """The daily backup at start: made when the newest backup of any kind is older
    than `max_age`. Returns the new backup, or None when none was due."""
    db = current_database()
    if not is_sqlite(db):
        return None
    now = clock.now()
    backups = list_backups(_folder_of(db), now)
    if backups:
        age = now - backups[0].created_at
        # A backup "from the future" means the clock was set back; do not trust it.
        if timedelta(hours=-1) <= age <= max_age:
            return None
    return create_backup("daily", clock=clock, db=db)


def _connect_private(path: Path) -> sqlite3.Connection:
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)


def _not_ours(source: Path) -> DatabaseError:
    return DatabaseError(_("{path} is not a Desktop CRM backup.").format(path=source.name))


def _read_every_row(conn: sqlite3.Connection, source: Path, objects: list[Any]) -> None:
    """Refuse a file whose pages are whole but whose text is not: integrity_check does not
    decode values, and a flipped byte in a date or a name would break every later read."""
    lenient, conn.text_factory = conn.text_factory, str  # str decodes strictly
    try:
        for kind, name, sql in objects:
            if kind != "table" or (sql or "").upper().startswith("CREATE VIRTUAL"):
                continue
            for _row in conn.execute(f'SELECT * FROM "{name.replace(chr(34), chr(34) * 2)}"'):
                pass
    except sqlite3.Error as error:
        raise DatabaseError(
            _("{path} is damaged ({problem}); choose another backup.").format(
                path=source.name, problem=error
            )
        ) from error
    finally:
        conn.text_factory = lenient


def _validate(conn: sqlite3.Connection, source: Path) -> int:
    """Refuse a damaged file, someone else's database or one from a newer app."""
    result = conn.execute("PRAGMA integrity_check(5)").fetchall()
    if [row[0] for row in result] != ["ok"]:
        raise DatabaseError(
            _("{path} is damaged ({problem}); choose another backup.").format(
                path=source.name, problem=result[0][0]
            )
        )
    objects = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    tables = {name for kind, name, _sql in objects if kind == "table"}
    # We never create triggers or views: in a file from elsewhere they would run
    # or answer in place of our own SQL.
    if not _REQUIRED_TABLES <= tables or any(k in ("trigger", "view") for k, _n, _s in objects):
        raise _not_ours(source)
    _read_every_row(conn, source, objects)
    row = conn.execute("SELECT value FROM app_meta WHERE key = ?", (SCHEMA_KEY,)).fetchone()
    try:
        version = int(row[0]) if row else 0
    except (TypeError, ValueError):
        version = 0
    if version < 1:
        raise _not_ours(source)
    if version > LATEST:
        raise DatabaseError(
            _(
                "{path} was made by a newer version of Desktop CRM (schema {found}; "
                "this version knows up to {latest}). Update the app to restore it."
            ).format(path=source.name, found=version, latest=LATEST)
        )
    missing = _expected_tables(version) - tables
    searches = {name: sql or "" for kind, name, sql in objects if kind == "table"}
    if missing or any("fts5" not in searches.get(t, "").lower() for t in _SEARCH_TABLES):
        # A copy without (say) the search tables would restore fine and break search.
        raise DatabaseError(
            _("{path} is incomplete (missing: {tables}); choose another backup.").format(
                path=source.name, tables=", ".join(sorted(missing)) or _("search tables")
            )
        )
    return version


def _page_size(path: Path) -> int | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _stage(source: Path, staged: Path, page_size: int | None) -> int:
    """A private, validated copy of `source` at `staged` (a locked staging file); the
    source itself is only read. Returns the copy's schema version."""
    try:
        copy = _connect_private(staged)
        copy.text_factory = integrity.lenient_text  # it is not validated yet
        try:
            try:
                original = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
                try:
                    copy_database(original, copy)
                finally:
                    original.close()
            except DatabaseInUse as exc:
                raise _in_use() from exc
            except sqlite3.DatabaseError as exc:
                if integrity.is_busy(exc):
                    raise
                raise _not_ours(source) from exc
            try:
                copy.execute("PRAGMA journal_mode=DELETE")
                version = _validate(copy, source)
                if page_size and copy.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    # The backup API cannot change the page size of a WAL database.
                    copy.execute(f"PRAGMA page_size={int(page_size)}")
                    copy.execute("VACUUM")
            except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # too broken to read
                raise DatabaseError(
                    _("{path} is damaged ({problem}); choose another backup.").format(
                        path=source.name, problem=exc
                    )
                ) from exc
        finally:
            copy.close()
        return version
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def _in_use() -> DatabaseError:
    return DatabaseError(
        _(
            "The database is in use by another program (is Desktop CRM open elsewhere?). "
            "Nothing was changed; close it and try again."
        )
    )


def _bound_to(database: Path) -> bool:
    db = database_proxy.obj
    path = sqlite_path_of(db) if db is not None and is_sqlite(db) else None
    return path is not None and path.resolve() == database.resolve()


def restore_backup(source: Path, database: Path, *, clock: Clock | None = None) -> RestoreResult:
    """Replace the database at `database` with the backup at `source`.

    The current state is backed up first (or, when it is too damaged to copy,
    moved aside). The copy goes in through the backup API, one transaction, so
    a crash halfway leaves the old database. Afterwards the models are bound to
    the restored database, migrated to the current schema if it was older."""
    clock = clock or SystemClock()
    source = Path(source)
    database = Path(database)
    if not source.is_file():
        raise DatabaseError(_("There is no backup file at {path}.").format(path=source))
    if database.exists() and source.resolve() == database.resolve():
        raise DatabaseError(_("That file is the database in use; choose a backup."))
    folder = database.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = folder / f".restore-{secrets.token_hex(8)}.sqlite"
    # Locked while it exists: a start-up meanwhile must not take it for a crash's leftover.
    with staging_file(staged):
        return _restore_staged(source, database, staged, folder, clock)


def _restore_staged(
    source: Path, database: Path, staged: Path, folder: Path, clock: Clock
) -> RestoreResult:
    version = _stage(source, staged, _page_size(database))
    safety: Backup | None = None
    moved: Path | None = None
    try:
        if database.exists():
            if integrity.check_file(database).ok:
                if _bound_to(database):
                    safety = create_backup("before_restore", clock=clock, rotate=False)
                else:
                    side = pw.SqliteDatabase(str(database), timeout=BUSY_TIMEOUT_MS / 1000)
                    try:
                        safety = create_backup("before_restore", clock=clock, db=side, rotate=False)
                    finally:
                        side.close()
            else:
                if _bound_to(database):
                    close_database()
                moved = integrity.move_aside(database, now=clock.now())
        was_bound = _bound_to(database)
        if was_bound:
            close_database()  # reopened below, so no cached page or schema outlives the restore
        staged_conn = sqlite3.connect(str(staged))
        live = _connect_private(database)
        try:
            copy_database(staged_conn, live)
        except sqlite3.OperationalError as exc:
            if was_bound:
                open_database(path=database)  # nothing was copied: carry on with the old data
            if isinstance(exc, DatabaseInUse) or integrity.is_busy(exc):
                raise _in_use() from exc
            raise DatabaseError(
                _("The backup could not be restored: {reason}").format(reason=exc)
            ) from exc
        finally:
            live.close()
            staged_conn.close()
    finally:
        staged.unlink(missing_ok=True)
    open_database(path=database)  # migrates an older backup, after its own copy
    log.info("restored %s (schema %d)", source.name, version)
    return RestoreResult(
        restored_from=source, schema_version=version, safety_backup=safety, moved_aside=moved
    )


def newest_good_backup(
    folder: Path, now: datetime | None = None
) -> tuple[Backup | None, list[Path]]:
    """The newest backup that passes integrity_check, and the newer ones that failed.

    Newest by the backup's name and file date and by its content's own last change:
    one whose content or date lies in the future is offered only when nothing else is."""
    now = now or _utc_now()
    rejected: list[Path] = []
    later: list[Backup] = []
    for backup in list_backups(folder, now):
        if not integrity.check_file(backup.path, full=True, read_only=True).ok:
            rejected.append(backup.path)
            continue
        if is_future(backup, now) or _content_is_future(backup.path, now):
            later.append(backup)
            continue
        return backup, rejected
    return (later[0] if later else None), rejected


def _content_is_future(path: Path, now: datetime) -> bool:
    """True when the backup's last contact change is dated after `now` (a wrong clock)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT max(updated_at) FROM contact").fetchone()
        finally:
            conn.close()
        last = datetime.fromisoformat(str(row[0])).replace(tzinfo=UTC) if row and row[0] else None
    except (sqlite3.Error, ValueError):
        return False
    return last is not None and last > now + FUTURE_SLACK
