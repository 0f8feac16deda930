"""An Insights period: calendar days in the user's zone, and its edges as the UTC the database stores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from desktop_crm.domain.local_time import start_of_day, to_utc_naive
from desktop_crm.domain.outcomes import add_months


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included, in the user's time zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @classmethod
    def this_month(cls, today: date) -> Period:
        first = today.replace(day=1)
        return cls(first, add_months(first, 1) - timedelta(days=1))

    @classmethod
    def this_quarter(cls, today: date) -> Period:
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return cls(first, add_months(first, 3) - timedelta(days=1))

    @classmethod
    def this_year(cls, today: date) -> Period:
        return cls(date(today.year, 1, 1), date(today.year, 12, 31))

    @classmethod
    def last_12_months(cls, today: date) -> Period:
        """The twelve whole months before this one and this month up to today: every bar but
        the last is a full month, and nothing lies ahead (the current month and the eleven
        before it were, in December, the calendar year with its future days)."""
        return cls(add_months(today.replace(day=1), -12), today)

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        result, month = [], self.start.replace(day=1)
        while month <= self.end:
            result.append(month)
            month = add_months(month, 1)
        return result

    def weeks(self) -> list[date]:
        """The Monday of every ISO week the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        result = []
        while monday <= self.end:
            result.append(monday)
            monday += timedelta(days=7)
        return result


def utc_midnight(day: date, tz: tzinfo | None) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC the database stores."""
    return to_utc_naive(start_of_day(day, tz))


def utc_bounds(period: Period, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """[from, until) in UTC: the period's first local midnight up to the one after its last day."""
    return utc_midnight(period.start, tz), utc_midnight(period.end + timedelta(days=1), tz)


def bucket_edges(starts: Sequence[date], period: Period, tz: tzinfo | None) -> list[datetime]:
    """UTC edges of calendar buckets clipped to the period: len(starts) + 1 values."""
    lo, hi = utc_bounds(period, tz)
    inner = [utc_midnight(day, tz) for day in starts[1:]]
    return [lo, *inner, hi]
