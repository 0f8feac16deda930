"""The reminders' reads: cheap, indexed queries for what can be due, as plain tuples."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop_crm.domain.alarms import (
    DEFAULT_CARD_DAYS,
    MAX_CARD_DAYS,
    AlarmKind,
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


def recontact_rows(today: date) -> list[tuple[Any, ...]]:
    """(*NAME_COLUMNS, recontact_on) of contacts parked as "not now" until `today` or before.

    Only someone still parked as "not now": a contact who bought since is no re-contact.
    SQLite walks the re-contact dates up to today: left to itself it reads every "not now"
    contact through the stage index (8 ms at 100,000 contacts when none is due)."""
    db = m.database_proxy.obj
    index = " INDEXED BY contact_recontact_on" if isinstance(db, pw.SqliteDatabase) else ""
    names = ", ".join(f'"{field.column_name}"' for field in NAME_COLUMNS)
    sql = (
        f'SELECT {names}, "recontact_on" FROM "{m.Contact._meta.table_name}"{index} '
        f'WHERE "recontact_on" <= {db.param} AND "stage" = {db.param} AND "archived" = {db.param}'
    )
    return list(db.execute_sql(sql, [today, "not_now", False]))


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
        # Two subqueries, not one SELECT of both: SQLite reads a lone MAX from the end of its
        # index, but two aggregates in one query scan the whole index (9 ms at 100,000).
        table = f'"{m.Contact._meta.table_name}"'
        row = db.execute_sql(
            f"SELECT (SELECT MAX(updated_at) FROM {table}), (SELECT MAX(id) FROM {table})"
        ).fetchone()
        marker = (id(db), str(row[0]), row[1], default)
        if marker != self._marker:
            self._value = max_card_days(default)
            self._marker = marker
        return self._value


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


def delivery_rows(keys: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """(alarm_key, acknowledged_at, snoozed_until) of the alarms already delivered."""
    columns = ("alarm_key", "acknowledged_at", "snoozed_until")
    return rows_where_in(m.AlarmDelivery, columns, "alarm_key", list(keys))


def insert_deliveries(keys: Sequence[str], now_utc: datetime) -> set[str]:
    """Record the first delivery of each alarm in `keys` not delivered before, many rows per
    statement; the keys this call recorded. Call it inside a write transaction.

    PostgreSQL says which rows it inserted (RETURNING). SQLite's write transaction begins
    IMMEDIATE, so no other app can write between the look-up of the keys already there and
    the insert (RETURNING would need SQLite 3.35)."""
    db = m.database_proxy.obj
    table = f'"{m.AlarmDelivery._meta.table_name}"'
    stamp = m.AlarmDelivery.delivered_at.db_value(now_utc)
    sqlite = isinstance(db, pw.SqliteDatabase)
    wanted = list(dict.fromkeys(keys))
    if sqlite:
        taken = {row[0] for row in delivery_rows(wanted)}
        wanted = [key for key in wanted if key not in taken]
    recorded: set[str] = set()
    for start in range(0, len(wanted), _KEY_CHUNK):
        chunk = wanted[start : start + _KEY_CHUNK]
        values = ", ".join([f"({db.param}, {db.param})"] * len(chunk))
        sql = (
            f'INSERT INTO {table} ("alarm_key", "delivered_at") VALUES {values} '
            'ON CONFLICT ("alarm_key") DO NOTHING'
        )
        params = [value for key in chunk for value in (key, stamp)]
        if sqlite:
            db.execute_sql(sql, params)
            recorded.update(chunk)
        else:
            recorded.update(
                row[0] for row in db.execute_sql(sql + ' RETURNING "alarm_key"', params)
            )
    return recorded


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
# found by a join and the reminder takes it from the row: the moment it falls due after any
# snooze, in UTC, to the second.
_EFFECTIVE_DUE = "CASE WHEN f.snoozed_until > f.due_at THEN f.snoozed_until ELSE f.due_at END"
_STAMP = {
    "sqlite": f"strftime('%Y%m%dT%H%M%S', {_EFFECTIVE_DUE})",
    "server": f"to_char({_EFFECTIVE_DUE}, 'YYYYMMDD\"T\"HH24MISS')",
}
# When it shows as due: back from a delivery's snooze, at that snooze's end.
_FOLLOW_UP_SHOWN_DUE = f"COALESCE(d.snoozed_until, {_EFFECTIVE_DUE})"
# Raised before, and not waiting to come back from a snooze (d: the alarm's delivery).
ALARM_RAISED = "(d.alarm_key IS NOT NULL AND d.snoozed_until IS NULL)"
# How many rows there are in all and how many were never raised.
_COUNTS = ("COUNT(*) OVER ()", f"SUM(CASE WHEN {ALARM_RAISED} THEN 0 ELSE 1 END) OVER ()")
# The delivery must not be acknowledged nor snoozed past now (the parameter).
_DELIVERY_OPEN = "d.acknowledged_at IS NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= {p})"


def follow_up_key_sql() -> str:
    """The alarm key of the follow-up `f`, as domain.alarms.follow_up_key writes it: the one
    the reminders show and the one their deliveries are found by."""
    db = m.database_proxy.obj
    stamp = _STAMP["sqlite" if isinstance(db, pw.SqliteDatabase) else "server"]
    return f"('{AlarmKind.FOLLOW_UP}:' || CAST(f.id AS TEXT) || ':' || {stamp})"


def follow_ups_due_sql(columns: str, condition: str = "", tail: str = "") -> str:
    """SQL over the open follow-ups of active contacts due by the first parameter (now,
    naive UTC) whose alarm is not acknowledged or snoozed past then, each with its delivery
    as `d` (NULL when never raised), the follow-up as `f`, the contact as `c`. Its
    parameters: now, now, False, now. `condition` narrows further (" AND …"); `tail` orders
    and limits."""
    db = m.database_proxy.obj
    follow_up, contact, delivery = (
        f'"{model._meta.table_name}"' for model in (m.FollowUp, m.Contact, m.AlarmDelivery)
    )
    p = db.param
    return (
        f"SELECT {columns} FROM {follow_up} f JOIN {contact} c ON c.id = f.contact_id "
        f"LEFT JOIN {delivery} d ON d.alarm_key = {follow_up_key_sql()} "
        f"WHERE f.done_at IS NULL AND f.due_at <= {p} "
        f"AND (f.snoozed_until IS NULL OR f.snoozed_until <= {p}) AND c.archived = {p} "
        f"AND {_DELIVERY_OPEN.format(p=p)}{condition} {tail}"
    )


# NAME_COLUMNS of the contact `c` in a query written as text.
_CONTACT_NAME = tuple(f"c.{field.column_name}" for field in NAME_COLUMNS)


def _ranked_sql(
    select: Callable[[str], str],
    columns: Sequence[str],
    shown: str,
    first: int | None,
    *,
    counts: Sequence[str] = _COUNTS,
) -> str:
    """The query `select(columns)` (one expression each); with `first`, cut to the rows that
    rank `first` or better by when they show as due (`shown`): the first `first` and every row
    due at the same moment as the last of them, which only the reminders' own order (kind,
    then name) can put in order. Each row then ends with `counts` (by default how many rows
    there are in all and how many never raised)."""
    if first is None:
        return select(", ".join(columns))
    ranked = [*columns, *counts, f"RANK() OVER (ORDER BY {shown})"]
    named = ", ".join(f"{column} AS k{i}" for i, column in enumerate(ranked))
    kept = ", ".join(f"q.k{i}" for i in range(len(ranked) - 1))
    rank = f"q.k{len(ranked) - 1}"
    return f"SELECT {kept} FROM ({select(named)}) q WHERE {rank} <= {max(1, int(first))}"


def follow_up_due_rows(
    now_utc: datetime, *, condition: str = "", first: int | None = None
) -> list[tuple[Any, ...]]:
    """(id, due_at, snoozed_until, text, *NAME_COLUMNS, delivery's snoozed_until, raised,
    alarm key) of the follow-ups due by `now_utc` (see follow_ups_due_sql), as raw tuples;
    `first` keeps the first ones and adds the counts (see _ranked_sql)."""
    columns = (
        *("f.id", "f.due_at", "f.snoozed_until", "f.text"),
        *_CONTACT_NAME,
        *("d.snoozed_until", ALARM_RAISED, follow_up_key_sql()),
    )
    sql = _ranked_sql(
        lambda chosen: follow_ups_due_sql(chosen, condition), columns, _FOLLOW_UP_SHOWN_DUE, first
    )
    return list(m.database_proxy.obj.execute_sql(sql, [now_utc, now_utc, False, now_utc]))


# --- birthday and card alarms due, answered by the database -----------------------------------

# Most contacts have no birthday: ANALYZE then counts one (month, day) value for nearly all
# rows, and SQLite would scan the table once per day of the window instead of using the index.
_BIRTHDAY_INDEX = " INDEXED BY contact_birthday_month_birthday_day"

# When a birthday alarm shows as due: at its day's alarm time, or back from a snooze at its end.
_BIRTHDAY_SHOWN_DUE = "COALESCE(d.snoozed_until, a.due_at)"


def _table(name: str, columns: str, rows: Sequence[Sequence[Any]], param: str) -> str:
    """A CTE of literal rows whose values are bound parameters (SQLite and PostgreSQL)."""
    values = ", ".join("(" + ", ".join([param] * len(row)) + ")" for row in rows)
    return f"{name}({columns}) AS (VALUES {values})"


def _birthdays_on(days: Sequence[tuple[int, int, int, int]], default_card_days: int) -> str:
    """The CTEs `w` (the window's `days`: domain.alarms.birthday_days) and `b`: the active
    contacts whose real birthday falls on one of those days (id, birthday year, month, day,
    the year it falls in, days ahead, card lead time). Its parameters: birthday_params.

    The one place that says which birthdays fall in a window, for the alarms and for Today:
    each day is one exact (month, day) index lookup; 29 February falls on 28 February in a
    common year (a row of its own in `days`)."""
    db = m.database_proxy.obj
    p = db.param
    sqlite = isinstance(db, pw.SqliteDatabase)
    contact = f'"{m.Contact._meta.table_name}"'
    year = "c.birthday_year"
    mod = "%%" if p == "%s" else "%"  # psycopg2 reads a lone % as a parameter
    leap = f"({year} {mod} 4 = 0 AND ({year} {mod} 100 <> 0 OR {year} {mod} 400 = 0))"
    # domain.birthdays.Birthday rejects a date that never was (29 February 1990): none.
    real_date = (
        f"({year} IS NULL OR {year} = 0 OR ({year} BETWEEN 1 AND 9999 "
        f"AND (c.birthday_month <> 2 OR c.birthday_day <> 29 OR {leap})))"
    )
    lead = (
        # domain.alarms.clamp_card_days; below 1 there is no card (the card query's card_days > 0)
        f"CASE WHEN c.birthday_card_days IS NULL THEN {p} "
        f"WHEN c.birthday_card_days > {MAX_CARD_DAYS} THEN {MAX_CARD_DAYS} "
        "ELSE c.birthday_card_days END"
    )
    return (
        f"{_table('w', 'month, day, year, ahead', days, p)}, "
        f"b AS (SELECT c.id, c.birthday_year, c.birthday_month, c.birthday_day, w.year, w.ahead, "
        f"{lead} AS card_days FROM w JOIN {contact} c{_BIRTHDAY_INDEX if sqlite else ''} "
        "ON c.birthday_month = w.month AND c.birthday_day = w.day "
        f"WHERE c.archived = {p} AND {real_date})"
    )


def _birthday_params(days: Sequence[tuple[int, int, int, int]], default_card_days: int) -> list:
    """The parameters of _birthdays_on, in order."""
    return [*(value for row in days for value in row), default_card_days, False]


def birthday_due_rows(
    now_utc: datetime,
    days: Sequence[tuple[int, int, int, int]],
    moments: Sequence[tuple[int, datetime]],
    default_card_days: int,
    *,
    condition: str = "",
    first: int | None = None,
) -> list[tuple[Any, ...]]:
    """(kind, contact id, birthday year, month, day, card lead time, year of the birthday,
    delivery's snoozed_until, raised, *NAME_COLUMNS[1:]) of the birthday and card alarms due
    by `now_utc` whose delivery is not acknowledged or snoozed past then; `condition` narrows
    further (" AND …"); `first` keeps the first ones and adds the counts (see _ranked_sql).

    `days` are domain.alarms.birthday_days of the window, `moments` BirthdayRule.alarm_moments:
    a card is due when its day (the birthday minus the lead time) is one of `moments`, a
    birthday when it is today and today's moment is there (see _birthdays_on)."""
    if not days or not moments:
        return []
    db = m.database_proxy.obj
    p = db.param
    contact, delivery = (f'"{model._meta.table_name}"' for model in (m.Contact, m.AlarmDelivery))
    alarms = (
        f"WITH {_birthdays_on(days, default_card_days)}, "
        f"{_table('t', 'ahead, due_at', moments, p)}, "
        f"a AS (SELECT '{AlarmKind.BIRTHDAY_CARD}' AS kind, b.*, t.due_at FROM b "
        "JOIN t ON t.ahead = b.ahead - b.card_days WHERE b.card_days > 0 "
        f"UNION ALL SELECT '{AlarmKind.BIRTHDAY}' AS kind, b.*, t.due_at FROM b "
        "JOIN t ON t.ahead = b.ahead) "
    )

    def select(columns: str) -> str:
        return (
            f"SELECT {columns} FROM a JOIN {contact} c ON c.id = a.id "
            f"LEFT JOIN {delivery} d ON d.alarm_key = "
            "(a.kind || ':' || CAST(a.id AS TEXT) || ':' || CAST(a.year AS TEXT)) "
            f"WHERE {_DELIVERY_OPEN.format(p=p)}{condition}"
        )

    columns = (
        *("a.kind", "a.id", "a.birthday_year", "a.birthday_month", "a.birthday_day"),
        *("a.card_days", "a.year", "d.snoozed_until", ALARM_RAISED),
        *_CONTACT_NAME[1:],
    )
    sql = alarms + _ranked_sql(select, columns, _BIRTHDAY_SHOWN_DUE, first)
    params = [
        *_birthday_params(days, default_card_days),
        *(value for row in moments for value in row),
        now_utc,
    ]
    return list(db.execute_sql(sql, params))


# A card counts as sent when its alarm was acknowledged ("Mark card sent", or Done on the alarm).
_CARD_SENT = "(s.alarm_key IS NOT NULL)"


def birthdays_in_window_rows(
    days: Sequence[tuple[int, int, int, int]], first: int
) -> list[tuple[Any, ...]]:
    """(contact id, display name, birthday year, month, day, days ahead, card sent, how many
    in all, how many cards not sent) of the birthdays on `days` (domain.alarms.birthday_days),
    the same ones the alarms see (_birthdays_on): the first `first` by days ahead, with every
    one on the same day as the last of them (see _ranked_sql)."""
    if not days:
        return []
    return list(m.database_proxy.obj.execute_sql(*birthdays_in_window_sql(days, first)))


def birthdays_in_window_sql(
    days: Sequence[tuple[int, int, int, int]], first: int
) -> tuple[str, list[Any]]:
    """(SQL, parameters) of birthdays_in_window_rows."""
    contact, delivery = (f'"{model._meta.table_name}"' for model in (m.Contact, m.AlarmDelivery))
    card_key = f"'{AlarmKind.BIRTHDAY_CARD}:' || CAST(b.id AS TEXT) || ':' || CAST(b.year AS TEXT)"

    def select(columns: str) -> str:
        return (
            f"SELECT {columns} FROM b JOIN {contact} c ON c.id = b.id "
            f"LEFT JOIN {delivery} s ON s.alarm_key = ({card_key}) "
            "AND s.acknowledged_at IS NOT NULL"
        )

    columns = ("b.id", "c.display_name", "b.birthday_year", "b.birthday_month", "b.birthday_day")
    counts = ("COUNT(*) OVER ()", f"SUM(CASE WHEN {_CARD_SENT} THEN 0 ELSE 1 END) OVER ()")
    sql = f"WITH {_birthdays_on(days, DEFAULT_CARD_DAYS)} " + _ranked_sql(
        select, (*columns, "b.ahead", _CARD_SENT), "b.ahead", first, counts=counts
    )
    return sql, _birthday_params(days, DEFAULT_CARD_DAYS)
