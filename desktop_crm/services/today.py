"""Read-only questions behind the Today view, and the one "card sent" action it offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

import peewee as pw

from desktop_crm.domain.alarms import AlarmKind, SnoozeChoice, birthday_days, birthday_key
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import Clock
from desktop_crm.domain.local_time import from_utc_naive, local_zone_of, start_of_day
from desktop_crm.services import reminders
from desktop_crm.services.changes import Changes
from desktop_crm.services.reminder_queries import birthdays_in_window_rows
from desktop_crm.services.times import from_storage, to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

BIRTHDAY_DAYS = 7
IDLE_PROSPECT_DAYS = 30
SECTION_LIMIT = 50  # a section lists this many; the rest is counted, not shown

T = TypeVar("T")


@dataclass(frozen=True)
class FollowUpItem:
    id: int
    contact_id: int
    contact_name: str
    text: str
    due_at: datetime  # aware local time; a snooze counts as the new due time
    overdue: bool


@dataclass(frozen=True)
class BirthdayItem:
    contact_id: int
    contact_name: str
    occurs_on: date
    age: int | None  # the age reached that day, when the year of birth is known
    card_sent: bool

    @property
    def card_key(self) -> str:
        return card_key(self.contact_id, self.occurs_on.year)


@dataclass(frozen=True)
class QuestionItem:
    id: int
    contact_id: int
    contact_name: str
    text: str
    raised_at: datetime


@dataclass(frozen=True)
class IdleProspect:
    contact_id: int
    contact_name: str
    company: str
    last_contact: datetime | None  # None: never talked to


@dataclass(frozen=True)
class Section(Generic[T]):
    items: list[T]
    total: int  # may be larger than len(items)


def card_key(contact_id: int, year: int) -> str:
    """The reminders' own card-alarm key, so sending the card once silences both."""
    return birthday_key(AlarmKind.BIRTHDAY_CARD, contact_id, year)


def _end_of_today(clock: Clock) -> datetime:
    now = clock.now()
    return start_of_day(now.date() + timedelta(days=1), local_zone_of(now))


def _active_contacts() -> pw.Expression:
    return m.Contact.archived == False  # noqa: E712 - SQL comparison


def follow_ups_due(clock: Clock, limit: int = SECTION_LIMIT) -> Section[FollowUpItem]:
    """Open follow-ups due before the end of today, the oldest first; snoozed ones count
    from the end of their snooze."""
    now = clock.now()
    end = to_storage(_end_of_today(clock))
    # CASE rather than SQLite's two-argument MAX, which PostgreSQL calls GREATEST.
    effective = pw.Case(
        None,
        [(m.FollowUp.snoozed_until > m.FollowUp.due_at, m.FollowUp.snoozed_until)],
        m.FollowUp.due_at,
    )
    query = (
        # Contact.id too: without it Peewee sets contact_id from a join row that has no id.
        m.FollowUp.select(
            m.FollowUp, m.Contact.id, m.Contact.display_name, effective.alias("effective")
        )
        .join(m.Contact)
        .where(
            m.FollowUp.done_at.is_null()
            & (m.FollowUp.due_at < end)
            & (m.FollowUp.snoozed_until.is_null() | (m.FollowUp.snoozed_until < end))
            & _active_contacts()
        )
    )
    total = query.count()
    rows = query.order_by(pw.SQL("effective"), m.FollowUp.id).limit(limit)
    items = []
    for row in rows:
        due = from_utc_naive(row.effective, now.tzinfo)
        items.append(
            FollowUpItem(row.id, row.contact_id, row.contact.display_name, row.text, due, due < now)
        )
    return Section(items, total)


def birthdays_coming(
    clock: Clock, days: int = BIRTHDAY_DAYS, limit: int = SECTION_LIMIT
) -> Section[BirthdayItem]:
    """Birthdays from today to `days` days on, the soonest first; `limit` of them listed."""
    return _birthdays(clock, days, limit)[0]


def cards_to_send(clock: Clock, days: int = BIRTHDAY_DAYS) -> int:
    """How many birthdays in the window still wait for their card (the listed and the rest)."""
    return _birthdays(clock, days, limit=0)[1]


def _birthdays(clock: Clock, days: int, limit: int) -> tuple[Section[BirthdayItem], int]:
    """The birthdays section and how many of its cards are not sent, in one query: the
    reminders' own (which birthdays fall in a window is said once, in SQL), counted there."""
    today = clock.now().date()
    rows = birthdays_in_window_rows(birthday_days(today, days), limit)
    if not rows:
        return Section([], 0), 0
    found = []
    for cid, name, year, month, day, ahead, sent, _total, _unsent in rows:
        name = name or ""
        found.append((ahead, name.lower(), cid, name, Birthday(month, day, year), bool(sent)))
    found.sort(key=lambda item: item[:3])
    items = []
    for ahead, _lower, cid, name, birthday, sent in found[:limit]:
        occurs_on = today + timedelta(days=ahead)
        age = birthday.age_on(occurs_on)
        if age is not None and age <= 0:
            age = None  # a birth year in the future is a typing slip, not an age
        items.append(BirthdayItem(cid, name, occurs_on, age, sent))
    total, unsent = int(rows[0][-2]), int(rows[0][-1])
    return Section(items, total), unsent


def mark_card_sent(contact_id: int, year: int, *, clock: Clock) -> Changes:
    """Record that this year's card went out; the reminders then keep the card alarm quiet."""
    reminders.acknowledge(card_key(contact_id, year), clock.now())
    return Changes(contact_ids={contact_id})


def _birthday_alarm_keys(contact_id: int, occurs_on: date, today: date) -> list[str]:
    """The keys of a birthday's alarms that can be due now: the card's, and on the day
    the birthday's own (a delivery made for it earlier would bring it back at the wrong
    time)."""
    keys = [card_key(contact_id, occurs_on.year)]
    if occurs_on == today:
        keys.append(birthday_key(AlarmKind.BIRTHDAY, contact_id, occurs_on.year))
    return keys


def settle_birthday(contact_id: int, occurs_on: date, *, clock: Clock) -> Changes:
    """Done on the day: the birthday's alarm and its card's, as the tray's Done on each, in
    one transaction."""
    now = clock.now()
    with write_transaction():
        for key in _birthday_alarm_keys(contact_id, occurs_on, now.date()):
            reminders.acknowledge(key, now)
    return Changes(contact_ids={contact_id})


def snooze_birthday(
    contact_id: int, occurs_on: date, choice: SnoozeChoice, *, clock: Clock
) -> Changes:
    """The tray's Snooze on this birthday's alarms (the card's, and on the day its own)."""
    now = clock.now()
    until = reminders.snooze_for(choice, now)
    reminders.snooze_all(_birthday_alarm_keys(contact_id, occurs_on, now.date()), until, now)
    return Changes(contact_ids={contact_id})


def open_questions_waiting(limit: int = SECTION_LIMIT) -> Section[QuestionItem]:
    """Questions and concerns not answered yet, the longest waiting first."""
    query = (
        m.Question.select(m.Question, m.Contact.id, m.Contact.display_name)
        .join(m.Contact)
        .where(m.Question.answered_at.is_null() & _active_contacts())
    )
    total = query.count()
    rows = query.order_by(m.Question.raised_at, m.Question.id).limit(limit)
    items = [
        QuestionItem(q.id, q.contact_id, q.contact.display_name, q.text, from_storage(q.raised_at))
        for q in rows
    ]
    return Section(items, total)


def idle_prospects(
    clock: Clock, days: int = IDLE_PROSPECT_DAYS, limit: int = SECTION_LIMIT
) -> Section[IdleProspect]:
    """Prospects nobody talked to for `days` days, the longest silent first.

    A prospect added less than `days` ago without any conversation is not idle yet."""
    cutoff = to_storage(clock.now() - timedelta(days=days))
    recent = m.Conversation.select(m.Conversation.contact).where(
        m.Conversation.happened_at >= cutoff
    )
    conv = m.Conversation.alias("lc")
    last = conv.select(pw.fn.MAX(conv.happened_at)).where(conv.contact == m.Contact.id)
    query = m.Contact.select(
        m.Contact.id, m.Contact.display_name, m.Contact.company, last.alias("last_contact")
    ).where(
        (m.Contact.stage == "prospect")
        & _active_contacts()
        & (m.Contact.created_at < cutoff)
        & m.Contact.id.not_in(recent)
    )
    total = query.count()
    rows = query.order_by(
        pw.Ordering(pw.SQL("last_contact"), "ASC", nulls="FIRST"), m.Contact.sort_name
    ).limit(limit)
    items = [
        IdleProspect(r.id, r.display_name, r.company, from_storage(r.last_contact)) for r in rows
    ]
    return Section(items, total)


@dataclass(frozen=True)
class TodaySnapshot:
    """Everything the Today view shows, read in one go off the GUI thread."""

    follow_ups: Section[FollowUpItem]
    birthdays: Section[BirthdayItem]
    questions: Section[QuestionItem]
    idle: Section[IdleProspect]
    unsent_cards: int

    @property
    def has_due(self) -> bool:
        return self.follow_ups.total > 0 or self.unsent_cards > 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.follow_ups.total or self.birthdays.total or self.questions.total or self.idle.total
        )


def today_snapshot(clock: Clock, limit: int = SECTION_LIMIT) -> TodaySnapshot:
    birthdays, unsent_cards = _birthdays(clock, BIRTHDAY_DAYS, limit)
    return TodaySnapshot(
        follow_ups_due(clock, limit),
        birthdays,
        open_questions_waiting(limit),
        idle_prospects(clock, limit=limit),
        unsent_cards,
    )


def has_due_items(clock: Clock) -> bool:
    """A follow-up is due or a birthday card still has to go out: Today opens first."""
    return follow_ups_due(clock, limit=0).total > 0 or cards_to_send(clock) > 0
