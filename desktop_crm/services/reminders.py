"""What is due at a moment (follow-ups, birthday cards, birthdays, re-contacts) and the
record that raises each alarm exactly once, also when two apps share one database."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import peewee as pw
from babel.dates import format_skeleton

from desktop_crm.domain.alarms import (
    DEFAULT_ALARM_TIME,
    DEFAULT_CARD_DAYS,
    MAX_CARD_DAYS,
    AlarmKind,
    BirthdayRule,
    DateAlarm,
    SnoozeChoice,
    birthday_window,
    clamp_card_days,
    follow_up_key,
    format_alarm_time,
    from_utc_naive,
    local_zone_of,
    next_daily_alarm,
    parse_alarm_key,
    parse_alarm_time,
    recontact_alarm,
    snooze_until,
    to_local,
    to_utc_naive,
)
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import FixedClock
from desktop_crm.domain.names import join_name
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import N_, _, current_locale
from desktop_crm.services import followups
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite, write_transaction

CARD_DAYS_KEY = "reminders.birthday_card_days"
ALARM_TIME_KEY = "reminders.alarm_time"
# Birthday deliveries are only needed while their alarm can be due; keep a year for history.
KEEP_BIRTHDAY_DELIVERIES = timedelta(days=400)
_KEY_CHUNK = 500  # well under every database's limit on bound parameters

KIND_LABELS = {
    AlarmKind.FOLLOW_UP: N_("Follow-up"),
    AlarmKind.BIRTHDAY_CARD: N_("Send a birthday card"),
    AlarmKind.BIRTHDAY: N_("Birthday"),
    AlarmKind.RECONTACT: N_("Contact again"),
}


# --- settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderSettings:
    card_days: int = DEFAULT_CARD_DAYS  # default lead time for birthday cards
    alarm_time: time = DEFAULT_ALARM_TIME  # when birthday and re-contact alarms go off


def load_settings() -> ReminderSettings:
    values = dict(
        m.Setting.select(m.Setting.key, m.Setting.value)
        .where(m.Setting.key.in_([CARD_DAYS_KEY, ALARM_TIME_KEY]))
        .tuples()
    )
    settings = ReminderSettings()
    # A value another version wrote badly must not stop the alarms: fall back to defaults.
    try:
        card_days = clamp_card_days(int(values[CARD_DAYS_KEY]))
    except (KeyError, ValueError):
        card_days = settings.card_days
    try:
        alarm_time = parse_alarm_time(values[ALARM_TIME_KEY])
    except (KeyError, ValueError):
        alarm_time = settings.alarm_time
    return ReminderSettings(card_days=card_days, alarm_time=alarm_time)


def save_settings(
    *, card_days: int | None = None, alarm_time: time | str | None = None
) -> ReminderSettings:
    """Change the default card lead time and/or the alarm time (shared by every install)."""
    updates: dict[str, str] = {}
    if card_days is not None:
        if not 0 <= card_days <= MAX_CARD_DAYS:
            raise ValidationError(
                _("A birthday card reminder can come 0 to {limit} days before.").format(
                    limit=MAX_CARD_DAYS
                ),
                field="card_days",
            )
        updates[CARD_DAYS_KEY] = str(card_days)
    if alarm_time is not None:
        if isinstance(alarm_time, str):
            try:
                alarm_time = parse_alarm_time(alarm_time)
            except ValueError:
                raise ValidationError(
                    _("“{value}” is not a time of day; use HH:MM, such as 09:00.").format(
                        value=alarm_time
                    ),
                    field="alarm_time",
                ) from None
        updates[ALARM_TIME_KEY] = format_alarm_time(alarm_time)
    with write_transaction():
        for key, value in updates.items():
            m.Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[m.Setting.key], update={m.Setting.value: value}
            ).execute()
    return load_settings()


# --- what is due --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One alarm that is due, with what the tray and the Today view show of it."""

    kind: AlarmKind
    key: str
    contact_id: int
    full_name: str
    due_at: datetime  # aware, local
    expires_at: datetime | None
    occurs_on: date | None = None  # the birthday or re-contact date
    age: int | None = None
    follow_up_id: int | None = None
    note: str = ""  # a follow-up's own text
    raised: bool = False  # already shown once (and not waiting to come back from a snooze)

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self.kind])

    @property
    def title(self) -> str:
        return _("{kind}: {name}").format(kind=self.label, name=self.full_name)

    @property
    def text(self) -> str:
        name = self.full_name
        if self.kind == AlarmKind.FOLLOW_UP:
            return self.note or _("Follow up with {name}").format(name=name)
        when = _format_day(self.occurs_on) if self.occurs_on else ""
        if self.kind == AlarmKind.BIRTHDAY_CARD:
            if self.age is not None:
                return _("Send a birthday card to {name}, who turns {age} on {date}").format(
                    name=name, age=self.age, date=when
                )
            return _("Send a birthday card to {name}, whose birthday is on {date}").format(
                name=name, date=when
            )
        if self.kind == AlarmKind.BIRTHDAY:
            if self.age is not None:
                return _("{name} turns {age} today").format(name=name, age=self.age)
            return _("It is {name}’s birthday today").format(name=name)
        return _("Contact {name} again, as agreed for {date}").format(name=name, date=when)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "key": self.key,
            "contact_id": self.contact_id,
            "full_name": self.full_name,
            "due_at": self.due_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "occurs_on": self.occurs_on.isoformat() if self.occurs_on else None,
            "age": self.age,
            "follow_up_id": self.follow_up_id,
            "title": self.title,
            "text": self.text,
            "raised": self.raised,
        }


def _format_day(day: date) -> str:
    return format_skeleton("MMMMd", day, locale=current_locale())


def _full_name(display: str, given: str, middle: str, family: str, company: str) -> str:
    return display or join_name(given, middle, family) or company or _("(no name)")


_NAME_COLUMNS = (
    m.Contact.id,
    m.Contact.display_name,
    m.Contact.given_name,
    m.Contact.middle_name,
    m.Contact.family_name,
    m.Contact.company,
)


@dataclass(frozen=True)
class _Delivery:
    acknowledged: bool
    snoozed_until: datetime | None  # naive UTC


def _follow_ups_due(now_utc: datetime, zone: tzinfo | None) -> list[Reminder]:
    query = (
        m.FollowUp.select(
            m.FollowUp.id,
            m.FollowUp.due_at,
            m.FollowUp.snoozed_until,
            m.FollowUp.text,
            *_NAME_COLUMNS,
        )
        .join(m.Contact)
        .where(
            m.FollowUp.done_at.is_null(),
            m.FollowUp.due_at <= now_utc,
            m.FollowUp.snoozed_until.is_null() | (m.FollowUp.snoozed_until <= now_utc),
            m.Contact.archived == False,  # noqa: E712 - SQL, not Python truth
        )
        .tuples()
    )
    reminders = []
    for fid, due_at, snoozed, text, cid, display, given, middle, family, company in query:
        effective = max(due_at, snoozed) if snoozed else due_at
        due_local = from_utc_naive(effective, zone)
        reminders.append(
            Reminder(
                kind=AlarmKind.FOLLOW_UP,
                key=follow_up_key(fid, due_local),
                contact_id=cid,
                full_name=_full_name(display, given, middle, family, company),
                due_at=due_local,
                expires_at=None,
                follow_up_id=fid,
                note=followups.shown_text(text),
            )
        )
    return reminders


def max_card_days(default: int) -> int:
    """The longest card lead time in use: the birthday window must reach that far."""
    longest = (
        m.Contact.select(pw.fn.MAX(m.Contact.birthday_card_days))
        .where(m.Contact.birthday_card_days > default)
        .scalar()
    )
    return clamp_card_days(max(default, longest or 0))


class LeadTimeCache:
    """Remembers `max_card_days` until a contact changes (a new MAX of updated_at or id).

    Finding the longest per-contact lead time scans the table; the notifier checks every
    minute and keeps one of these. Services bump updated_at on every save; a stale value
    could only be too large, which fetches a few more rows but changes no result."""

    def __init__(self) -> None:
        self._marker: tuple | None = None
        self._value = DEFAULT_CARD_DAYS

    def get(self, default: int) -> int:
        db = m.database_proxy.obj
        row = db.execute(
            m.Contact.select(pw.fn.MAX(m.Contact.updated_at), pw.fn.MAX(m.Contact.id))
        ).fetchone()
        marker = (id(db), str(row[0]), row[1], default)
        if marker != self._marker:
            self._value = max_card_days(default)
            self._marker = marker
        return self._value


def birthday_candidates_query(
    first: date, days: int, *, longer_lead_than: int | None = None
) -> pw.SelectQuery:
    """Contacts (id, year, month, day, own lead time) with a birthday from `first` to
    `first + days`; with `longer_lead_than`, only those whose own card lead time is longer.

    One exact (month, day) index range per calendar month, joined with UNION ALL: an OR
    of ranges (the year wrap, December and January) makes SQLite give up on the index."""
    columns = (
        m.Contact.id,
        m.Contact.birthday_year,
        m.Contact.birthday_month,
        m.Contact.birthday_day,
        m.Contact.birthday_card_days,
    )
    parts = []
    for r in birthday_window(first, days):
        condition = (
            (m.Contact.birthday_month == r.month)
            & (m.Contact.birthday_day >= r.first_day)
            & (m.Contact.birthday_day <= r.last_day)
            & (m.Contact.archived == False)  # noqa: E712 - SQL
        )
        if longer_lead_than is not None:
            condition &= m.Contact.birthday_card_days > longer_lead_than
        parts.append(m.Contact.select(*columns).where(condition))
    return functools.reduce(lambda a, b: a.union_all(b), parts)


def _rows_where_in(table: type[m.BaseModel], columns: Sequence[str], key: str, values: list):
    """Rows whose `key` is one of `values`, in chunks, as raw tuples.

    Written as SQL text: Peewee builds each bound value of a long IN list as a node,
    which costs more than the query itself when thousands of alarms are due."""
    db = m.database_proxy.obj

    def quoted(name: str) -> str:  # standard SQL quoting: SQLite and PostgreSQL agree
        return '"' + name + '"'

    select = ", ".join(quoted(c) for c in columns)
    head = f"SELECT {select} FROM {quoted(table._meta.table_name)} WHERE {quoted(key)} IN "
    for start in range(0, len(values), _KEY_CHUNK):
        chunk = values[start : start + _KEY_CHUNK]
        yield from db.execute_sql(head + "(" + ", ".join([db.param] * len(chunk)) + ")", chunk)


def _names(ids: Iterable[int]) -> dict[int, str]:
    """Display names, fetched only for the contacts that have an alarm due."""
    columns = ("id", "display_name", "given_name", "middle_name", "family_name", "company")
    return {
        cid: _full_name(display, given, middle, family, company)
        for cid, display, given, middle, family, company in _rows_where_in(
            m.Contact, columns, "id", sorted(set(ids))
        )
    }


def _birthdays_due(
    now: datetime,
    settings: ReminderSettings,
    zone: tzinfo | None,
    lead_cache: LeadTimeCache | None = None,
) -> list[Reminder]:
    rule = BirthdayRule(now, alarm_time=settings.alarm_time, zone=zone)
    default = settings.card_days
    longest = lead_cache.get(default) if lead_cache else max_card_days(default)
    queries = [birthday_candidates_query(rule.today, default)]
    if longest > default:
        # Beyond the default window only the few contacts with a longer lead time can be due;
        # the lead-time filter runs in the database, on the index range.
        queries.append(
            birthday_candidates_query(
                rule.today + timedelta(days=default + 1),
                longest - default - 1,
                longer_lead_than=default,
            )
        )
    db = m.database_proxy.obj
    alarms: list[DateAlarm] = []
    for query in queries:
        # The raw cursor: these are plain integers, and Peewee's row conversion would be
        # most of the check's time at 100k contacts.
        for cid, year, month, day, card_days in db.execute(query):
            try:
                birthday = Birthday(month, day, year)
            except ValueError:
                continue  # an impossible date written by hand into the file: no alarm
            card = default if card_days is None else max(0, min(MAX_CARD_DAYS, card_days))
            alarms.extend(rule.due(cid, birthday, card))
    names = _names({a.contact_id for a in alarms})
    return [_from_date_alarm(a, names.get(a.contact_id, "")) for a in alarms]


def _recontacts_due(
    now: datetime, settings: ReminderSettings, zone: tzinfo | None
) -> list[Reminder]:
    today = to_local(now, zone).date()
    query = (
        m.Contact.select(*_NAME_COLUMNS, m.Contact.recontact_on)
        .where(
            m.Contact.recontact_on <= today,
            # Only someone still parked as "not now": a contact who bought since is no re-contact.
            m.Contact.stage == "not_now",
            m.Contact.archived == False,  # noqa: E712 - SQL
        )
        .tuples()
    )
    reminders = []
    for cid, display, given, middle, family, company, on in query:
        if isinstance(on, str):  # SQLite hands back text when a value was written raw
            on = date.fromisoformat(on)
        alarm = recontact_alarm(cid, on, alarm_time=settings.alarm_time, zone=zone)
        if alarm.is_due(now):
            name = _full_name(display, given, middle, family, company)
            reminders.append(_from_date_alarm(alarm, name))
    return reminders


def _from_date_alarm(alarm: DateAlarm, name: str) -> Reminder:
    return Reminder(
        kind=alarm.kind,
        key=alarm.key,
        contact_id=alarm.contact_id,
        full_name=name,
        due_at=alarm.due_at,
        expires_at=alarm.expires_at,
        occurs_on=alarm.occurs_on,
        age=alarm.age,
    )


def _deliveries(keys: Sequence[str]) -> dict[str, _Delivery]:
    found: dict[str, _Delivery] = {}
    columns = ("alarm_key", "acknowledged_at", "snoozed_until")
    for key, acknowledged_at, snoozed in _rows_where_in(
        m.AlarmDelivery, columns, "alarm_key", list(keys)
    ):
        if isinstance(snoozed, str):  # the raw cursor: SQLite keeps datetimes as text
            snoozed = datetime.fromisoformat(snoozed)
        found[key] = _Delivery(acknowledged_at is not None, snoozed)
    return found


def _sort_key(reminder: Reminder) -> tuple:
    return (
        reminder.due_at.astimezone(UTC),
        list(AlarmKind).index(reminder.kind),
        reminder.full_name,
    )


def due_reminders(
    now: datetime,
    *,
    settings: ReminderSettings | None = None,
    lead_cache: LeadTimeCache | None = None,
) -> list[Reminder]:
    """Every alarm due at `now` that is not done, expired, acknowledged or snoozed.

    Only reads. `raised` tells which ones were shown before; the others are new (or back
    from a snooze) and are what `claim_new_alarms` would raise."""
    if now.tzinfo is None:
        now = now.astimezone()
    zone = local_zone_of(now)
    settings = settings or load_settings()
    now_utc = to_utc_naive(now)
    candidates = (
        _follow_ups_due(now_utc, zone)
        + _birthdays_due(now, settings, zone, lead_cache)
        + _recontacts_due(now, settings, zone)
    )
    deliveries = _deliveries([r.key for r in candidates])
    due = []
    for reminder in candidates:
        delivery = deliveries.get(reminder.key)
        if delivery is None:
            due.append(reminder)
            continue
        if delivery.acknowledged:
            continue
        if delivery.snoozed_until is not None:
            if delivery.snoozed_until > now_utc:
                continue
            # Back from a snooze: due again, and to be raised once more.
            due.append(_replace(reminder, due_at=from_utc_naive(delivery.snoozed_until, zone)))
            continue
        due.append(_replace(reminder, raised=True))
    due.sort(key=_sort_key)
    return due


def _replace(reminder: Reminder, **changes: Any) -> Reminder:
    return replace(reminder, **changes)


def _claim_insert(key: str, now_utc: datetime) -> bool:
    """Record a first delivery; False when another app (or an earlier run) already did.

    The unique key decides: INSERT … ON CONFLICT DO NOTHING is atomic in SQLite and in
    PostgreSQL, so of two apps racing for one alarm exactly one inserts the row."""
    query = m.AlarmDelivery.insert(alarm_key=key, delivered_at=now_utc).on_conflict_ignore()
    if is_sqlite():
        return query.as_rowcount().execute() == 1
    rows = list(query.returning(m.AlarmDelivery.alarm_key).execute())
    return len(rows) == 1


def _claim_after_snooze(key: str, now_utc: datetime) -> bool:
    """Take a snoozed alarm back; the WHERE makes a second app's identical update a no-op."""
    updated = (
        m.AlarmDelivery.update(snoozed_until=None, delivered_at=now_utc)
        .where(
            (m.AlarmDelivery.alarm_key == key)
            & m.AlarmDelivery.acknowledged_at.is_null()
            & m.AlarmDelivery.snoozed_until.is_null(False)
            & (m.AlarmDelivery.snoozed_until <= now_utc)
        )
        .execute()
    )
    return updated == 1


def claim_new_alarms(
    now: datetime,
    *,
    settings: ReminderSettings | None = None,
    lead_cache: LeadTimeCache | None = None,
) -> list[Reminder]:
    """The due alarms not raised yet, each recorded as delivered in one transaction.

    Returns only the alarms this call claimed, so every alarm is raised exactly once,
    whatever the number of restarts or of apps on the database."""
    return check(now, settings=settings, lead_cache=lead_cache)[0]


def check(
    now: datetime,
    *,
    settings: ReminderSettings | None = None,
    lead_cache: LeadTimeCache | None = None,
) -> tuple[list[Reminder], list[Reminder]]:
    """The notifier's check: (alarms claimed now, everything due), from one due query."""
    if now.tzinfo is None:
        now = now.astimezone()
    due = due_reminders(now, settings=settings, lead_cache=lead_cache)
    fresh = [r for r in due if not r.raised]
    if not fresh:
        return [], due
    now_utc = to_utc_naive(now)
    claimed: list[Reminder] = []
    with write_transaction():
        for reminder in fresh:
            won = _claim_insert(reminder.key, now_utc) or _claim_after_snooze(reminder.key, now_utc)
            if won:
                claimed.append(_replace(reminder, raised=True))
    claimed_keys = {r.key for r in claimed}
    due = [_replace(r, raised=True) if r.key in claimed_keys else r for r in due]
    return claimed, due


# --- acting on an alarm -------------------------------------------------------------------


def _upsert_delivery(key: str, now_utc: datetime, **values: Any) -> None:
    m.AlarmDelivery.insert(alarm_key=key, delivered_at=now_utc, **values).on_conflict(
        conflict_target=[m.AlarmDelivery.alarm_key],
        update={getattr(m.AlarmDelivery, name): value for name, value in values.items()},
    ).execute()


def _parse_key(key: str) -> tuple[AlarmKind, int, str]:
    try:
        return parse_alarm_key(key)
    except ValueError:
        raise NotFoundError(_("There is no reminder “{key}”.").format(key=key)) from None


def acknowledge(key: str, now: datetime) -> None:
    """Done: a follow-up is marked done; any other alarm is not shown again."""
    kind, ref, _occurrence = _parse_key(key)
    if kind == AlarmKind.FOLLOW_UP:
        followups.mark_done(ref, clock=FixedClock(now))
        return
    with write_transaction():
        _upsert_delivery(
            key, to_utc_naive(now), acknowledged_at=to_utc_naive(now), snoozed_until=None
        )


def snooze(key: str, until: datetime, now: datetime) -> None:
    """Hide the alarm until `until`, when it is raised once more (unless it has expired)."""
    kind, ref, _occurrence = _parse_key(key)
    if until <= now:
        raise ValidationError(_("Snooze until a moment in the future."), field="snoozed_until")
    if kind == AlarmKind.FOLLOW_UP:
        followups.snooze_follow_up(ref, until, clock=FixedClock(now))
        return
    with write_transaction():
        _upsert_delivery(key, to_utc_naive(now), snoozed_until=to_utc_naive(until))


def snooze_for(
    choice: SnoozeChoice, now: datetime, *, settings: ReminderSettings | None = None
) -> datetime:
    """The moment a snooze choice (15 minutes, 1 hour, tomorrow) ends."""
    settings = settings or load_settings()
    return snooze_until(choice, now, alarm_time=settings.alarm_time, zone=local_zone_of(now))


def snooze_all(keys: Iterable[str], until: datetime, now: datetime) -> int:
    """Snooze several alarms at once (the tray's "Snooze all 1 hour"), in one transaction."""
    count = 0
    with write_transaction():
        for key in keys:
            snooze(key, until, now)
            count += 1
    return count


def next_due_at(now: datetime, *, settings: ReminderSettings | None = None) -> datetime:
    """When the next alarm can start: the next follow-up or follow-up snooze, or the next
    daily alarm time (birthdays and re-contacts all go off then)."""
    if now.tzinfo is None:
        now = now.astimezone()
    zone = local_zone_of(now)
    settings = settings or load_settings()
    now_utc = to_utc_naive(now)
    candidates = [next_daily_alarm(now, settings.alarm_time, zone)]
    open_follow_ups = m.FollowUp.done_at.is_null()
    next_due = (
        m.FollowUp.select(pw.fn.MIN(m.FollowUp.due_at))
        .where(open_follow_ups & (m.FollowUp.due_at > now_utc))
        .scalar()
    )
    next_snooze = (
        m.FollowUp.select(pw.fn.MIN(m.FollowUp.snoozed_until))
        .where(open_follow_ups & (m.FollowUp.snoozed_until > now_utc))
        .scalar()
    )
    for value in (next_due, next_snooze):
        if value is not None:
            candidates.append(from_utc_naive(value, zone))
    return min(candidates, key=lambda moment: moment.astimezone(UTC))


def prune_deliveries(now: datetime) -> int:
    """Forget birthday deliveries long past their expiry; the table would grow by two rows
    per contact a year otherwise. Follow-up and re-contact rows stay: they can still be due."""
    cutoff = to_utc_naive(now) - KEEP_BIRTHDAY_DELIVERIES
    with write_transaction():
        return (
            m.AlarmDelivery.delete()
            .where(
                (m.AlarmDelivery.delivered_at < cutoff)
                & (
                    m.AlarmDelivery.alarm_key.startswith(f"{AlarmKind.BIRTHDAY}:")
                    | m.AlarmDelivery.alarm_key.startswith(f"{AlarmKind.BIRTHDAY_CARD}:")
                )
            )
            .execute()
        )
