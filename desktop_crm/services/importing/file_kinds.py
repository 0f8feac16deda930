"""Recognising files that are not contact lists by their first bytes (and, for zip-based
formats, by what the archive holds), so a refusal can say what the file is."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop_crm.i18n import N_

XLSX = "xlsx"
ODS = "ods"

# Magic numbers of common files a user may drop by mistake → what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", N_("a PDF document")),
    (b"\x89PNG\r\n\x1a\n", N_("a picture")),
    (b"\xff\xd8\xff", N_("a picture")),
    (b"GIF87a", N_("a picture")),
    (b"GIF89a", N_("a picture")),
    (b"II*\x00", N_("a picture")),
    (b"MM\x00*", N_("a picture")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Office file (Excel 97-2003 or Word)")),
    (b"SQLite format 3\x00", N_("a database file")),
    (b"\x1f\x8b", N_("a compressed archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a compressed archive")),
    (b"Rar!\x1a\x07", N_("a compressed archive")),
    (b"{\\rtf", N_("a text document (RTF)")),
)


def _zip_kind(path: Path) -> str:
    """What a zip container is: a workbook we read, or another document or archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = ""
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return N_("a compressed archive")
    if "xl/workbook.xml" in names:
        return XLSX
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
        return ODS
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        return N_("an Apple Numbers, Pages or Keynote file; export it as CSV first")
    if "word/document.xml" in names or mimetype.startswith("application/vnd.oasis.opendocument"):
        return N_("a text document")
    if "ppt/presentation.xml" in names:
        return N_("a presentation")
    return N_("a compressed archive")


def binary_kind(path: Path, head: bytes) -> str | None:
    """XLSX or ODS for a workbook we can read; a description for any other known binary
    file; None when the file may be text."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"AVI ", b"WAVE"):
        return N_("a picture") if head[8:12] == b"WEBP" else N_("a sound or video file")
    if head[4:8] == b"ftyp":
        return (
            N_("a picture")
            if head[8:12] in (b"heic", b"heix", b"avif")
            else N_("a sound or video file")
        )
    if head[:3] == b"ID3":
        return N_("a sound or video file")
    return None


_CALENDAR = re.compile(r"^\s*BEGIN:VCALENDAR", re.IGNORECASE)
_LDIF = re.compile(r"^(version:\s*1\s*\n)?dn:", re.IGNORECASE)
_HTML = re.compile(r"^\s*(<!doctype html|<html)", re.IGNORECASE)
_XML = re.compile(r"^\s*<\?xml", re.IGNORECASE)
_JSON = re.compile(r"^\s*[\[{]\s*[\"\[{]")


def text_kind(sample: str) -> str | None:
    """A description of a text file that is not a contact list, or None."""
    text = sample.lstrip("\ufeff")
    if _CALENDAR.match(text):
        return N_("a calendar (iCalendar)")
    if _LDIF.match(text.lstrip()):
        return N_("an LDIF address book; export it as vCard or CSV first")
    if _HTML.match(text):
        return N_("a web page")
    if _XML.match(text):
        return N_("an XML document")
    if _JSON.match(text):
        return N_("a JSON document")
    return None
