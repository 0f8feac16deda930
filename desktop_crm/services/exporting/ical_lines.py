"""iCalendar pieces that the calendar file export and the CalDAV sync both write."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services.exporting.vcard_export import escape

# A year-less birthday starts in 2000: a leap year, so 29 February exists.
NO_YEAR_START = 2000


def event_name(display_name: str, company: str, contact_id: int) -> str:
    """Whom an event is about: the contact's name, else the company, else its number."""
    return display_name or company or f"#{contact_id}"


def yearly_birthday(uid: str, stamp: str, birthday: Birthday, summary: str) -> list[str]:
    """A yearly all-day event on `birthday`, open: the caller adds its alarm and END:VEVENT."""
    start = date(birthday.year or NO_YEAR_START, birthday.month, birthday.day)
    # The last day of February: 29 February in leap years, 28 otherwise (as our reminders do).
    feb29 = (birthday.month, birthday.day) == (2, 29)
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if feb29 else "FREQ=YEARLY"
    timing = [
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"RRULE:{rule}",
    ]
    return [*opening("VEVENT", uid, stamp, timing, summary), "TRANSP:TRANSPARENT"]


def opening(
    component: str, uid: str, stamp: str, timing: list[str], summary: str, description: str = ""
) -> list[str]:
    """The first lines of an event or a to-do: who it is, when, and what it says."""
    lines = [f"BEGIN:{component}", f"UID:{uid}", f"DTSTAMP:{stamp}", *timing]
    lines.append("SUMMARY:" + escape(summary))
    if description:
        lines.append("DESCRIPTION:" + escape(description))
    return lines


def display_alarm(trigger: str, description: str) -> list[str]:
    """A VALARM that shows `description`; `trigger` is the whole property ("TRIGGER:PT0S")."""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        trigger,
        "DESCRIPTION:" + escape(description),
        "END:VALARM",
    ]
