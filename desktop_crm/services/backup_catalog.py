"""The backups a user can restore, each with its date, size and how many contacts it holds."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop_crm.services.backup import Backup, list_backups
from desktop_crm.store.database import current_database, is_sqlite


@dataclass(frozen=True)
class BackupEntry:
    backup: Backup
    contacts: int | None  # None: the file could not be read (damaged, or not ours)


def live_database_file() -> Path | None:
    """The SQLite file in use, or None when the database is on a server."""
    db = current_database()
    if not is_sqlite(db):
        return None
    return Path(db.database).resolve()


def backups_folder() -> Path | None:
    database = live_database_file()
    return None if database is None else database.parent / "backups"


def count_contacts_in(path: Path) -> int | None:
    """Unarchived contacts in a backup file, read-only; None when it cannot be read."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT COUNT(*) FROM contact WHERE archived = 0").fetchone()
        return int(row[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def catalog(folder: Path | None = None) -> list[BackupEntry]:
    """Every backup in the folder (the live database's by default), newest first."""
    folder = folder if folder is not None else backups_folder()
    if folder is None:
        return []
    return [BackupEntry(b, count_contacts_in(b.path)) for b in list_backups(folder)]
