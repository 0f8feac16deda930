"""Peewee's DateTimeField, read faster: SQLite hands datetimes back as text, and peewee parses
each one with `strptime` (5-7 µs: half of the notifier's 0.2 s read of 8,465 due
reminders at 100,000 contacts, on a worker that shares the GIL with the window). The two
layouts peewee writes are read with `datetime.fromisoformat` instead (0.5-0.8 µs);
anything else, and every value a server driver already made a datetime, goes to peewee."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import peewee as pw

from desktop_crm.domain.lazy_pattern import LazyPattern

# 'YYYY-MM-DD HH:MM:SS' or 'YYYY-MM-DD HH:MM:SS.ffffff' in ASCII digits: where `fromisoformat`
# and peewee's `strptime` formats read the same datetime. Compiled on first use.
_PEEWEE_LAYOUT = LazyPattern(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{6})?\Z", re.ASCII)


class _FastDateTimeField(pw.DateTimeField):
    def python_value(self, value: Any) -> Any:
        if isinstance(value, str) and _PEEWEE_LAYOUT.match(value):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass  # out of range (month 13): peewee's answer, whatever it is
        return super().python_value(value)


# Typed as peewee's own fields are (peewee has no types: Any), so that a model's attribute
# still holds a datetime for mypy.
DateTimeField: Any = _FastDateTimeField
