"""Reading a birthday typed as day-month with or without a year (14-03-1980, 14-03, 1980-03-14)."""

from __future__ import annotations

import re

from desktop_crm.domain.birthdays import Birthday, parse_birthday
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")


def birthday_text(birthday: Birthday | None) -> str:
    if birthday is None:
        return ""
    if birthday.year is None:
        return f"{birthday.day:02d}-{birthday.month:02d}"
    return f"{birthday.day:02d}-{birthday.month:02d}-{birthday.year:04d}"


def read_birthday(text: str) -> Birthday | None:
    """None for an empty field; ValidationError (field 'birthday') for a date that is no date."""
    value = text.strip()
    if not value:
        return None
    if match := _DAY_MONTH.match(value):
        try:
            return Birthday(int(match[2]), int(match[1]))
        except ValueError:
            pass
    else:
        found = parse_birthday(value, day_first=True)
        if found is not None:
            return found
    raise ValidationError(
        _(
            "“{value}” is not a date. Type day-month-year (14-03-1980), "
            "or day-month without a year (14-03)."
        ).format(value=value),
        field="birthday",
    )
