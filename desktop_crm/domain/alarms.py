"""When birthday, birthday-card, re-contact and follow-up alarms fall due: pure date rules.

Times are timezone-aware; the conversions between zones live in `domain.local_time`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.local_time import local_moment, start_of_day, to_local, to_utc_naive

DEFAULT_CARD_DAYS = 7
MAX_CARD_DAYS = 60  # the birthday query scans this many days of the index at most
DEFAULT_ALARM_TIME = time(9, 0)


class AlarmKind(StrEnum):
    FOLLOW_UP = "follow_up"
    BIRTHDAY_CARD = "birthday_card"
    BIRTHDAY = "birthday"
    RECONTACT = "recontact"


class SnoozeChoice(StrEnum):
    MINUTES_15 = "15m"
    HOUR_1 = "1h"
    TOMORROW = "tomorrow"


@dataclass(frozen=True)
class DateAlarm:
    """One occurrence of a date-based alarm for one contact."""

    kind: AlarmKind
    key: str  # kind:contact:occurrence, unique per occurrence (AlarmDelivery.alarm_key)
    contact_id: int
    occurs_on: date  # the birthday (or re-contact date) the alarm is about
    due_at: datetime
    expires_at: datetime | None  # None: stays due until acknowledged
    age: int | None = None  # the age reached on the birthday, when the year is known

    def is_due(self, now: datetime) -> bool:
        # Compared in UTC: two times in one zone compare by wall clock, which is wrong
        # in the hour that repeats when daylight saving ends.
        moment = now.astimezone(UTC)
        if self.due_at.astimezone(UTC) > moment:
            return False
        return self.expires_at is None or moment < self.expires_at.astimezone(UTC)


# --- alarm times ------------------------------------------------------------------------


def parse_alarm_time(text: str) -> time:
    """HH:MM (24 hours); ValueError otherwise."""
    return datetime.strptime(text.strip(), "%H:%M").time()


def format_alarm_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


# --- birthdays --------------------------------------------------------------------------


def clamp_card_days(days: int | None, default: int = DEFAULT_CARD_DAYS) -> int:
    """The lead time for a card: the contact's own, else the default; 0 means no card alarm."""
    value = default if days is None else days
    return max(0, min(MAX_CARD_DAYS, value))


def birthday_alarms_for_year(
    contact_id: int,
    birthday: Birthday,
    year: int,
    *,
    card_days: int,
    alarm_time: time = DEFAULT_ALARM_TIME,
    zone: tzinfo | None,
) -> list[DateAlarm]:
    """The card alarm and the birthday alarm for the birthday that falls in `year`.

    Both expire when the birthday is over. The key carries the birthday's year, so a
    card announced in late December for an early-January birthday belongs to January."""
    occurs_on = birthday.in_year(year)
    expires_at = start_of_day(occurs_on + timedelta(days=1), zone)
    age = birthday.age_on(occurs_on)
    if age is not None and age <= 0:
        age = None  # a birth year in the future or this very day is a data slip, not an age
    days = [(AlarmKind.BIRTHDAY, occurs_on)]
    if card_days > 0:
        days.insert(0, (AlarmKind.BIRTHDAY_CARD, occurs_on - timedelta(days=card_days)))
    return [
        DateAlarm(
            kind=kind,
            key=birthday_key(kind, contact_id, year),
            contact_id=contact_id,
            occurs_on=occurs_on,
            due_at=local_moment(day, alarm_time, zone),
            expires_at=expires_at,
            age=age,
        )
        for kind, day in days
    ]


def birthday_alarms_due(
    contact_id: int,
    birthday: Birthday,
    now: datetime,
    *,
    card_days: int,
    alarm_time: time = DEFAULT_ALARM_TIME,
    zone: tzinfo | None,
) -> list[DateAlarm]:
    """The birthday alarms of one contact that are due at `now` (due and not expired)."""
    today = to_local(now, zone).date()
    due = []
    # A birthday of last year has expired by now; one of next year can already be due
    # (its card, in late December), so these two years are all there is to look at.
    for year in (today.year, today.year + 1):
        for alarm in birthday_alarms_for_year(
            contact_id, birthday, year, card_days=card_days, alarm_time=alarm_time, zone=zone
        ):
            if alarm.is_due(now):
                due.append(alarm)
    return due


class BirthdayRule:
    """The birthday alarms of many contacts at one moment: the days and moments the birthday
    query asks for, and the alarms it finds, with date arithmetic only.

    The notifier checks thousands of birthdays a minute; the aware datetimes are built
    once per calendar day. Each alarm equals `birthday_alarms_due`'s (a property test
    holds them together)."""

    def __init__(
        self, now: datetime, *, alarm_time: time = DEFAULT_ALARM_TIME, zone: tzinfo | None
    ):
        self.now = now
        self.zone = zone
        self.alarm_time = alarm_time
        self.today = to_local(now, zone).date()
        # Whether today's alarm time has passed decides every alarm that falls today.
        self._past_alarm_time = local_moment(self.today, alarm_time, zone).astimezone(
            UTC
        ) <= now.astimezone(UTC)
        self._moments: dict[date, datetime] = {}
        self._midnights: dict[date, datetime] = {}

    def _moment(self, day: date) -> datetime:
        if day not in self._moments:
            self._moments[day] = local_moment(day, self.alarm_time, self.zone)
        return self._moments[day]

    def _midnight(self, day: date) -> datetime:
        if day not in self._midnights:
            self._midnights[day] = start_of_day(day, self.zone)
        return self._midnights[day]

    def _started(self, day: date) -> bool:
        return day < self.today or (day == self.today and self._past_alarm_time)

    def alarm(
        self, kind: AlarmKind, contact_id: int, birthday: Birthday, year: int, card_days: int
    ) -> DateAlarm:
        """The alarm of `kind` for the birthday that falls in `year`, equal to the one
        `birthday_alarms_due` gives when it is due. Whether it is due the birthday query
        decides (services.reminder_queries, on the days and moments this rule gives)."""
        occurs_on = birthday.in_year(year)
        day = (
            occurs_on - timedelta(days=card_days) if kind == AlarmKind.BIRTHDAY_CARD else occurs_on
        )
        age = birthday.age_on(occurs_on)
        return DateAlarm(
            kind,
            birthday_key(kind, contact_id, year),
            contact_id,
            occurs_on,
            self._moment(day),
            self._midnight(occurs_on + timedelta(days=1)),
            age if age is not None and age > 0 else None,
        )

    def alarm_moments(self, back: int) -> list[tuple[int, datetime]]:
        """(days from today, alarm moment as naive UTC) of the days from `back` days ago to
        today whose alarm time has passed: the days on which a due alarm can fall."""
        return [
            (ahead, to_utc_naive(self._moment(self.today + timedelta(days=ahead))))
            for ahead in range(-back, 1)
            if self._started(self.today + timedelta(days=ahead))
        ]


def birthday_days(today: date, lead_days: int) -> list[tuple[int, int, int, int]]:
    """(month, day, year, days ahead) of each birthday from `today` to `today + lead_days`,
    in the year it falls; in a common year 29 February falls on 28 February."""
    days = []
    for ahead in range(lead_days + 1):
        day = today + timedelta(days=ahead)
        days.append((day.month, day.day, day.year, ahead))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            days.append((2, 29, day.year, ahead))
    return days


# --- re-contact and follow-ups ----------------------------------------------------------


def recontact_alarm(
    contact_id: int, on: date, *, alarm_time: time = DEFAULT_ALARM_TIME, zone: tzinfo | None
) -> DateAlarm:
    """Contact again on `on`: due at the alarm time that day, and due until acknowledged."""
    return DateAlarm(
        kind=AlarmKind.RECONTACT,
        key=f"{AlarmKind.RECONTACT}:{contact_id}:{on.isoformat()}",
        contact_id=contact_id,
        occurs_on=on,
        due_at=local_moment(on, alarm_time, zone),
        expires_at=None,
    )


def birthday_key(kind: AlarmKind, contact_id: int, year: int) -> str:
    """A birthday or card alarm's key: one per contact per year, whatever the lead time."""
    return f"{kind}:{contact_id}:{year:04d}"


def follow_up_key(follow_up_id: int, effective_due: datetime) -> str:
    """A follow-up's key carries the moment it falls due (after any snooze), so a snoozed or
    rescheduled follow-up is raised once more, and only once, at its new time."""
    stamp = to_utc_naive(effective_due).strftime("%Y%m%dT%H%M%S")
    return f"{AlarmKind.FOLLOW_UP}:{follow_up_id}:{stamp}"


def parse_alarm_key(key: str) -> tuple[AlarmKind, int, str]:
    """(kind, contact or follow-up id, occurrence); ValueError for a malformed key."""
    kind, ref, occurrence = key.split(":", 2)
    return AlarmKind(kind), int(ref), occurrence


# --- snoozing and scheduling ------------------------------------------------------------


def snooze_until(
    choice: SnoozeChoice,
    now: datetime,
    *,
    alarm_time: time = DEFAULT_ALARM_TIME,
    zone: tzinfo | None,
) -> datetime:
    """15 minutes or an hour of real time; "tomorrow" is the alarm time on the next day
    (a wall-clock time, so it stays 09:00 across a DST change)."""
    if choice == SnoozeChoice.MINUTES_15:
        return (now.astimezone(UTC) + timedelta(minutes=15)).astimezone(now.tzinfo)
    if choice == SnoozeChoice.HOUR_1:
        return (now.astimezone(UTC) + timedelta(hours=1)).astimezone(now.tzinfo)
    tomorrow = to_local(now, zone).date() + timedelta(days=1)
    return local_moment(tomorrow, alarm_time, zone)


def next_daily_alarm(now: datetime, alarm_time: time, zone: tzinfo | None) -> datetime:
    """The first alarm time strictly after `now`, when birthday and re-contact alarms start."""
    today = to_local(now, zone).date()
    for offset in (0, 1, 2):  # two days covers a day that skipped the alarm time entirely
        candidate = local_moment(today + timedelta(days=offset), alarm_time, zone)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable")
