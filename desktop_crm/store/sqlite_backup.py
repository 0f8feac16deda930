"""Copies of a live SQLite database made with the backup API (a file copy can miss the WAL)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee as pw


def backup_to(db: pw.SqliteDatabase, destination: Path) -> Path:
    """Write a consistent copy of `db` to `destination`, readable by its owner only."""
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(destination.name + ".part")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    target = sqlite3.connect(str(partial))
    try:
        db.connection().backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
    os.chmod(partial, 0o600)
    os.replace(partial, destination)  # never leave a half-written backup under its real name
    return destination
