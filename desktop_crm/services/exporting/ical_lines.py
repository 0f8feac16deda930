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
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"RRULE:{rule}",
        "SUMMARY:" + escape(summary),
        "TRANSP:TRANSPARENT",
    ]


def display_alarm(trigger: str, description: str) -> list[str]:
    """A VALARM that shows `description`; `trigger` is the whole property ("TRIGGER:PT0S")."""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        trigger,
        "DESCRIPTION:" + escape(description),
        "END:VALARM",
    ]
