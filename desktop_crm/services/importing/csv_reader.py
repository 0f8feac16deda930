"""CSV files (R2): the header after any preamble, the delimiter, RFC 4180 records with their
physical start line, and each row turned into a normalised ContactRecord (R3)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain.birthdays import Birthday, parse_birthday
from desktop_crm.domain.names import clean_text
from desktop_crm.domain.phones import to_e164
from desktop_crm.domain.stages import parse_stage
from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing import hubspot
from desktop_crm.services.importing.decoding import LineReader, has_controls, strip_controls
from desktop_crm.services.importing.header_maps import header_score, is_dutch, label_partner
from desktop_crm.services.importing.limits import (
    HEADER_SEARCH_LINES,
    MAX_FIELD_CHARS,
    MAX_HEADER_CHARS,
    MAX_STORED_CHARS,
)
from desktop_crm.services.importing.records import (
    ContactRecord,
    Field,
    ReadItem,
    SkippedItem,
)
from desktop_crm.services.importing.row_warnings import WarningCode
from desktop_crm.services.importing.sheets import sheet_rows
from desktop_crm.services.importing.sniff import SPREADSHEETS, FileSniff

DELIMITERS = (",", ";", "\t")
_MULTI = ":::"  # Google's separator of several values in one cell
_FORMULA_START = frozenset("=+-@\t\r")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_TAG_SPLIT = re.compile(r":::|;|,")

# One cell may be as long as limits.py promises (our own export of 20,000 emails is one
# 150,000-character cell); the csv module's default stops at 131,072.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))


@dataclass(frozen=True)
class CsvHeader:
    line: int  # 1-based physical line of the header
    delimiter: str
    headers: list[str]


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _best_header(stripped: str) -> tuple[int, str, list[str]]:
    best: tuple[int, str, list[str]] = (0, ",", [])
    for delimiter in DELIMITERS:
        if delimiter not in stripped and delimiter != ",":
            continue
        cells = _cells(stripped, delimiter)
        score = header_score(cells)
        if score > best[0]:
            best = (score, delimiter, cells)
    return best


def detect_header(sniff: FileSniff) -> CsvHeader:
    """R2: the first line with recognisable contact columns; its delimiter wins. The line
    is read whole, however long (a header of 10,000 columns is over 64 KiB)."""
    if sniff.kind in SPREADSHEETS:
        for line_no, cells in sheet_rows(sniff.path, sniff.kind):
            if line_no > HEADER_SEARCH_LINES:
                break
            if header_score(cells):
                return CsvHeader(line_no, "", [c.strip() for c in cells])
    else:
        for line_no, line in enumerate(sniff.reader().text_lines(), start=1):
            if line_no > HEADER_SEARCH_LINES:
                break
            stripped = strip_controls(line.rstrip("\r\n").lstrip("\ufeff"))
            score, delimiter, cells = _best_header(stripped)
            if score:
                return CsvHeader(line_no, delimiter, [c.strip() for c in cells])
    raise ImportFileError(
        _("No column with names or email addresses was found in {path}.").format(path=sniff.path)
    )


def iter_rows(
    sniff: FileSniff,
    header: CsvHeader,
    on_bytes: Callable[[int], None] | None = None,
    *,
    reader: LineReader | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(start line, cells) of every record after the header, blank ones included.
    `reader` lets the caller see which lines were repaired while it reads."""
    if sniff.kind in SPREADSHEETS:
        for line_no, cells in sheet_rows(sniff.path, sniff.kind):
            if line_no > header.line:
                yield line_no, cells
        return
    reader = reader or sniff.reader()
    lines = reader.text_lines()
    for _skip in range(header.line):
        next(lines, None)
    csv_reader = csv.reader(lines, delimiter=header.delimiter, strict=False)
    consumed = header.line
    try:
        for row in csv_reader:
            start = consumed + 1
            consumed = header.line + csv_reader.line_num
            if on_bytes is not None:
                on_bytes(reader.bytes_read)
            yield start, row
    except csv.Error as exc:
        raise ImportFileError(
            _("{path} cannot be read after line {line}: {reason}").format(
                path=sniff.path, line=consumed, reason=exc
            )
        ) from exc


def _clip(value: str, limit: int = MAX_STORED_CHARS) -> str:
    return cf.cut(value, limit)


def _unneutralise(value: str) -> str:
    """Undo the apostrophe our CSV export puts before a cell that looks like a formula."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        return value[1:]
    return value


def _first_value(cell: str) -> tuple[str, list[str]]:
    """A cell's first value and the rest, for Google's 'a ::: b' cells."""
    if _MULTI not in cell:
        return cell, []
    parts = [p.strip() for p in cell.split(_MULTI)]
    parts = [p for p in parts if p]
    return (parts[0], parts[1:]) if parts else ("", [])


def _label(text: str) -> str:
    """Google marks its primary value with '* ' in the label; that is not part of it."""
    return cf.cut(clean_text(text.lstrip("* ")), cf.ENTRY_LABEL_LIMIT)


# Cells that mean "no date" (R3: 0/0/00); they are not reported as unreadable.
_NO_DATE = re.compile(r"^[0\W_]*$")
# A birthday without a year, written day-month as the contact form takes it ("14-03").
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")


def _day_month(text: str, day_first: bool) -> Birthday | None:
    match = _DAY_MONTH.match(text)
    if not match:
        return None
    first, second = int(match[1]), int(match[2])
    month, day = (second, first) if day_first else (first, second)
    try:
        return Birthday(month, day)
    except ValueError:
        return None


class RowBuilder:
    """Turns the cells of one row into a ContactRecord, given a column → field mapping."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[Field],
        region: str,
        custom_names: Mapping[int, str] | None = None,
    ):
        self.headers = list(headers)
        self.mapping = list(mapping)
        self.region = region
        self.day_first = is_dutch(headers)

        def cols(field: Field) -> list[int]:
            return [i for i, f in enumerate(self.mapping) if f == field]

        labels: dict[int, int] = {}
        for i in cols(Field.LABEL):
            partner = label_partner(self.headers, i)
            if partner is not None:
                labels[partner] = i
        self.full_name = cols(Field.FULL_NAME)
        self.given = cols(Field.GIVEN_NAME)
        self.middle = cols(Field.MIDDLE_NAME)
        self.family = cols(Field.FAMILY_NAME)
        self.emails = [(i, labels.get(i)) for i in cols(Field.EMAIL)]
        self.phones = [(i, labels.get(i)) for i in cols(Field.PHONE)]
        self.faxes = [(i, labels.get(i)) for i in cols(Field.FAX)]
        self.birthday = cols(Field.BIRTHDAY)
        self.birth_parts = (cols(Field.BIRTH_YEAR), cols(Field.BIRTH_MONTH), cols(Field.BIRTH_DAY))
        self.company = cols(Field.COMPANY)
        self.job_title = cols(Field.JOB_TITLE)
        self.address = cols(Field.ADDRESS)
        self.address_parts = [
            cols(Field.STREET),
            cols(Field.POSTAL_CODE),
            cols(Field.CITY),
            cols(Field.REGION),
            cols(Field.COUNTRY),
        ]
        self.has_address_parts = any(self.address_parts)
        self.website = cols(Field.WEBSITE)
        self.notes = cols(Field.NOTES)
        self.tags = cols(Field.TAGS)
        self.lead_source = cols(Field.LEAD_SOURCE)
        self.stage = cols(Field.STAGE)
        self.lifecycle = cols(Field.LIFECYCLE_STAGE)
        self.lead_status = cols(Field.LEAD_STATUS)
        # Prefixes and suffixes are not part of full_name (R3) but are kept, like unknown columns.
        named = custom_names or {}
        self.custom = [
            (i, named.get(i) or self.headers[i][:MAX_HEADER_CHARS])
            for i, f in enumerate(self.mapping)
            if f in (Field.CUSTOM, Field.PREFIX, Field.SUFFIX)
            and (self.headers[i].strip() or named.get(i))
        ]
        self.carries_hubspot = bool(self.lifecycle or self.lead_status)

    def _first(self, row: list[str], columns: list[int]) -> str:
        n = len(row)
        for i in columns:
            if i < n:
                value = row[i].strip()
                if value:
                    # `_unneutralise` inline: this runs several times per row.
                    if value[0] == "'" and len(value) > 1 and value[1] in _FORMULA_START:
                        return value[1:]
                    return value
        return ""

    def _birthday(self, row: list[str], record: ContactRecord) -> Birthday | None:
        written = self._first(row, self.birthday) if self.birthday else ""
        if written:
            text = _TIME_SUFFIX.sub("", written).strip()
            # R3: Dutch headers are day-first; English slash dates are month-first.
            day_first = self.day_first or "/" not in text
            found = parse_birthday(text, day_first=day_first)
            if found is None:
                found = _day_month(text, day_first)
            if found is None and not _NO_DATE.match(text):
                record.warn(WarningCode.BIRTHDAY_UNREADABLE, written)
            return found
        years, months, days = self.birth_parts
        if not (months and days):
            return None
        month, day = self._first(row, months), self._first(row, days)
        if not (month.isdigit() and day.isdigit()):
            return None
        year = self._first(row, years)
        try:
            return Birthday(
                int(month), int(day), int(year) if year.isdigit() and int(year) else None
            )
        except ValueError:
            return None

    def build(self, line: int, row: list[str]) -> ContactRecord:
        n = len(row)
        damaged = has_controls("".join(row))
        if damaged:
            # NUL and other control characters are damage; an email keeps them so R4 rejects it.
            emails = {i for i, _label in self.emails}
            row = [cell if i in emails else strip_controls(cell) for i, cell in enumerate(row)]
        record = ContactRecord(line=line)
        if damaged:
            record.warn(WarningCode.CONTROLS_REMOVED)
        pick = self._first
        # A name column the file does not have costs no call (most files lack two of four).
        record.set_names(
            pick(row, self.full_name) if self.full_name else "",
            pick(row, self.given) if self.given else "",
            pick(row, self.middle) if self.middle else "",
            pick(row, self.family) if self.family else "",
        )

        for i, label_index in self.emails:
            if i >= n or not row[i].strip():
                continue
            first, rest = _first_value(_unneutralise(row[i].strip()))
            label = _label(row[label_index]) if label_index is not None and label_index < n else ""
            for value in (first, *rest):
                record.add_email(value, label)

        for columns, target in ((self.phones, record.phones), (self.faxes, record.faxes)):
            for i, label_index in columns:
                if i >= n or not row[i].strip():
                    continue
                first, rest = _first_value(_unneutralise(row[i].strip()))
                label = (
                    _label(row[label_index]) if label_index is not None and label_index < n else ""
                )
                is_fax = "fax" in label.lower()
                for value in (first, *rest):
                    raw = cf.cut(value, cf.PHONE.limit)
                    record.add_phone(
                        raw, to_e164(raw, self.region), label, fax=is_fax or target is record.faxes
                    )

        record.birthday = self._birthday(row, record)
        # A column the file does not have leaves the record's empty default (fewer calls).
        if self.company:
            record.company = _clip(clean_text(self._first(row, self.company)), cf.COMPANY.limit)
        if self.job_title:
            record.job_title = _clip(
                clean_text(self._first(row, self.job_title)), cf.JOB_TITLE.limit
            )
        address = self._first(row, self.address) if self.address else ""
        if not address and self.has_address_parts:
            street, postal, city, region, country = (
                self._first(row, cols) for cols in self.address_parts
            )
            address = "\n".join(
                p for p in (street, f"{postal} {city}".strip(), region, country) if p
            )
        if address:
            record.address = _clip(address, cf.ADDRESS.limit)
        if self.website:
            record.website = _clip(self._first(row, self.website), cf.WEBSITE.limit)
        if self.notes:
            record.notes = _clip(
                "\n\n".join(
                    _unneutralise(v) for i in self.notes if i < n and (v := row[i].strip())
                ),
                cf.NOTES.limit,
            )
        if self.tags:
            seen: set[str] = set()
            for i in self.tags:
                if i >= n:
                    continue
                for part in _TAG_SPLIT.split(_unneutralise(row[i].strip())):
                    tag = cf.cut(clean_text(part), cf.TAGS.limit)
                    # '* myContacts' and '* starred' are Google's own bookkeeping, not labels.
                    if tag and not tag.startswith("*") and tag.casefold() not in seen:
                        seen.add(tag.casefold())
                        record.tags.append(tag)
        if self.lead_source:
            record.lead_source = _clip(
                clean_text(self._first(row, self.lead_source)), cf.LEAD_SOURCE.limit
            )
        if self.stage and (stage_text := self._first(row, self.stage)):
            try:
                record.stage = parse_stage(stage_text).value
            except ValueError:
                record.custom.append(
                    (self.headers[self.stage[0]][:MAX_HEADER_CHARS], _clip(stage_text))
                )
        if self.lifecycle:
            record.lifecycle_stage = hubspot.lifecycle_stage(self._first(row, self.lifecycle))
            if record.lifecycle_stage:
                record.custom.append(
                    (self.headers[self.lifecycle[0]][:MAX_HEADER_CHARS], record.lifecycle_stage)
                )
        if self.lead_status:
            record.lead_status = hubspot.lead_status(self._first(row, self.lead_status))
            if record.lead_status:
                record.custom.append(
                    (self.headers[self.lead_status[0]][:MAX_HEADER_CHARS], record.lead_status)
                )
        for i, key in self.custom:
            if i < n and (value := row[i].strip()):
                record.custom.append((key, _clip(_unneutralise(value))))
        return record


def is_blank(row: list[str]) -> bool:
    """R2: an empty line or a row of only delimiters and whitespace."""
    return not "".join(row).strip()


def read_csv(
    sniff: FileSniff,
    header: CsvHeader,
    mapping: Sequence[Field],
    region: str,
    on_bytes: Callable[[int], None] | None = None,
    custom_names: Mapping[int, str] | None = None,
) -> Iterator[ReadItem]:
    builder = RowBuilder(header.headers, mapping, region, custom_names)
    reader = sniff.reader() if sniff.kind not in SPREADSHEETS else None
    repaired = 0
    for line, row in iter_rows(sniff, header, on_bytes, reader=reader):
        if is_blank(row):
            yield SkippedItem(line, "blank")
            continue
        record = builder.build(line, row)
        if reader is not None and len(reader.repaired_lines) > repaired:
            for repaired_line in reader.repaired_lines[repaired:]:
                record.warn(WarningCode.ENCODING_REPAIRED, str(repaired_line))
            repaired = len(reader.repaired_lines)
        yield record
