"""Noticing changes made by someone else: another desktop on a shared database, or
the command line writing while the window is open.

A cheap marker of the database's state is read every few seconds; when it moves,
the views reload. Changes made through this process's own connection are announced
by the services' return values instead, so the marker need not see them."""

from __future__ import annotations

import peewee as pw

from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite

Marker = tuple


def change_marker() -> Marker:
    """Moves whenever another connection (a program, a desktop) commits a change.

    SQLite counts other connections' commits itself (`PRAGMA data_version`): microseconds.
    On a server database the marker is a handful of indexed MAX/COUNT aggregates over the
    tables the views show."""
    db = m.database_proxy.obj
    if is_sqlite(db):
        return ("sqlite", db.execute_sql("PRAGMA data_version").fetchone()[0])
    parts = []
    for query in (
        m.Contact.select(pw.fn.MAX(m.Contact.updated_at), pw.fn.COUNT(m.Contact.id)),
        m.StageChange.select(pw.fn.MAX(m.StageChange.id)),
        m.Conversation.select(pw.fn.MAX(m.Conversation.id)),
        m.FollowUp.select(
            pw.fn.MAX(m.FollowUp.id),
            pw.fn.COUNT(m.FollowUp.done_at),
            pw.fn.MAX(m.FollowUp.snoozed_until),
        ),
        m.Deal.select(pw.fn.MAX(m.Deal.updated_at), pw.fn.COUNT(m.Deal.id)),
        m.Question.select(pw.fn.MAX(m.Question.id), pw.fn.COUNT(m.Question.answered_at)),
        # Alarms acknowledged or snoozed on another desktop.
        m.AlarmDelivery.select(
            pw.fn.MAX(m.AlarmDelivery.id),
            pw.fn.COUNT(m.AlarmDelivery.acknowledged_at),
            pw.fn.MAX(m.AlarmDelivery.snoozed_until),
        ),
    ):
        parts.extend(db.execute(query).fetchone())
    return tuple(str(p) for p in parts)
