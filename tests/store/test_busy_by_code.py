"""A refusal SQLite gives by its BUSY code reads as "busy", whatever its message says: under
load a BEGIN IMMEDIATE refused for another program's lock can say "not an error"."""

from __future__ import annotations

import sqlite3

import peewee as pw

from desktop_crm.store.db_errors import user_error_for


def _refused(message: str, code: int | None) -> pw.OperationalError:
    cause = sqlite3.OperationalError(message)
    if code is not None:
        cause.sqlite_errorcode = code  # type: ignore[attr-defined]  (set by the driver)
    try:
        try:
            raise cause
        except sqlite3.OperationalError as exc:
            raise pw.OperationalError(*exc.args) from exc  # as peewee wraps it
    except pw.OperationalError as wrapped:
        return wrapped


def test_a_busy_code_is_busy_whatever_the_message():
    for code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY | 0x200):
        error = user_error_for(_refused("not an error", code))
        assert error is not None and "busy in another program" in error.message


def test_another_code_without_a_known_message_stays_a_bug():
    assert user_error_for(_refused("not an error", sqlite3.SQLITE_ERROR)) is None
    assert user_error_for(_refused("not an error", None)) is None
