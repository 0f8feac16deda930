"""vCard 2.1/3.0/4.0 files (R2): unfolding, parameters, escapes, one record per card, and
each card turned into a normalised ContactRecord (R3). Group cards are not contacts."""

from __future__ import annotations

import quopri
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain.birthdays import parse_birthday
from desktop_crm.domain.names import clean_text
from desktop_crm.domain.phones import to_e164
from desktop_crm.domain.stages import parse_stage
from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing.decoding import (
    CP1252,
    UTF8,
    LineReader,
    decode_cp1252,
    decode_r2,
    has_controls,
    strip_controls,
)
from desktop_crm.services.importing.limits import (
    MAX_FIELD_CHARS,
    MAX_HEADER_CHARS,
    MAX_STORED_CHARS,
)
from desktop_crm.services.importing.records import ContactRecord, ReadItem, SkippedItem
from desktop_crm.services.importing.row_warnings import WarningCode
from desktop_crm.services.importing.sniff import FileSniff

OnBytes = Callable[[int], None] | None

_NO_PREF = 1_000  # below every PREF value (1-100), so a card without PREF keeps file order
_MAX_PROPERTIES = 10_000


@dataclass(slots=True)
class Property:
    name: str  # upper case, group prefix removed
    params: dict[str, list[str]]  # upper-case keys; bare v2.1 params are TYPE values
    value: str  # still escaped

    @property
    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    @property
    def pref(self) -> int:
        """Lower is more preferred: PREF=n (4.0), else TYPE=pref (3.0) counts as 1."""
        for raw in self.params.get("PREF", []):
            try:
                return max(1, min(int(raw), 100))
            except ValueError:
                return 1
        return 1 if "pref" in self.types else _NO_PREF


@dataclass(slots=True)
class Card:
    line: int  # physical line of BEGIN:VCARD
    number: int  # 1-based position among all cards
    properties: list[Property] = field(default_factory=list)
    damaged: bool = False  # control characters were taken out of a value
    repaired_lines: list[int] = field(default_factory=list)  # read as Windows-1252

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> Property | None:
        for p in self.properties:
            if p.name == name:
                return p
        return None


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            continue
        if ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def decode_quoted_printable(value: str, charset: str, file_codec: str = UTF8) -> str:
    """A quoted-printable value: its bytes in the CHARSET it names, else in the file's
    encoding with the R2 fallback; never a replacement character."""
    raw = quopri.decodestring(value.encode(UTF8))
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    if file_codec == CP1252:
        return decode_cp1252(raw)
    return decode_r2(raw)


def parse_property(line: str, file_codec: str = UTF8) -> Property | None:
    """'item1.EMAIL;type=INTERNET;type=pref:a@b.nl' → Property; None for a line without ':'."""
    quoted = False
    colon = -1
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            colon = i
            break
    if colon < 0:
        return None
    head, value = line[:colon], line[colon + 1 :]
    pieces = _split_unquoted(head, ";")
    name = pieces[0].strip().rsplit(".", 1)[-1].upper()
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        if "=" in piece:
            key, raw = piece.split("=", 1)
            key = key.strip().upper()
            values = [v.strip() for v in raw.split(",") if v.strip()]
        else:
            key, values = "TYPE", [piece.strip()]  # vCard 2.1: ;CELL;PREF
        params.setdefault(key, []).extend(values)
    if "QUOTED-PRINTABLE" in {v.upper() for v in params.get("ENCODING", [])}:
        value = decode_quoted_printable(value, (params.get("CHARSET") or [""])[0], file_codec)
    if name != "EMAIL":
        # NUL and other control characters are damage; an EMAIL keeps them so R4 rejects it.
        value = strip_controls(value)
    return Property(name, params, value)


def unescape(value: str) -> str:
    r"""Decode \n, \N, \, \; and \\ (RFC 6350 §3.4)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def split_escaped(value: str, separator: str) -> list[str]:
    r"""Split on each `separator` not escaped with a backslash, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def split_structured(value: str) -> list[str]:
    """Components of N or ADR: split on unescaped ';'."""
    return split_escaped(value, ";")


def _logical_lines(
    sniff: FileSniff, on_bytes: OnBytes = None, reader: LineReader | None = None
) -> Iterator[tuple[int, str]]:
    """(first physical line, unfolded line). Unfolding works on bytes, before decoding, since
    a fold may split a UTF-8 character: a break followed by a space or tab continues, and so
    does a quoted-printable soft line break (a value line ending in '=')."""
    reader = reader or sniff.reader()
    pending: list[bytes] = []
    pending_line = 0
    pending_size = 0
    quoted_printable = False
    for line_no, raw in enumerate(reader.byte_lines(), start=1):
        body = raw.rstrip(b"\r\n")
        if pending and quoted_printable and pending[-1].endswith(b"="):
            pending[-1] = pending[-1][:-1]  # the soft break's '=' is not part of the value
            pending.append(body)
            pending_size += len(body)
        elif pending and body[:1] in (b" ", b"\t"):
            pending.append(body[1:])
            pending_size += len(body)
        else:
            if pending:
                yield pending_line, reader.decode(b"".join(pending), pending_line)
            pending, pending_line, pending_size = [body], line_no, len(body)
            head = body.split(b":", 1)[0].upper()
            quoted_printable = b"QUOTED-PRINTABLE" in head
        if pending_size > MAX_FIELD_CHARS:
            raise ImportFileError(
                _("Line {line} of {path} is too long for a contact.").format(
                    line=pending_line, path=sniff.path
                )
            )
        if on_bytes is not None and line_no % 256 == 0:
            on_bytes(reader.bytes_read)
    if pending:
        yield pending_line, reader.decode(b"".join(pending), pending_line)


def iter_cards(sniff: FileSniff, on_bytes: OnBytes = None) -> Iterator[Card]:
    """Each BEGIN:VCARD…END:VCARD block; a card cut off by the next BEGIN or EOF still counts."""
    card: Card | None = None
    number = 0
    reader = sniff.reader()
    repaired = 0
    for line_no, line in _logical_lines(sniff, on_bytes, reader):
        if len(reader.repaired_lines) > repaired:
            if card is not None:
                card.repaired_lines.extend(reader.repaired_lines[repaired:])
            repaired = len(reader.repaired_lines)
        stripped = line.strip()
        upper = stripped.upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                yield card
            number += 1
            card = Card(line_no, number)
            continue
        if upper == "END:VCARD":
            if card is not None:
                yield card
            card = None
            continue
        if card is None or not stripped:
            continue
        prop = parse_property(line, sniff.codec)
        if prop is not None and prop.name != "EMAIL" and has_controls(line):
            card.damaged = True
        if prop is not None and len(card.properties) < _MAX_PROPERTIES:
            card.properties.append(prop)
    if card is not None:
        yield card
    if number == 0:
        raise ImportFileError(_("No vCard was found in {path}.").format(path=sniff.path))


def _preferred(props: list[Property]) -> list[Property]:
    """Most preferred first (lowest PREF, type=pref), otherwise in file order."""
    return sorted(props, key=lambda p: p.pref)  # sorted() is stable: ties keep file order


def is_group_card(card: Card) -> bool:
    for name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
        prop = card.first(name)
        if prop is not None and prop.value.strip().lower() == "group":
            return True
    return False


def _label(prop: Property) -> str:
    types = [t for t in prop.types if t not in ("pref", "internet", "voice", "x400")]
    return cf.cut(",".join(sorted(types)), cf.ENTRY_LABEL_LIMIT)


def card_to_record(card: Card, region: str) -> ContactRecord:
    """R3 for vCards: FN (or N), the preferred EMAIL and TEL, BDAY in its several forms."""
    record = ContactRecord(line=card.line)
    n_prop = card.first("N")
    parts = split_structured(n_prop.value) if n_prop else []
    parts += [""] * (5 - len(parts))
    family, given, additional = parts[:3]
    fn = card.first("FN")
    record.set_names(unescape(fn.value) if fn else "", given, additional, family)

    for prop in _preferred(card.all("EMAIL")):
        record.add_email(unescape(prop.value).strip(), _label(prop))

    for prop in _preferred(card.all("TEL")):
        raw = cf.cut(unescape(prop.value).strip(), cf.PHONE.limit)
        if not raw:
            continue
        record.add_phone(raw, to_e164(raw, region), _label(prop), fax="fax" in prop.types)

    bday = card.first("BDAY")
    written = unescape(bday.value).strip() if bday is not None else ""
    if bday is not None and written:
        if "text" not in {v.lower() for v in bday.params.get("VALUE", [])}:
            omit = bday.params.get("X-APPLE-OMIT-YEAR", [])
            omit_year = int(omit[0]) if omit and omit[0].isdigit() else None
            record.birthday = parse_birthday(written, omit_year=omit_year)
        if record.birthday is None:
            record.warn(WarningCode.BIRTHDAY_UNREADABLE, written)
    if card.damaged:
        record.warn(WarningCode.CONTROLS_REMOVED)
    for line in card.repaired_lines:
        record.warn(WarningCode.ENCODING_REPAIRED, str(line))

    if org := card.first("ORG"):
        record.company = cf.cut(clean_text(split_structured(org.value)[0]), cf.COMPANY.limit)
    if title := card.first("TITLE"):
        record.job_title = cf.cut(clean_text(unescape(title.value)), cf.JOB_TITLE.limit)
    if adr := card.first("ADR"):
        pieces = [p.strip() for p in split_structured(adr.value)]
        pieces += [""] * (7 - len(pieces))
        _box, extended, street, city, region_part, postal, country = pieces[:7]
        lines = [street, extended, f"{postal} {city}".strip(), region_part, country]
        record.address = cf.cut("\n".join(p for p in lines if p), cf.ADDRESS.limit)
    if url := card.first("URL"):
        record.website = cf.cut(unescape(url.value).strip(), cf.WEBSITE.limit)
    notes = [unescape(p.value).strip() for p in card.all("NOTE")]
    record.notes = cf.cut("\n\n".join(n for n in notes if n), cf.NOTES.limit)
    for prop in card.all("CATEGORIES"):
        for part in _split_categories(prop.value):
            tag = cf.cut(clean_text(part), cf.TAGS.limit)
            if tag and tag.casefold() not in {t.casefold() for t in record.tags}:
                record.tags.append(tag)
    if source := card.first("X-CRM-LEAD-SOURCE"):
        record.lead_source = cf.cut(clean_text(unescape(source.value)), cf.LEAD_SOURCE.limit)
    if stage := card.first("X-CRM-STAGE"):
        try:
            record.stage = parse_stage(unescape(stage.value)).value
        except ValueError:
            pass
    for prop in card.all("X-CRM-CUSTOM"):
        pieces = split_structured(prop.value)
        if len(pieces) >= 2 and pieces[0].strip():
            record.custom.append(
                (pieces[0][:MAX_HEADER_CHARS], ";".join(pieces[1:])[:MAX_STORED_CHARS])
            )
    return record


def _split_categories(value: str) -> list[str]:
    r"""CATEGORIES is a comma list where '\,' is a literal comma."""
    return split_escaped(value, ",")


def read_vcards(sniff: FileSniff, region: str, on_bytes: OnBytes = None) -> Iterator[ReadItem]:
    for card in iter_cards(sniff, on_bytes):
        if is_group_card(card):
            yield SkippedItem(card.line, "non_contact")
        else:
            yield card_to_record(card, region)
