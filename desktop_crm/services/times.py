"""Conversions between the user's local, timezone-aware times and the UTC stored in the database."""

from __future__ import annotations

from datetime import UTC, datetime


def to_storage(moment: datetime) -> datetime:
    """Aware local time → naive UTC, as DateTimeFields hold it."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_storage(value: datetime | str | None, tz=None) -> datetime | None:
    """Naive UTC from the database → aware time in `tz` (default: the system's zone)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    aware = value.replace(tzinfo=UTC)
    return aware.astimezone(tz) if tz is not None else aware.astimezone()


def parse_local_minute(text: str) -> datetime:
    """YYYY-MM-DDTHH:MM (the command line's form) as an aware local time; ValueError if bad."""
    parsed = datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    return parsed.astimezone()
