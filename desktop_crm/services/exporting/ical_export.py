"""iCalendar export (RFC 5545): birthdays as yearly all-day events and open follow-ups
with an alarm, so the user's own calendar reminds them too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from desktop_crm import __version__
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.local_time import ical_utc
from desktop_crm.i18n import _
from desktop_crm.services.exporting.ical_lines import (
    display_alarm,
    event_name,
    opening,
    yearly_birthday,
)
from desktop_crm.services.exporting.rows import ExportContact
from desktop_crm.services.exporting.vcard_export import escape, fold
from desktop_crm.store import models as m

FOLLOW_UP_MINUTES = 15


def birthday_event(contact: ExportContact, stamp: str) -> list[str]:
    b: Birthday = contact.birthday  # type: ignore[assignment]
    name = event_name(contact.full_name, contact.company, contact.id)
    lines = yearly_birthday(
        f"birthday-{contact.id}@desktop-crm", stamp, b, _("Birthday: {name}").format(name=name)
    )
    lines.append("CATEGORIES:" + escape(_("Birthday")))
    if contact.birthday_card_days:
        description = _("Send a birthday card to {name}").format(name=name)
        lines += display_alarm(f"TRIGGER:-P{int(contact.birthday_card_days)}D", description)
    lines.append("END:VEVENT")
    return lines


def follow_up_events(stamp: str, contact_ids: set[int] | None) -> Iterable[list[str]]:
    query = (
        m.FollowUp.select(m.FollowUp, m.Contact.display_name, m.Contact.company)
        .join(m.Contact)
        .where(m.FollowUp.done_at.is_null(), m.Contact.archived == False)  # noqa: E712
        .order_by(m.FollowUp.due_at, m.FollowUp.id)
    )
    for follow_up in query:
        if contact_ids is not None and follow_up.contact_id not in contact_ids:
            continue
        due = follow_up.due_at
        if follow_up.snoozed_until and follow_up.snoozed_until > due:
            due = follow_up.snoozed_until
        contact = follow_up.contact
        name = event_name(contact.display_name, contact.company, follow_up.contact_id)
        summary = _("Follow up: {name}").format(name=name)
        timing = [f"DTSTART:{ical_utc(due)}", f"DURATION:PT{FOLLOW_UP_MINUTES}M"]
        uid = f"follow-up-{follow_up.id}@desktop-crm"
        lines = opening("VEVENT", uid, stamp, timing, summary, follow_up.text)
        lines += display_alarm("TRIGGER:PT0S", summary)
        lines.append("END:VEVENT")
        yield lines


def write_calendar(
    handle: TextIO,
    contacts: Iterable[ExportContact],
    now: datetime,
    contact_ids: set[int] | None = None,
) -> int:
    """Write the calendar; returns the number of events. `handle` is opened with newline=''."""
    stamp = ical_utc(now)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Desktop CRM {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape(_("Desktop CRM")),
    ]
    handle.write("".join(fold(line) for line in head))
    events = 0
    for contact in contacts:
        if contact.birthday is not None:
            handle.write("".join(fold(line) for line in birthday_event(contact, stamp)))
            events += 1
    for lines in follow_up_events(stamp, contact_ids):
        handle.write("".join(fold(line) for line in lines))
        events += 1
    handle.write(fold("END:VCALENDAR"))
    return events
