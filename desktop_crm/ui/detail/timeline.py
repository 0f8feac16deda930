"""A contact's timeline: conversations, stage changes and deals, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.i18n import _
from desktop_crm.services.conversations import Kind, conversations_of
from desktop_crm.services.deals import deals_of
from desktop_crm.services.stage_history import history
from desktop_crm.services.times import from_storage
from desktop_crm.ui.contact_list.display import show_datetime, show_money


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str
    body: str = ""


def _label(enum, value: str | None) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value or ""


def timeline_entries(contact_id: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for talk in conversations_of(contact_id):
        title = _label(Kind, talk.kind)
        if talk.outcome:
            outcome = _label(Outcome, talk.outcome)
            title = _("{kind} — {outcome}").format(kind=title, outcome=outcome)
        entries.append(TimelineEntry(talk.happened_at, title, talk.text))
    for change in history(contact_id):
        if change.from_stage:
            title = _("Stage: {old} → {new}").format(
                old=_label(Stage, change.from_stage), new=_label(Stage, change.to_stage)
            )
        else:
            title = _("Added as {stage}").format(stage=_label(Stage, change.to_stage))
        body = _label(Cause, change.cause)
        if change.note:
            body = f"{body}: {change.note}"
        entries.append(TimelineEntry(from_storage(change.changed_at), title, body))
    for deal in deals_of(contact_id):
        entries.append(
            TimelineEntry(
                deal.updated_at,
                _("Deal: {title} ({value})").format(
                    title=deal.title, value=show_money(deal.value_minor, deal.currency)
                ),
                deal.close_reason,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


class TimelineView(QListWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)
        self.setAccessibleName(_("Timeline"))

    def show_entries(self, contact_id: int | None, entries: list[TimelineEntry]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`."""
        self.clear()
        if contact_id is None:
            return
        for entry in entries:
            text = f"{show_datetime(entry.at)} · {entry.title}"
            if entry.body:
                text += "\n" + entry.body
            self.addItem(QListWidgetItem(text))
        if not self.count():
            self.addItem(QListWidgetItem(_("Nothing yet. Log a conversation with Ctrl+L.")))
