"""What kind of file this is: size, encoding (R2) and CSV, vCard or spreadsheet; any other
kind of file (a calendar, a PDF, a picture …) is named in a one-line refusal."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing import decoding
from desktop_crm.services.importing.decoding import LineReader
from desktop_crm.services.importing.file_kinds import binary_kind, text_kind
from desktop_crm.services.importing.limits import MAX_FILE_BYTES, SNIFF_BYTES

CSV = "csv"
VCARD = "vcard"
XLSX = "xlsx"
ODS = "ods"
SPREADSHEETS = (XLSX, ODS)

_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1a")  # \x1a: old DOS end-of-file marker


@dataclass(frozen=True)
class FileSniff:
    path: Path
    size: int
    codec: str  # a decoding.* codec name; "" for a spreadsheet
    encoding: str  # for people: "UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-16"
    kind: str  # CSV, VCARD, XLSX or ODS
    skip: int = 0  # bytes of a byte-order mark

    def reader(self) -> LineReader:
        """A fresh reader of the file's physical lines."""
        return LineReader(self.path, self.codec, self.skip)


def _looks_binary(head: bytes) -> bool:
    # A NUL or two in a long text is damage, not a binary file; the reader strips them.
    if head.count(0) > max(2, len(head) // 1000):
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > max(8, len(head) // 100)


def _refuse_kind(path: Path, what: str | None) -> None:
    if what is not None:
        raise ImportFileError(
            _("{path} is {what}, not a contact list.").format(path=path, what=_(what))
        )


def sniff_file(path: str | os.PathLike) -> FileSniff:
    """Size, encoding and kind of `path`; ImportFileError when it cannot be a contact file."""
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
        if not file_path.is_file():
            raise ImportFileError(_("{path} is not a file.").format(path=file_path))
        with open(file_path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise ImportFileError(
            _("{path} cannot be read: {reason}").format(path=file_path, reason=exc.strerror or exc)
        ) from exc
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("{path} is larger than {limit} MB; split it into smaller files.").format(
                path=file_path, limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        )
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError(_("{path} is empty.").format(path=file_path))
    kind = binary_kind(file_path, head)
    if kind in SPREADSHEETS:
        return FileSniff(file_path, size, "", kind.upper(), kind)
    _refuse_kind(file_path, kind)

    if head.startswith(codecs.BOM_UTF16_LE):
        codec, encoding, skip = decoding.UTF16_LE, "UTF-16", 2
    elif head.startswith(codecs.BOM_UTF16_BE):
        codec, encoding, skip = decoding.UTF16_BE, "UTF-16", 2
    elif found := decoding.utf16_without_bom(head):
        codec, encoding, skip = found, "UTF-16", 0
    else:
        codec, encoding, skip = "", "", 0
    if codec:
        usable = head[skip:]
        sample = usable[: len(usable) & ~1].decode(codec, errors="replace")
    else:
        if _looks_binary(head):
            raise ImportFileError(_("{path} is not a text file.").format(path=file_path))
        skip = 3 if head.startswith(codecs.BOM_UTF8) else 0
        sample = decoding.decode_r2(head[skip:])
    _refuse_kind(file_path, text_kind(sample))
    first = sample.lstrip("\ufeff \t\r\n")[:11].upper()
    if first.startswith("BEGIN:VCARD") or file_path.suffix.lower() in (".vcf", ".vcard"):
        kind = VCARD
    else:
        kind = CSV
    if not codec:
        codec, encoding = decoding.choose_encoding(file_path, skip, vcard=kind == VCARD)
        if skip and encoding == "UTF-8":
            encoding = "UTF-8 with BOM"
    return FileSniff(file_path, size, codec, encoding, kind, skip)
