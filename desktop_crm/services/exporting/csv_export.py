"""CSV export: UTF-8 with a BOM so Excel opens it right, and formula cells neutralised."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TextIO

from desktop_crm.domain.contact_fields import BIRTHDAY, EMAIL, FAX, FIELDS, PHONE, TAGS
from desktop_crm.services.exporting.rows import ExportContact

# OWASP "CSV injection": a cell starting with one of these is run as a formula by
# spreadsheets; an apostrophe in front makes it text. Our importer removes it again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MULTI = " ::: "  # several values in one cell, as Google writes them (our importer reads it)

FIXED_COLUMNS = tuple(f.column for f in FIELDS)


def neutralise(value: str) -> str:
    """The cell as text a spreadsheet will not evaluate."""
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def _phones(values: list[tuple[str, str | None, str]]) -> str:
    return MULTI.join(e164 or raw for raw, e164, _label in values)


def _birthday(c: ExportContact) -> str:
    return c.birthday.iso() if c.birthday else ""


# A cell for each field of the description, in its order: a one-value text field is its
# attribute; these are written out.
_FORMATTED: dict[str, Callable[[ExportContact], str]] = {
    EMAIL.name: lambda c: MULTI.join(email for email, _label in c.emails),
    PHONE.name: lambda c: _phones(c.phones),
    FAX.name: lambda c: _phones(c.faxes),
    BIRTHDAY.name: _birthday,
    TAGS.name: lambda c: ", ".join(c.tags),
}
_CELLS = tuple(_FORMATTED.get(f.name) or attrgetter(f.name) for f in FIELDS)


def write_csv(handle: TextIO, contacts: Iterable[ExportContact], custom: list[str]) -> int:
    """Write every contact; `handle` is opened with encoding utf-8-sig and newline=''."""
    fixed = {c.casefold() for c in FIXED_COLUMNS}
    extra = [k for k in custom if k.casefold() not in fixed]
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in (*FIXED_COLUMNS, *extra)])
    count = 0
    for c in contacts:
        values = dict(c.custom)
        row = [cell(c) for cell in _CELLS]
        row += [values.get(k, "") for k in extra]
        writer.writerow([neutralise(v or "") for v in row])
        count += 1
    return count
