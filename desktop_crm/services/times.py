"""Conversions between the user's local, timezone-aware times and the UTC stored in the database."""

from __future__ import annotations

from datetime import datetime

from desktop_crm.domain.alarms import from_utc_naive, to_utc_naive

# Aware local time → naive UTC, as DateTimeFields hold it (the domain's one definition).
to_storage = to_utc_naive


def from_storage(value: datetime | str | None, tz=None) -> datetime | None:
    """Naive UTC from the database (or None) → aware time in `tz` (default: the system's)."""
    return None if value is None else from_utc_naive(value, tz)


def parse_local_minute(text: str) -> datetime:
    """YYYY-MM-DDTHH:MM (the command line's form) as an aware local time; ValueError if bad."""
    parsed = datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    return parsed.astimezone()
