"""What kind of file this is: size, binary or text, encoding (R2) and CSV or vCard."""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing.limits import MAX_FILE_BYTES, SNIFF_BYTES

if TYPE_CHECKING:
    from typing_extensions import Buffer  # collections.abc.Buffer arrives in Python 3.12

CSV = "csv"
VCARD = "vcard"

# Told how many bytes of the file have been read so far (for a progress bar).
OnBytes = Callable[[int], None]

_CHUNK = 1024 * 1024
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1a")  # \x1a: old DOS end-of-file marker


@dataclass(frozen=True)
class FileSniff:
    path: Path
    size: int
    codec: str  # the Python codec that reads the text (utf-8-sig strips the BOM)
    encoding: str  # for people: "UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-16"
    kind: str  # CSV or VCARD


class CountingReader(io.RawIOBase):
    """A binary reader that counts the bytes handed out, for progress reports."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._raw.read(len(view))
        n = len(data)
        view[:n] = data
        self.bytes_read += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(sniff: FileSniff) -> tuple[TextIO, CountingReader]:
    """The file as text with every line break kept (newline=''), and its byte counter."""
    counter = CountingReader(open(sniff.path, "rb"))
    errors = "replace" if sniff.codec == "cp1252" else "strict"
    text = io.TextIOWrapper(
        io.BufferedReader(counter, buffer_size=256 * 1024),
        encoding=sniff.codec,
        errors=errors,
        newline="",
    )
    return text, counter


def _is_valid_utf8(path: Path, skip: int) -> bool:
    """Checks the whole file without holding it: an incremental decode, output dropped."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        handle.seek(skip)
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > max(8, len(head) // 100)


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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with a BOM.
        codec, encoding, skip = "utf-16", "UTF-16", 2
        try:
            sample = head[: len(head) - (len(head) % 2)].decode("utf-16", errors="strict")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("{path} is not a text file.").format(path=file_path)) from exc
    else:
        if head.startswith(b"PK\x03\x04"):
            raise ImportFileError(
                _(
                    "{path} is a workbook or an archive, not a CSV file; save it as CSV first."
                ).format(path=file_path)
            )
        if _looks_binary(head):
            raise ImportFileError(_("{path} is not a text file.").format(path=file_path))
        bom = head.startswith(codecs.BOM_UTF8)
        skip = 3 if bom else 0
        if _is_valid_utf8(file_path, skip):
            codec, encoding = ("utf-8-sig", "UTF-8 with BOM") if bom else ("utf-8", "UTF-8")
        else:
            codec, encoding = "cp1252", "Windows-1252"
        sample = head[skip:].decode(codec.replace("-sig", ""), errors="replace")
    first = sample.lstrip("\ufeff \t\r\n")[:11].upper()
    if first.startswith("BEGIN:VCARD"):
        kind = VCARD
    elif file_path.suffix.lower() in (".vcf", ".vcard"):
        kind = VCARD
    else:
        kind = CSV
    return FileSniff(path=file_path, size=size, codec=codec, encoding=encoding, kind=kind)
