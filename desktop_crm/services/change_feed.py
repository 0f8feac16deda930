"""Noticing changes made by someone else: another desktop on a shared database, or
the command line writing while the window is open.

A cheap marker of the database's state is read every few seconds; when it moves,
the views reload. Polling works the same on SQLite and PostgreSQL and needs no
server extension or open notification channel."""

from __future__ import annotations

import peewee as pw

from desktop_crm.store import models as m

Marker = tuple


def change_marker() -> Marker:
    """Changes whenever a contact, stage, conversation, follow-up, deal, question or alarm
    delivery changes.

    Each part is an indexed MAX or a COUNT over a primary key: milliseconds at 100k rows."""
    db = m.database_proxy.obj
    parts = []
    for query in (
        m.Contact.select(pw.fn.MAX(m.Contact.updated_at)),
        m.Contact.select(pw.fn.COUNT(m.Contact.id)),
        m.StageChange.select(pw.fn.MAX(m.StageChange.id)),
        m.Conversation.select(pw.fn.MAX(m.Conversation.id)),
        m.FollowUp.select(pw.fn.MAX(m.FollowUp.id), pw.fn.COUNT(m.FollowUp.done_at)),
        m.Deal.select(pw.fn.MAX(m.Deal.updated_at), pw.fn.COUNT(m.Deal.id)),
        m.Question.select(pw.fn.MAX(m.Question.id), pw.fn.COUNT(m.Question.answered_at)),
        # Alarms acknowledged or snoozed, here or on another desktop.
        m.AlarmDelivery.select(
            pw.fn.MAX(m.AlarmDelivery.id),
            pw.fn.COUNT(m.AlarmDelivery.acknowledged_at),
            pw.fn.MAX(m.AlarmDelivery.snoozed_until),
        ),
        m.FollowUp.select(pw.fn.MAX(m.FollowUp.snoozed_until)),
    ):
        parts.extend(db.execute(query).fetchone())
    return tuple(str(p) for p in parts)
