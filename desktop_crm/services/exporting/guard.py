"""Refuse an export target that is the database, one of its journal files or a backup."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.store.database import sqlite_file_in_use

# SQLite keeps these beside the database; writing over one corrupts the data.
_JOURNAL_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _real(path: Path) -> Path:
    """The path with symbolic links and `..` resolved, also when it does not exist yet."""
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    """True for one file under two names (a hard link); False when either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def database_files(database: Path) -> list[Path]:
    """The database file and the journal files SQLite keeps beside it."""
    return [Path(f"{database}{suffix}") for suffix in _JOURNAL_SUFFIXES]


def refuse_own_files(target: Path, protected: Iterable[str | os.PathLike] = ()) -> None:
    """Raise ValidationError when `target` would overwrite our own data.

    Protected: the open SQLite database with its WAL, SHM and journal files, and
    every file or folder in `protected` (a folder protects all that lies in it)."""
    real = _real(target)
    guarded: list[Path] = []
    database = sqlite_file_in_use()
    if database is not None:
        guarded += database_files(database)
        guarded.append(database.parent / "backups")
    guarded += [Path(p) for p in protected]
    for item in guarded:
        item_real = _real(item)
        inside = item_real == real or item_real in real.parents
        if inside or _same_file(item, target):
            raise ValidationError(
                _(
                    "{path} is part of the Desktop CRM data (the database or its backups); "
                    "choose another file to export to."
                ).format(path=target),
                field="file",
            )
