"""What is due at a moment (follow-ups, birthday cards, birthdays, re-contacts) and the
record that raises each alarm exactly once, also when two apps share one database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from desktop_crm.domain.alarms import (
    AlarmKind,
    BirthdayRule,
    DateAlarm,
    SnoozeChoice,
    birthday_days,
    next_daily_alarm,
    parse_alarm_key,
    recontact_alarm,
    snooze_until,
)
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import FixedClock
from desktop_crm.domain.local_time import (
    aware,
    from_utc_naive,
    local_zone_of,
    to_local,
    to_utc_naive,
)
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services import followups, reminder_text
from desktop_crm.services.reminder_json import reminder_to_json
from desktop_crm.services.reminder_queries import (
    ALARM_RAISED,
    LeadTimeCache,
    birthday_due_rows,
    delivery_rows,
    follow_up_due_rows,
    insert_deliveries,
    max_card_days,
    next_follow_up_moments,
    recontact_rows,
)

# Re-exported: callers use the reminders module for everything about reminders.
from desktop_crm.services.reminder_settings import (
    ALARM_TIME_KEY,
    CARD_DAYS_KEY,
    ReminderSettings,
    load_settings,
    save_settings,
)
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

__all__ = [
    "ALARM_TIME_KEY",
    "CARD_DAYS_KEY",
    "LeadTimeCache",
    "Reminder",
    "ReminderSettings",
    "acknowledge",
    "claim_due",
    "claim_new_alarms",
    "due_reminders",
    "due_summary",
    "load_settings",
    "max_card_days",
    "next_due_at",
    "prune_deliveries",
    "save_settings",
    "snooze",
    "snooze_all",
    "snooze_for",
]

# Birthday deliveries are only needed while their alarm can be due; keep a year for history.
KEEP_BIRTHDAY_DELIVERIES = timedelta(days=400)


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
        return reminder_text.kind_label(self.kind)

    @property
    def title(self) -> str:
        return reminder_text.title(self.kind, self.full_name)

    @property
    def text(self) -> str:
        return reminder_text.sentence(
            self.kind, self.full_name, note=self.note, occurs_on=self.occurs_on, age=self.age
        )

    def to_json(self) -> dict[str, Any]:
        return reminder_to_json(self)


@dataclass(frozen=True)
class _Delivery:
    acknowledged: bool
    snoozed_until: datetime | None  # naive UTC


def _follow_up_reminder(row: Sequence[Any], zone: tzinfo | None) -> Reminder:
    """A follow_up_due_rows row (id, due_at, snoozed_until, text, *NAME_COLUMNS, delivery's
    snoozed_until, raised, key) as the follow-up's alarm, as its delivery makes it."""
    fid, due_at, snoozed, text, cid, display, given, middle, family, company = row[:10]
    back_at, raised, key = row[10:13]
    due_at, snoozed = _read_datetime(due_at), _read_datetime(snoozed)
    effective = max(due_at, snoozed) if snoozed else due_at
    due_local = from_utc_naive(effective, zone)
    shown_due, raised = _delivered(back_at, raised, zone)
    return Reminder(
        kind=AlarmKind.FOLLOW_UP,
        key=key,
        contact_id=cid,
        full_name=reminder_text.contact_name(display, given, middle, family, company),
        due_at=shown_due or due_local,
        expires_at=None,
        follow_up_id=fid,
        note=followups.shown_text(text),
        raised=raised,
    )


def _delivered(back_at: Any, raised: Any, zone: tzinfo | None) -> tuple[datetime | None, bool]:
    """What an alarm's delivery row (joined by a due query) makes of it: (when it shows as
    due, if back from a snooze: at the snooze's end; whether it was raised before)."""
    back_at = _read_datetime(back_at)
    if back_at is not None:
        return from_utc_naive(back_at, zone), False
    return None, bool(raised)


def _birthday_reminder(row: Sequence[Any], rule: BirthdayRule, zone: tzinfo | None) -> Reminder:
    """A birthday_due_rows row as its reminder: the query found it due, the domain rule
    makes the alarm (key, times, age)."""
    kind, cid, year, month, day, card_days, occurrence = row[:7]
    back_at, raised, display, given, middle, family, company = row[7:14]
    alarm = rule.alarm(AlarmKind(kind), cid, Birthday(month, day, year), occurrence, card_days)
    shown_due, raised = _delivered(back_at, raised, zone)
    return Reminder(
        kind=alarm.kind,
        key=alarm.key,
        contact_id=cid,
        full_name=reminder_text.contact_name(display, given, middle, family, company),
        due_at=shown_due or alarm.due_at,
        expires_at=alarm.expires_at,
        occurs_on=alarm.occurs_on,
        age=alarm.age,
        raised=raised,
    )


def _read_datetime(value: Any) -> Any:
    # The raw cursor: SQLite keeps datetimes as text.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _recontacts_due(
    now: datetime, settings: ReminderSettings, zone: tzinfo | None
) -> list[Reminder]:
    today = to_local(now, zone).date()
    reminders = []
    for cid, display, given, middle, family, company, on in recontact_rows(today):
        if isinstance(on, str):  # SQLite hands back text when a value was written raw
            on = date.fromisoformat(on)
        alarm = recontact_alarm(cid, on, alarm_time=settings.alarm_time, zone=zone)
        if alarm.is_due(now):
            name = reminder_text.contact_name(display, given, middle, family, company)
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
    for key, acknowledged_at, snoozed in delivery_rows(keys):
        found[key] = _Delivery(acknowledged_at is not None, _read_datetime(snoozed))
    return found


_KIND_ORDER = {kind: index for index, kind in enumerate(AlarmKind)}


def _sort_key(reminder: Reminder) -> tuple:
    # The key last: two alarms alike in all else keep one order whichever query found them.
    return (
        reminder.due_at.astimezone(UTC),
        _KIND_ORDER[reminder.kind],
        reminder.full_name,
        reminder.key,
    )


def due_reminders(
    now: datetime,
    *,
    settings: ReminderSettings | None = None,
    lead_cache: LeadTimeCache | None = None,
) -> list[Reminder]:
    """Every alarm due at `now` that is not done, expired, acknowledged or snoozed, in the
    order the tray and Today show them: due_summary's queries, without the cut.

    Only reads. `raised` tells which ones were shown before; the others are new (or back
    from a snooze) and are what `claim_new_alarms` would raise."""
    return due_summary(now, first=None, settings=settings, lead_cache=lead_cache).first


@dataclass(frozen=True)
class DueSummary:
    """What is due at a moment as the notifier needs it: how many, the first few in
    due_reminders' order, and the ones not raised yet (what a check raises), in that order."""

    count: int
    first: list[Reminder]
    fresh: list[Reminder]


def due_summary(
    now: datetime,
    *,
    first: int | None,
    settings: ReminderSettings | None = None,
    lead_cache: LeadTimeCache | None = None,
) -> DueSummary:
    """due_reminders' answer without making all of it: the follow-ups and the birthday and
    card alarms (thousands at 100,000 contacts) are counted, ordered and matched with their
    deliveries by the database, and only the first `first` and the fresh ones are made into
    reminders; `first=None` makes them all (due_reminders). Only reads."""
    now = aware(now)
    zone = local_zone_of(now)
    settings = settings or load_settings()
    now_utc = to_utc_naive(now)
    follow_ups = _summarise(
        lambda **narrow: follow_up_due_rows(now_utc, **narrow),
        lambda row: _follow_up_reminder(row, zone),
        first,
    )
    rule = BirthdayRule(now, alarm_time=settings.alarm_time, zone=zone)
    longest = (
        lead_cache.get(settings.card_days) if lead_cache else max_card_days(settings.card_days)
    )
    days, moments = birthday_days(rule.today, longest), rule.alarm_moments(longest)
    birthdays = _summarise(
        lambda **narrow: birthday_due_rows(now_utc, days, moments, settings.card_days, **narrow),
        lambda row: _birthday_reminder(row, rule, zone),
        first,
    )
    recontacts = _as_delivered(_recontacts_due(now, settings, zone), now_utc, zone)
    return DueSummary(
        count=follow_ups.count + birthdays.count + len(recontacts),
        first=sorted(follow_ups.first + birthdays.first + recontacts, key=_sort_key)[:first],
        fresh=sorted(
            follow_ups.fresh + birthdays.fresh + [r for r in recontacts if not r.raised],
            key=_sort_key,
        ),
    )


def _summarise(
    read: Callable[..., list[tuple[Any, ...]]],
    make: Callable[[Sequence[Any]], Reminder],
    first: int | None,
) -> DueSummary:
    """One kind of due alarm summarised by its query (`read`): the database counts them,
    matches their deliveries and keeps the first `first` (with any due at the same moment as
    the last of them); only those and the never-raised ones are made into reminders. With
    `first=None` every row is read once and made into a reminder."""
    if first is None:
        every = [make(row) for row in read()]
        return DueSummary(len(every), every, [r for r in every if not r.raised])
    rows = read(first=first)
    total, unraised = (int(rows[0][-2]), int(rows[0][-1])) if rows else (0, 0)
    first_rows = [row[:-2] for row in rows]
    fresh = read(condition=f" AND NOT {ALARM_RAISED}") if unraised else []
    return DueSummary(total, [make(row) for row in first_rows], [make(row) for row in fresh])


def _as_delivered(
    candidates: list[Reminder], now_utc: datetime, zone: tzinfo | None
) -> list[Reminder]:
    """The candidates that are due given their deliveries: none acknowledged or snoozed,
    each marked raised or, back from a snooze, due at the snooze's end."""
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
    return due


def _replace(reminder: Reminder, **changes: Any) -> Reminder:
    return replace(reminder, **changes)


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
    # The notifier's own path: the fresh alarms read by due_summary, then claimed.
    summary = due_summary(now, first=0, settings=settings, lead_cache=lead_cache)
    return claim_due(summary.fresh, now)[0]


def claim_due(due: list[Reminder], now: datetime) -> tuple[list[Reminder], list[Reminder]]:
    """Record the deliveries of the alarms in `due` (a `due_reminders` answer, read on any
    connection) not raised yet: (alarms claimed now, `due` with those marked raised).

    The only write of a check, and a short one: nothing when every alarm was raised
    before. An alarm another app claimed since the read is not claimed twice."""
    fresh = [r for r in due if not r.raised]
    if not fresh:
        return [], due
    now_utc = to_utc_naive(aware(now))
    claimed: dict[str, Reminder] = {}
    with write_transaction():
        # Of two apps racing for one alarm exactly one records it: the unique key decides.
        recorded = insert_deliveries([r.key for r in fresh], now_utc)
        for reminder in fresh:
            if reminder.key in recorded or _claim_after_snooze(reminder.key, now_utc):
                claimed[reminder.key] = _replace(reminder, raised=True)
    # The same raised copies in both answers: a first start claims thousands.
    due = [claimed.get(r.key, r) if not r.raised else r for r in due]
    return list(claimed.values()), due


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
    now = aware(now)
    zone = local_zone_of(now)
    settings = settings or load_settings()
    now_utc = to_utc_naive(now)
    candidates = [next_daily_alarm(now, settings.alarm_time, zone)]
    for value in next_follow_up_moments(now_utc):
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
