"""Database and file-system failures a user can act on, turned into one clear message.

The command line and the window both ask `user_error_for(exc)`; what it does not
recognise is a bug, logged and reported as such."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import peewee as pw

from desktop_crm.errors import DatabaseError, UserError
from desktop_crm.i18n import _

# Below this many free bytes a "disk I/O error" is the disk being full (SQLite says
# SQLITE_IOERR, not SQLITE_FULL, when a write of the WAL or journal fails for space).
_NEARLY_FULL = 1_000_000


def disk_full_error() -> DatabaseError:
    return DatabaseError(_("The disk is full. Nothing was changed; free some space and try again."))


def server_away_error() -> DatabaseError:
    return DatabaseError(
        _("The database server cannot be reached. Nothing was changed; try again when it is back.")
    )


def disk_nearly_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def _busy_code(exc: BaseException) -> bool:
    """SQLite said BUSY or LOCKED by its code: a BEGIN IMMEDIATE refused under load can carry
    the message "not an error" (seen in tests/ui/test_refused_undo.py, 1 run in 8)."""
    cause = exc if isinstance(exc, sqlite3.Error) else exc.__cause__ or exc.__context__
    code = getattr(cause, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def user_error_for(exc: BaseException, folder: Path | None = None) -> UserError | None:
    """The UserError that explains `exc`, or None when it is not the user's to fix.

    `folder` is where the database lives, to tell a full disk from another I/O error."""
    from desktop_crm.store.server_database import is_connection_lost

    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, OverflowError):  # an id of 2**63 or more reached the database
        return UserError(_("That number is too large; nothing was changed."))
    if is_connection_lost(exc):
        return server_away_error()
    if not isinstance(exc, (pw.PeeweeException, sqlite3.Error)):
        return None
    text = str(exc).lower()
    if "database or disk is full" in text or "disk is full" in text:
        return disk_full_error()
    if "disk i/o error" in text:
        if disk_nearly_full(folder):
            return disk_full_error()
        return DatabaseError(
            _("The disk could not be written (an I/O error). Nothing was changed; try again.")
        )
    if ("readonly" in text or "read-only" in text) and disk_nearly_full(folder):
        return disk_full_error()  # opened read-only because the disk is full
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            _(
                "The database is read-only here (the file, its folder or the disk). "
                "Nothing was changed."
            )
        )
    if "locked" in text or "busy" in text or _busy_code(exc):
        return DatabaseError(
            _("The database is busy in another program. Nothing was changed; try again.")
        )
    if "unable to open database" in text:
        return DatabaseError(
            _("The database file cannot be opened here (no permission, or no such folder).")
        )
    if "statement timeout" in text or "canceling statement" in text:
        return DatabaseError(
            _("The database server took too long to answer. Nothing was changed; try again.")
        )
    return None


def _os_error(exc: OSError) -> UserError | None:
    name = exc.filename if isinstance(exc.filename, str) else ""
    if exc.errno == errno.ENOSPC:
        return disk_full_error()
    if exc.errno == errno.EROFS:
        return UserError(_("{path} is on a read-only disk.").format(path=name or "?"))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(
            _("No permission to use {path}; it belongs to another user or is read-only.").format(
                path=name or "?"
            )
        )
    if exc.errno == errno.ENAMETOOLONG:
        return UserError(_("That file name is too long."))
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return UserError(_("{path} does not exist.").format(path=name or "?"))
    return None
