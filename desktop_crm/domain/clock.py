"""The clock, passed into every rule and service so tests can fix the time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from desktop_crm.domain.local_time import aware


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in the user's local zone."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()


class FixedClock:
    """A clock that stands still until moved; for tests and `--at` queries."""

    def __init__(self, moment: datetime):
        self._moment = aware(moment)

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        self._moment = aware(moment)

    def advance(self, delta: timedelta) -> None:
        self._moment = self._moment + delta
