"""The services' names for the domain's time conversions, and the command line's minute format."""

from __future__ import annotations

from datetime import datetime

from desktop_crm.domain.local_time import aware, from_storage, to_utc_naive

# Aware local time → naive UTC, as DateTimeFields hold it (the domain's one definition).
to_storage = to_utc_naive

__all__ = ["from_storage", "parse_local_minute", "to_storage"]


def parse_local_minute(text: str) -> datetime:
    """YYYY-MM-DDTHH:MM (the command line's form) as an aware local time; ValueError if bad."""
    return aware(datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M"))
