"""What a reminder says, in the user's language: its kind, its title and its sentence."""

from __future__ import annotations

from datetime import date

from babel.dates import format_skeleton

from desktop_crm.domain.alarms import AlarmKind
from desktop_crm.domain.names import join_name
from desktop_crm.i18n import N_, _, current_locale

KIND_LABELS = {
    AlarmKind.FOLLOW_UP: N_("Follow-up"),
    AlarmKind.BIRTHDAY_CARD: N_("Send a birthday card"),
    AlarmKind.BIRTHDAY: N_("Birthday"),
    AlarmKind.RECONTACT: N_("Contact again"),
}


def kind_label(kind: AlarmKind) -> str:
    return _(KIND_LABELS[kind])


def contact_name(display: str, given: str, middle: str, family: str, company: str) -> str:
    """The name an alarm shows: the contact's name, else the company, never nothing."""
    return display or join_name(given, middle, family) or company or _("(no name)")


def format_day(day: date) -> str:
    """ "March 17" / "17 maart": the day of a birthday without its year."""
    return format_skeleton("MMMMd", day, locale=current_locale())


def title(kind: AlarmKind, name: str) -> str:
    return _("{kind}: {name}").format(kind=kind_label(kind), name=name)


def sentence(
    kind: AlarmKind, name: str, *, note: str = "", occurs_on: date | None, age: int | None
) -> str:
    """The reminder as one sentence, as the tray and the command line show it."""
    if kind == AlarmKind.FOLLOW_UP:
        return note or _("Follow up with {name}").format(name=name)
    when = format_day(occurs_on) if occurs_on else ""
    if kind == AlarmKind.BIRTHDAY_CARD:
        if age is not None:
            return _("Send a birthday card to {name}, who turns {age} on {date}").format(
                name=name, age=age, date=when
            )
        return _("Send a birthday card to {name}, whose birthday is on {date}").format(
            name=name, date=when
        )
    if kind == AlarmKind.BIRTHDAY:
        if age is not None:
            return _("{name} turns {age} today").format(name=name, age=age)
        return _("It is {name}’s birthday today").format(name=name)
    return _("Contact {name} again, as agreed for {date}").format(name=name, date=when)
