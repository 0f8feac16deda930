"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months.

Pure selection over (key, moment) pairs; the backup service deletes the rest.
Periods are counted over the backups that exist, not over the calendar, so a
long pause (a holiday, a laptop in a drawer) never deletes the only copies."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    # Everything younger than this is kept too: two imports on one day each keep
    # their "before import" copy until the day is over.
    keep_within: timedelta = timedelta(hours=24)


DEFAULT_POLICY = RetentionPolicy()


def _day(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month, moment.day)


def _week(moment: datetime) -> tuple[int, ...]:
    iso = moment.isocalendar()
    return (iso.year, iso.week)


def _month(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month)


def _newest_per_period(
    ordered: list[tuple[K, datetime]],
    period: Callable[[datetime], tuple[int, ...]],
    count: int,
    already: set[K],
) -> set[K]:
    """The newest backup of each of the `count` most recent periods.

    A period whose newest backup an earlier rule already keeps does not count,
    so the weekly rule reaches back past the days the daily rule covers."""
    chosen: set[K] = set()
    last_period: tuple[int, ...] | None = None
    for key, moment in ordered:
        if len(chosen) >= count:
            break
        current = period(moment)
        if current == last_period:
            continue
        last_period = current
        if key not in already:
            chosen.add(key)
    return chosen


def backups_to_keep(
    backups: Iterable[tuple[K, datetime]],
    now: datetime,
    policy: RetentionPolicy = DEFAULT_POLICY,
) -> set[K]:
    """The keys of the backups to keep. Moments must all be aware or all naive,
    in the zone whose days count (the user's local time)."""
    ordered = sorted(backups, key=lambda item: item[1], reverse=True)
    if not ordered:
        return set()
    by_rule: set[K] = set()
    for period, count in (
        (_day, policy.daily),
        (_week, policy.weekly),
        (_month, policy.monthly),
    ):
        by_rule |= _newest_per_period(ordered, period, count, by_rule)
    recent = {key for key, moment in ordered if now - moment < policy.keep_within}
    # The newest copy is never deleted, whatever its date or the policy.
    return by_rule | recent | {ordered[0][0]}
