"""Checks on an existing SQLite file before anything opens it for writing.

Opening for real switches the journal to WAL, tightens the mode and may create
tables; a file we must refuse has to be left exactly as it was (issue 15.9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _
from desktop_crm.paths import stat_if_ours

SCHEMA_KEY = "schema_version"  # the same key store.migrations writes


def _latest() -> int:
    from desktop_crm.store.migrations import LATEST  # migrations imports this package

    return LATEST


def refuse_before_touching(path: Path) -> None:
    """DatabaseError when `path` exists but is not ours to open: another user's, read-only,
    someone else's SQLite database, or one from a newer Desktop CRM."""
    info = stat_if_ours(
        path,
        DatabaseError,
        unreadable=_("The database {path} cannot be opened: {reason}"),
        foreign=_("The database {path} belongs to another user; nothing was changed."),
        read_only=_("The database {path} is read-only; nothing was changed."),
    )
    if info is None:
        return
    if info.st_size == 0:
        return  # a file we created a moment before a crash: a fresh database
    tables, version = _peek(path)
    if tables is None:
        return  # not readable as SQLite: the open reports it (the start-up check moves it aside)
    if "app_meta" not in tables and tables:
        raise DatabaseError(
            _(
                "{path} is another program's database, not Desktop CRM's; nothing was changed."
            ).format(path=path)
        )
    if version is not None and version > _latest():
        raise DatabaseError(
            _(
                "This database was made by a newer version of Desktop CRM (schema {found}; "
                "this version knows up to {latest}). Update the app to open it."
            ).format(found=version, latest=_latest())
        )


def _peek(path: Path) -> tuple[set[str] | None, int | None]:
    """The file's table names and schema version, read without changing a byte."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None, None
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        version = None
        if "app_meta" in tables:
            row = conn.execute("SELECT value FROM app_meta WHERE key = ?", (SCHEMA_KEY,)).fetchone()
            try:
                version = int(row[0]) if row else None
            except (TypeError, ValueError):
                version = None
        return tables, version
    except sqlite3.Error:
        return None, None
    finally:
        conn.close()
