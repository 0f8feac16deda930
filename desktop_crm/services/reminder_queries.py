"""The reminders' reads: cheap, indexed queries for what can be due, as plain tuples."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop_crm.domain.alarms import (
    DEFAULT_CARD_DAYS,
    AlarmKind,
    birthday_window,
    clamp_card_days,
)
from desktop_crm.store import models as m

_KEY_CHUNK = 500  # well under every database's limit on bound parameters

# What a reminder needs to name its contact (see reminder_text.contact_name).
NAME_COLUMNS = (
    m.Contact.id,
    m.Contact.display_name,
    m.Contact.given_name,
    m.Contact.middle_name,
    m.Contact.family_name,
    m.Contact.company,
)
_ACTIVE = m.Contact.archived == False  # noqa: E712 - SQL, not Python truth


def follow_up_rows(now_utc: datetime) -> Iterable[tuple[Any, ...]]:
    """(id, due_at, snoozed_until, text, *NAME_COLUMNS) of open follow-ups due by `now_utc`."""
    return (
        m.FollowUp.select(
            m.FollowUp.id,
            m.FollowUp.due_at,
            m.FollowUp.snoozed_until,
            m.FollowUp.text,
            *NAME_COLUMNS,
        )
        .join(m.Contact)
        .where(
            m.FollowUp.done_at.is_null(),
            m.FollowUp.due_at <= now_utc,
            m.FollowUp.snoozed_until.is_null() | (m.FollowUp.snoozed_until <= now_utc),
            _ACTIVE,
        )
        .tuples()
    )


def recontact_rows(today: date) -> Iterable[tuple[Any, ...]]:
    """(*NAME_COLUMNS, recontact_on) of contacts parked as "not now" until `today` or before."""
    return (
        m.Contact.select(*NAME_COLUMNS, m.Contact.recontact_on)
        .where(
            m.Contact.recontact_on <= today,
            # Only someone still parked as "not now": a contact who bought since is no re-contact.
            m.Contact.stage == "not_now",
            _ACTIVE,
        )
        .tuples()
    )


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
        self._marker: tuple[Any, ...] | None = None
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
            & _ACTIVE
        )
        if longer_lead_than is not None:
            condition &= m.Contact.birthday_card_days > longer_lead_than
        parts.append(m.Contact.select(*columns).where(condition))
    return functools.reduce(lambda a, b: a.union_all(b), parts)


def rows_where_in(
    table: type[m.BaseModel], columns: Sequence[str], key: str, values: Sequence[Any]
) -> Iterator[tuple[Any, ...]]:
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


def name_rows(ids: Iterable[int]) -> Iterator[tuple[Any, ...]]:
    """NAME_COLUMNS of the contacts `ids`, fetched only for those with an alarm due."""
    columns = ("id", "display_name", "given_name", "middle_name", "family_name", "company")
    return rows_where_in(m.Contact, columns, "id", sorted(set(ids)))


def delivery_rows(keys: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """(alarm_key, acknowledged_at, snoozed_until) of the alarms already delivered."""
    columns = ("alarm_key", "acknowledged_at", "snoozed_until")
    return rows_where_in(m.AlarmDelivery, columns, "alarm_key", list(keys))


def next_follow_up_moments(now_utc: datetime) -> list[datetime]:
    """The next open follow-up due after `now_utc` and the next end of a snooze (naive UTC)."""
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
    return [value for value in (next_due, next_snooze) if value is not None]


# --- follow-ups due, answered by the database (the notifier's count and first few) -----------

# A follow-up's alarm key (domain.alarms.follow_up_key) written in SQL, so the delivery is
# found by a join: the moment it falls due after any snooze, in UTC, to the second.
_EFFECTIVE_DUE = "CASE WHEN f.snoozed_until > f.due_at THEN f.snoozed_until ELSE f.due_at END"
_STAMP = {
    "sqlite": f"strftime('%Y%m%dT%H%M%S', {_EFFECTIVE_DUE})",
    "server": f"to_char({_EFFECTIVE_DUE}, 'YYYYMMDD\"T\"HH24MISS')",
}
# When it shows as due: back from a delivery's snooze, at that snooze's end.
FOLLOW_UP_SHOWN_DUE = f"COALESCE(d.snoozed_until, {_EFFECTIVE_DUE})"
# Raised before, and not waiting to come back from a snooze.
FOLLOW_UP_RAISED = "(d.alarm_key IS NOT NULL AND d.snoozed_until IS NULL)"


def follow_ups_due_sql(columns: str, condition: str = "", tail: str = "") -> tuple[str, list]:
    """(SQL, parameters) over the open follow-ups of active contacts due by `?` (the first
    parameter: now, naive UTC) whose alarm is not acknowledged or snoozed past then, each
    with its delivery as `d` (NULL when never raised), the follow-up as `f`, the contact as
    `c`. `condition` narrows further (" AND …"); `tail` orders and limits."""
    db = m.database_proxy.obj
    key = (
        f"{db.param} || CAST(f.id AS TEXT) || ':' || "
        + _STAMP["sqlite" if isinstance(db, pw.SqliteDatabase) else "server"]
    )
    follow_up, contact, delivery = (
        f'"{model._meta.table_name}"' for model in (m.FollowUp, m.Contact, m.AlarmDelivery)
    )
    p = db.param
    sql = (
        f"SELECT {columns} FROM {follow_up} f JOIN {contact} c ON c.id = f.contact_id "
        f"LEFT JOIN {delivery} d ON d.alarm_key = ({key}) "
        f"WHERE f.done_at IS NULL AND f.due_at <= {p} "
        f"AND (f.snoozed_until IS NULL OR f.snoozed_until <= {p}) AND c.archived = {p} "
        f"AND d.acknowledged_at IS NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= {p})"
        f"{condition} {tail}"
    )
    return sql, [f"{AlarmKind.FOLLOW_UP}:"]


def follow_up_due_rows(
    now_utc: datetime,
    *,
    condition: str = "",
    tail: str = "",
    extra: Sequence[Any] = (),
    counted: bool = False,
) -> list[tuple[Any, ...]]:
    """(id, due_at, snoozed_until, text, *NAME_COLUMNS, delivery's snoozed_until, raised) of
    the follow-ups due by `now_utc` (see follow_ups_due_sql), as raw tuples; `counted` adds
    how many there are in all and how many of them were never raised (before any LIMIT)."""
    columns = (
        "f.id, f.due_at, f.snoozed_until, f.text, c.id, c.display_name, c.given_name, "
        f"c.middle_name, c.family_name, c.company, d.snoozed_until, {FOLLOW_UP_RAISED}"
    )
    if counted:
        columns += (
            f", COUNT(*) OVER (), SUM(CASE WHEN {FOLLOW_UP_RAISED} THEN 0 ELSE 1 END) OVER ()"
        )
    sql, head = follow_ups_due_sql(columns, condition, tail)
    params = [*head, now_utc, now_utc, False, now_utc, *extra]
    return list(m.database_proxy.obj.execute_sql(sql, params))
