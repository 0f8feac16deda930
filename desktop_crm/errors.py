"""Errors meant for the user: each carries a translated, one-line message.

The command line and the GUI turn these into a message at one boundary each;
anything else that escapes is a bug and is logged, not shown as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input, a missing record, a locked file."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value that does not fit its field (an email, a date, a stage)."""


class NotFoundError(UserError):
    """A record the user named does not exist (or no longer does)."""


class ImportFileError(UserError):
    """A file that cannot be imported at all: nothing was changed."""


class DatabaseError(UserError):
    """The database cannot be opened or written: locked, damaged or too new."""


class ConflictError(UserError):
    """Someone else changed the record since it was read; the save was refused."""
