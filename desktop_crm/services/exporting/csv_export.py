"""CSV export: UTF-8 with a BOM so Excel opens it right, and formula cells neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from desktop_crm.domain.contact_fields import FIELDS
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


def write_csv(handle: TextIO, contacts: Iterable[ExportContact], custom: list[str]) -> int:
    """Write every contact; `handle` is opened with encoding utf-8-sig and newline=''."""
    fixed = {c.casefold() for c in FIXED_COLUMNS}
    extra = [k for k in custom if k.casefold() not in fixed]
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in (*FIXED_COLUMNS, *extra)])
    count = 0
    for c in contacts:
        values = dict(c.custom)
        row = [  # in the order of FIELDS
            c.full_name,
            c.given_name,
            c.middle_name,
            c.family_name,
            MULTI.join(email for email, _label in c.emails),
            _phones(c.phones),
            _phones(c.faxes),
            c.birthday.iso() if c.birthday else "",
            c.company,
            c.job_title,
            c.address,
            c.website,
            c.notes,
            c.stage,
            c.lead_source,
            ", ".join(c.tags),
            *(values.get(k, "") for k in extra),
        ]
        writer.writerow([neutralise(v or "") for v in row])
        count += 1
    return count
