"""Opening the database: a SQLite file (the default) or a URL such as postgresql://…

One function fills the models' proxy; nothing else knows where the data lives."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _
from desktop_crm.paths import make_private, refuse_foreign_folder
from desktop_crm.store.file_checks import refuse_before_touching
from desktop_crm.store.handle import current_database, is_sqlite
from desktop_crm.store.migrations import ensure_schema
from desktop_crm.store.models import database_proxy

# Re-exported: the services ask `store.database` for the handle.
__all__ = [
    "close_database",
    "connect_sqlite",
    "connect_url",
    "current_database",
    "is_sqlite",
    "open_database",
    "open_read_only",
    "redact_url",
    "refresh_statistics",
    "retire_read_only",
    "write_transaction",
]

BUSY_TIMEOUT_MS = 10_000

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a power cut never loses a committed transaction
    "busy_timeout": BUSY_TIMEOUT_MS,
    # 4 MB page cache per connection (the GUI thread, the writer and two readers each have
    # one): 16 MB each held 25–30 MB more at 100k contacts for no measurable speed-up.
    "cache_size": -4_000,
    "temp_store": 2,
}
# The page cache while the search index of a whole import is built (then freed again).
BUILD_CACHE_KIB = 65_536


# The page cache while a whole list is read once, in order: a walk of one index needs few
# pages held, and the usual 4 MB filled with pages nobody reads again (at 100k the peak).
READ_ONCE_CACHE_KIB = 256


@contextmanager
def page_cache(db: pw.Database, kib: int) -> Iterator[None]:
    """A page cache of `kib` for one step (SQLite; the usual size again after it, which
    frees the extra pages). Larger for a bulk step: an FTS5 build of 100k texts took 0.9 s
    less CPU with 32-64 MB; smaller for a read that passes over its pages once."""
    if not is_sqlite(db):
        yield
        return
    db.execute_sql(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size={SQLITE_PRAGMAS['cache_size']}")


def _create_private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does, so it is never world-readable."""
    refuse_foreign_folder(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    make_private(path)


def connect_sqlite(path: Path) -> pw.SqliteDatabase:
    refuse_before_touching(path)
    _create_private_file(path)
    db = pw.SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    try:
        db.connect(reuse_if_open=True)
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        from desktop_crm.store.db_errors import disk_full_error, disk_nearly_full

        if disk_nearly_full(path.parent):
            # A WAL database needs room for its -wal and -shm files even to be read.
            # On a full disk, open the (fully checkpointed) file read-only instead:
            # the user can still look everything up; every write says the disk is full.
            reader = _open_for_reading(path)
            if reader is not None:
                return reader
            raise disk_full_error() from exc
        raise DatabaseError(
            _("The database {path} cannot be opened: {reason}").format(path=path, reason=exc)
        ) from exc
    return db


def _open_for_reading(path: Path) -> pw.SqliteDatabase | None:
    """The database opened immutable (no -wal or -shm needed); None when its WAL holds
    changes not yet in the file, which such a reader would not see."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    reader = pw.SqliteDatabase(
        f"{path.resolve().as_uri()}?immutable=1",
        uri=True,
        pragmas={"foreign_keys": 1, "query_only": 1},
        check_same_thread=False,
    )
    try:
        reader.connect(reuse_if_open=True)
    except (pw.DatabaseError, sqlite3.DatabaseError):
        return None
    return reader


def connect_url(url: str) -> pw.Database:
    if url.startswith("sqlite:///"):
        return connect_sqlite(Path(url[len("sqlite:///") :]))
    from desktop_crm.store.server_driver import load_server_driver

    load_server_driver()  # the app's start held psycopg2 back from peewee
    from playhouse import db_url  # imports the server drivers: only when a URL is given

    try:
        if url.split("://", 1)[0] in ("postgres", "postgresql"):
            from desktop_crm.store.server_database import (
                ReconnectingPostgresqlDatabase,
                server_connect_options,
            )

            options = server_connect_options(db_url.parse(url))
            db: pw.Database = ReconnectingPostgresqlDatabase(options.pop("database"), **options)
        else:
            db = db_url.connect(url)
        db.connect(reuse_if_open=True)
    except Exception as exc:  # driver errors differ per back end; all mean "cannot open"
        raise DatabaseError(
            _("Cannot connect to the database at {url}: {reason}").format(
                url=redact_url(url), reason=str(exc).strip().splitlines()[0] if str(exc) else exc
            )
        ) from exc
    return db


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


def open_database(
    *, path: Path | None = None, url: str | None = None, migrate: bool = True
) -> pw.Database:
    """Open the database, bind the models to it and bring the schema up to date."""
    if url:
        db = connect_url(url)
    elif path is not None:
        db = connect_sqlite(path)
    else:
        raise ValueError("open_database() needs a path or a url")
    database_proxy.initialize(db)
    if path is not None:
        from desktop_crm.store.sqlite_backup import remove_stale_staging

        remove_stale_staging(path.parent / "backups")  # left by a killed backup or restore
    if migrate:
        ensure_schema(db, backup_dir=(path.parent / "backups") if path else None)
        _index_waiting_search_texts(db)  # what an import that ended early left waiting
    return db


def open_read_only(path: Path) -> pw.Database | None:
    """Bind the models to `path` opened read-only (`mode=ro`, `query_only`), for the first
    page while the integrity check still runs: such a connection can never write to a file
    the check may find damaged. None when the file is missing, unreadable, or not at the
    latest schema (a migration must wait for the check); then nothing is bound."""
    from desktop_crm.store.migrations import LATEST, SCHEMA_KEY

    if not path.is_file():
        return None
    reader = pw.SqliteDatabase(
        f"{path.resolve().as_uri()}?mode=ro",
        uri=True,
        pragmas={"query_only": 1, "busy_timeout": BUSY_TIMEOUT_MS, "cache_size": -4_000},
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        reader.connect(reuse_if_open=True)
        # Read through `reader` itself: the models are not bound to it yet.
        row = reader.execute_sql(
            "SELECT value FROM app_meta WHERE key = ?", (SCHEMA_KEY,)
        ).fetchone()
        current = row is not None and row[0] == str(LATEST)
    except (pw.DatabaseError, sqlite3.DatabaseError):
        current = False  # not a database, or damaged where it counts: the check decides
    if not current:
        reader.close()
        return None
    database_proxy.initialize(reader)
    return reader


# Read-only databases the start replaced with the read-write one: kept until the process
# ends, so a worker's connection to one is never freed under it by another thread; each worker
# closes its own when it next goes idle (`close_retired_connections`).
_retired: list[pw.Database] = []
_retired_lock = threading.Lock()


def retire_read_only(reader: pw.Database) -> None:
    """The start's read-only database is done with (the file was checked and is opened for
    writing next): close this thread's connection; the workers close theirs."""
    reader.close()
    with _retired_lock:
        _retired.append(reader)


def close_retired_connections() -> None:
    """On a worker going idle (or ending): close its own connections to retired databases
    (peewee keeps one connection per thread; only the thread that uses it closes it)."""
    with _retired_lock:
        retired = list(_retired)
    for reader in retired:
        if not reader.is_closed():
            reader.close()


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        if is_sqlite(db):
            try:
                db.execute_sql("PRAGMA optimize")  # SQLite's advice for a closing connection
            except pw.OperationalError:
                pass  # busy: the statistics can wait for another day
        db.close()


def refresh_statistics() -> None:
    """Tell the query planner what the tables hold after a bulk change (an import).

    Without statistics SQLite may pick an index that matches most rows (the list's
    follow-up column took 13 ms a page instead of 0.5 ms). Sampled, so it stays cheap."""
    db = current_database()
    if is_sqlite(db):
        db.execute_sql("PRAGMA analysis_limit=1000")
        db.execute_sql("ANALYZE")
    else:
        db.execute_sql("ANALYZE")


def sqlite_file_in_use() -> Path | None:
    """The file of the open SQLite database, or None (a server, or nothing open)."""
    db = database_proxy.obj
    return sqlite_path_of(db) if db is not None and is_sqlite(db) else None


def sqlite_path_of(db: pw.Database) -> Path | None:
    """The file behind a SQLite database object, also when it was opened by URI."""
    if db.database in ("", ":memory:", None):
        return None
    name = str(db.database)
    if name.startswith("file:"):  # the read-only fallback's URI (see _open_for_reading)
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(name).path))
    return Path(name)


@contextmanager
def write_transaction() -> Iterator[pw.Database]:
    """One short write transaction: `BEGIN IMMEDIATE` on SQLite so two writers queue
    on the busy timeout instead of failing halfway; a savepoint when nested."""
    db = current_database()
    try:
        if db.transaction_depth() == 0 and is_sqlite(db):
            ctx = db.atomic("IMMEDIATE")
        else:
            ctx = db.atomic()
        with ctx:
            yield db
    except (pw.OperationalError, pw.InterfaceError, sqlite3.OperationalError) as exc:
        # Busy, disk full, read-only, the server gone: the transaction was rolled back,
        # and the user gets a sentence instead of a driver's message.
        from desktop_crm.store.db_errors import user_error_for

        folder = sqlite_file_in_use()
        explained = user_error_for(exc, folder.parent if folder else None)
        if explained is None:
            raise
        raise explained from exc


def _index_waiting_search_texts(db: pw.Database) -> None:
    """Index the search texts an import committed but could not index (the process
    ended in between); the search found those contacts by a scan meanwhile."""
    from desktop_crm.store.search import build_pending
    from desktop_crm.store.search_pending import any_pending

    if any_pending(db):
        with write_transaction(), page_cache(db, BUILD_CACHE_KIB):
            build_pending(db)
