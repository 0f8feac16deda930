"""Bytes to text for import (R2): the file's encoding decided once, physical lines split the
way a universal-newline reader splits them, and each line decoded on its own so that one
odd line is repaired (and reported) instead of mangling the whole file."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing.limits import MAX_LINE_BYTES

# Codec names used in FileSniff.codec.
UTF8 = "utf-8"
CP1252 = "cp1252"
MIXED = "utf-8+cp1252"  # UTF-8, with the few lines that are not UTF-8 read as Windows-1252
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
UTF16 = "utf-16"  # with a BOM

_CHUNK = 1024 * 1024
_LONE_CR = re.compile(rb"\r(?!\n)")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    """Windows-1252 leaves five bytes undefined; they become the same code point, never U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1"), error.end


codecs.register_error("desktop-crm-latin1", _latin1_for_undefined)


def decode_cp1252(raw: bytes) -> str:
    return raw.decode(CP1252, errors="desktop-crm-latin1")


def decode_r2(raw: bytes) -> str:
    """R2 for a piece of bytes: UTF-8 when it is valid UTF-8, Windows-1252 when not."""
    try:
        return raw.decode(UTF8)
    except UnicodeDecodeError:
        return decode_cp1252(raw)


def strip_controls(text: str) -> str:
    """Control characters (NUL, ESC, BEL …) removed; tab and line breaks kept."""
    return _CONTROLS.sub("", text) if text else text


def has_controls(text: str) -> bool:
    return bool(text) and _CONTROLS.search(text) is not None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM shows as a zero byte in every other position (ASCII-heavy
    text such as a vCard or a CSV header); which half is zero tells the byte order."""
    sample = head[: min(len(head), 4096) & ~1]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    zero_even = even.count(0) / len(even)
    zero_odd = odd.count(0) / len(odd)
    if zero_even > 0.6 and zero_odd < 0.1:
        return UTF16_BE
    if zero_odd > 0.6 and zero_even < 0.1:
        return UTF16_LE
    return None


class CountingReader(io.RawIOBase):
    """A binary reader that counts the bytes handed out, for progress reports."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _split_lone_cr(line: bytes) -> list[bytes]:
    """A bare CR (old Mac files) ends a line too, as in Python's universal newlines."""
    if b"\r" not in line or not _LONE_CR.search(line):
        return [line]
    parts: list[bytes] = []
    start = 0
    for match in _LONE_CR.finditer(line):
        parts.append(line[start : match.end()])
        start = match.end()
    if start < len(line):
        parts.append(line[start:])
    return parts


@dataclass
class LineReader:
    """Physical lines of a text file as UTF-8 or single-byte bytes, each with its line end.

    UTF-16 files are transcoded to UTF-8 first, so every later step works on bytes in
    which a line break is one byte and a vCard fold can be removed before decoding."""

    path: Path
    codec: str
    skip: int = 0  # BOM bytes
    repaired_lines: list[int] = field(default_factory=list)  # lines read as Windows-1252
    _counter: CountingReader | None = None

    @property
    def bytes_read(self) -> int:
        return self._counter.bytes_read if self._counter is not None else 0

    def byte_lines(self) -> Iterator[bytes]:
        counter = CountingReader(open(self.path, "rb"))
        self._counter = counter
        with io.BufferedReader(counter, buffer_size=256 * 1024) as handle:
            handle.read(self.skip)
            if self.codec in (UTF16, UTF16_LE, UTF16_BE):
                text = io.TextIOWrapper(handle, encoding=self.codec, newline="")
                try:
                    for text_line in text:
                        yield text_line.lstrip("\ufeff").encode(UTF8, errors="surrogatepass")
                except UnicodeDecodeError as exc:
                    raise ImportFileError(
                        _("{path} is not a text file.").format(path=self.path)
                    ) from exc
                return
            while line := handle.readline(MAX_LINE_BYTES + 1):
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    raise ImportFileError(
                        _("{path} has a line longer than {limit} MB.").format(
                            path=self.path, limit=MAX_LINE_BYTES // (1024 * 1024)
                        )
                    )
                yield from _split_lone_cr(line)

    def decode(self, raw: bytes, line_no: int) -> str:
        """One line (or one unfolded vCard line) as text; never a replacement character.
        A line that is not UTF-8 in a UTF-8 file is read as Windows-1252 and remembered."""
        if self.codec == CP1252:
            return decode_cp1252(raw)
        try:
            return raw.decode(UTF8)
        except UnicodeDecodeError:
            self.repaired_lines.append(line_no)
            return decode_cp1252(raw)

    def text_lines(self) -> Iterator[str]:
        """Decoded physical lines with their line ends (what csv.reader wants)."""
        for line_no, raw in enumerate(self.byte_lines(), start=1):
            yield self.decode(raw, line_no)


def _unfolded(lines: Iterator[bytes]) -> Iterator[bytes]:
    """vCard logical lines on bytes: a line break followed by a space or tab continues."""
    pending = b""
    for raw in lines:
        if pending and raw[:1] in (b" ", b"\t"):
            pending = pending.rstrip(b"\r\n") + raw[1:]
            continue
        if pending:
            yield pending
        pending = raw
    if pending:
        yield pending


def choose_encoding(path: Path, skip: int, *, vcard: bool) -> tuple[str, str]:
    """(codec, name for people) of a file that is not UTF-16.

    Valid UTF-8 (after unfolding, for a vCard: a fold may split a character) is UTF-8.
    Otherwise R2 says Windows-1252, unless the file is plainly UTF-8 with a few odd lines
    (at least as many lines with valid UTF-8 letters as broken lines): then those lines alone are
    read as Windows-1252, and reported."""
    if _is_valid_utf8(path, skip):
        return UTF8, "UTF-8"
    reader = LineReader(path, UTF8, skip)
    lines: Iterator[bytes] = reader.byte_lines()
    if vcard:
        lines = _unfolded(lines)
    good = bad = 0
    for raw in lines:
        if raw.isascii():
            continue
        try:
            raw.decode(UTF8)
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if bad == 0:
        return UTF8, "UTF-8"
    if good >= bad:
        return MIXED, "UTF-8"
    return CP1252, "Windows-1252"


def _is_valid_utf8(path: Path, skip: int) -> bool:
    """Checks the whole file without holding it: an incremental decode, output dropped."""
    decoder = codecs.getincrementaldecoder(UTF8)()
    with open(path, "rb") as handle:
        handle.seek(skip)
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True
