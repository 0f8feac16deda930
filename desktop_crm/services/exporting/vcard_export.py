"""vCard 4.0 export (RFC 6350) that our own importer reads back to the same contacts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import quote

from desktop_crm import __version__
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.services.exporting.rows import ExportContact

_TYPE_SAFE = re.compile(r"[^a-z0-9-]+")


def escape(value: str) -> str:
    """Text value escaping (RFC 6350 §3.4); control characters never reach the file."""
    return (
        strip_controls(value.replace("\\", "\\\\"), multiline=True)
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def uri(value: str) -> str:
    """A URI value: control characters and spaces percent-encoded, so it stays one line."""
    return "".join(
        quote(ch, safe="") if ch == " " or strip_controls(ch) != ch else ch for ch in value
    )


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued by CRLF and a space, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _types(label: str) -> str:
    kinds = [t for t in (_TYPE_SAFE.sub("", p.lower()) for p in re.split(r"[,;/ ]", label)) if t]
    return f";TYPE={','.join(kinds)}" if kinds else ""


def _bday(contact: ExportContact) -> str | None:
    b = contact.birthday
    if b is None:
        return None
    if b.year is None:
        return f"--{b.month:02d}{b.day:02d}"
    return f"{b.year:04d}{b.month:02d}{b.day:02d}"


def card_lines(c: ExportContact) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:-//Desktop CRM {__version__}//EN"]
    lines.append(f"UID:urn:x-desktop-crm:contact:{c.id}")
    lines.append(f"FN:{escape(c.full_name)}")
    lines.append(
        "N:" + ";".join(escape(p) for p in (c.family_name, c.given_name, c.middle_name, "", ""))
    )
    if c.company:
        lines.append(f"ORG:{escape(c.company)}")
    if c.job_title:
        lines.append(f"TITLE:{escape(c.job_title)}")
    for i, (email, label) in enumerate(c.emails):
        lines.append(f"EMAIL{';PREF=1' if i == 0 else ''}{_types(label)}:{escape(email)}")
    for i, (raw, e164, label) in enumerate(c.phones):
        pref = ";PREF=1" if i == 0 else ""
        if e164:
            lines.append(f"TEL;VALUE=uri{pref}{_types(label)}:tel:{e164}")
        else:
            lines.append(f"TEL;VALUE=text{pref}{_types(label)}:{escape(raw)}")
    for raw, e164, _label in c.faxes:
        lines.append(
            f"TEL;VALUE=uri;TYPE=fax:tel:{e164}" if e164 else f"TEL;TYPE=fax:{escape(raw)}"
        )
    if bday := _bday(c):
        lines.append(f"BDAY:{bday}")
    if c.address:
        # Our address is free text: it goes whole into the street component.
        lines.append(f"ADR:;;{escape(c.address)};;;;")
    if c.website:
        # A URI is not escaped like text (RFC 6350 §5.2) but may hold no line break at all.
        lines.append(f"URL:{uri(c.website)}")
    if c.notes:
        lines.append(f"NOTE:{escape(c.notes)}")
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in c.tags))
    if c.stage:
        lines.append(f"X-CRM-STAGE:{escape(c.stage)}")
    if c.lead_source:
        lines.append(f"X-CRM-LEAD-SOURCE:{escape(c.lead_source)}")
    for key, value in c.custom:
        lines.append(f"X-CRM-CUSTOM:{escape(key)};{escape(value)}")
    lines.append("END:VCARD")
    return lines


def write_vcards(handle: TextIO, contacts: Iterable[ExportContact]) -> int:
    """Write every contact as a card; `handle` is opened with newline='' (CRLF is ours)."""
    count = 0
    for contact in contacts:
        handle.write("".join(fold(line) for line in card_lines(contact)))
        count += 1
    return count
