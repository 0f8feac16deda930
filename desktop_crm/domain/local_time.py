"""Time zones in one place: the user's local wall clock, and the naive UTC the database stores.

Times in the program are timezone-aware. Calendar math (a birthday "at 09:00", a day's
first midnight) happens in the user's local zone and survives daylight-saving changes;
the database stores UTC without a zone. Every conversion between the two goes through here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timezone, tzinfo
from typing import overload


def aware(moment: datetime) -> datetime:
    """`moment` with a zone: a naive time is taken as the system's local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def local_zone_of(moment: datetime) -> tzinfo | None:
    """The zone to do calendar math in for `moment`.

    A named zone (ZoneInfo) is used as it is. `datetime.now().astimezone()` gives a fixed
    offset that knows nothing of daylight saving, so when the offset is the system's own
    we return None, meaning "the system's local rules", which do know DST."""
    zone = moment.tzinfo
    if zone is None:
        return None
    if isinstance(zone, timezone):
        system_offset = moment.astimezone().utcoffset()
        if zone.utcoffset(moment) == system_offset and zone is not UTC:
            return None
    return zone


def to_local(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` on the wall clock of `zone` (None: the system's local rules)."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def local_moment(day: date, at: time, zone: tzinfo | None) -> datetime:
    """`at` o'clock on `day` in `zone`, as an aware time.

    A wall time inside a spring-forward gap does not exist; it is moved forward by the
    gap (02:30 → 03:30), as a wall clock would. In the autumn overlap the first of the
    two moments is taken, so an alarm never waits an extra hour."""
    naive = datetime.combine(day, at)
    if zone is None:
        # The C library's mktime knows the system's DST rules.
        return naive.astimezone()
    # The round trip through UTC normalises a wall time that falls in a gap.
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def start_of_day(day: date, zone: tzinfo | None) -> datetime:
    """The first moment of `day` in `zone`."""
    return local_moment(day, time(0, 0), zone)


def to_utc_naive(moment: datetime) -> datetime:
    """Aware → naive UTC, the form DateTimeFields hold (a naive time counts as local)."""
    return aware(moment).astimezone(UTC).replace(tzinfo=None)


def utc_now_naive() -> datetime:
    """Now, as the naive UTC DateTimeFields hold."""
    return datetime.now(UTC).replace(tzinfo=None)


def as_utc(value: datetime | str) -> datetime:
    """Naive UTC from the database (a datetime, or ISO text from a raw query) → aware UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def from_utc_naive(value: datetime | str, zone: tzinfo | None) -> datetime:
    """Naive UTC from the database → aware time on the wall clock of `zone`."""
    return to_local(as_utc(value), zone)


@overload
def from_storage(value: None, zone: tzinfo | None = None) -> None: ...
@overload
def from_storage(value: datetime | str, zone: tzinfo | None = None) -> datetime: ...
def from_storage(value: datetime | str | None, zone: tzinfo | None = None) -> datetime | None:
    """`from_utc_naive` for a nullable column: None stays None."""
    return None if value is None else from_utc_naive(value, zone)


ICAL_UTC_FORMAT = "%Y%m%dT%H%M%SZ"  # RFC 5545's UTC date-time: 20260130T090000Z


def ical_utc(moment: datetime | str) -> str:
    """A time as iCalendar writes it in UTC; a naive time is UTC (the database's form)."""
    return as_utc(moment).strftime(ICAL_UTC_FORMAT)


def parse_ical_utc(text: str) -> datetime | None:
    """An iCalendar DUE or DTSTART (UTC, floating or a whole day) as aware UTC; None if
    unreadable. A floating time is taken as UTC: the servers we sync with write UTC."""
    text = text.strip()
    for form in (ICAL_UTC_FORMAT, "%Y%m%dT%H%M%S", "%Y%m%d"):
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
