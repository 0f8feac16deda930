"""Exports: CSV (Excel-safe), vCard 4.0 and iCalendar, written atomically to a file.

export_contacts(path, "csv" | "vcf" | "ics", clock=clock, contact_ids=None) -> ExportResult
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.errors import UserError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.exporting.csv_export import neutralise, write_csv
from desktop_crm.services.exporting.guard import refuse_own_files
from desktop_crm.services.exporting.ical_export import write_calendar
from desktop_crm.services.exporting.rows import custom_keys, iter_contacts
from desktop_crm.services.exporting.vcard_export import write_vcards

_T = TypeVar("_T")

FORMATS = ("csv", "vcf", "ics")
PROGRESS_EVERY = 200  # contacts between progress reports: often enough for a smooth bar


class ExportCancelled(UserError):
    """The user cancelled a running export; no file was written."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__(_("The export was cancelled; no file was written."))


_EXTENSIONS = {".csv": "csv", ".vcf": "vcf", ".vcard": "vcf", ".ics": "ics", ".ical": "ics"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    contacts: int
    events: int = 0  # iCalendar only


def format_for_path(path: str | os.PathLike) -> str | None:
    """The export format a file name suggests, or None."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def export_contacts(
    path: str | os.PathLike,
    fmt: str,
    *,
    clock: Clock | None = None,
    contact_ids: list[int] | set[int] | None = None,
    include_archived: bool = False,
    protected: Iterable[str | os.PathLike] = (),
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the contacts to `path` in `fmt`; the file appears whole or not at all.

    `protected` names further files or folders never to write over or into (the
    data folder's backups); the open database and its journal files always are.
    `progress(done)` hears how many contacts were written so far; when `cancelled()`
    turns true the export stops with ExportCancelled and the target is left untouched."""
    clock = clock or SystemClock()
    fmt = fmt.lower().lstrip(".")
    if fmt == "vcard":
        fmt = "vcf"
    if fmt not in FORMATS:
        raise ValidationError(
            _("Unknown export format {format}; use csv, vcf or ics.").format(format=fmt),
            field="format",
        )
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(_("The folder {folder} does not exist.").format(folder=folder))
    refuse_own_files(target, protected)
    contacts: Iterable = iter_contacts(contact_ids, include_archived=include_archived)
    if progress is not None or cancelled is not None:
        contacts = _watched(contacts, progress, cancelled)
    wanted = set(contact_ids) if contact_ids is not None else None
    # A temporary file beside the target, renamed at the end: no half-written export.
    fd, temp_name = tempfile.mkstemp(prefix=".export-", dir=folder)
    events = 0
    try:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            if fmt == "csv":
                count = write_csv(handle, contacts, custom_keys())
            elif fmt == "vcf":
                count = write_vcards(handle, contacts)
            else:
                count = 0
                counted = _Counting(contacts)
                events = write_calendar(handle, counted, clock.now(), wanted)
                count = counted.count
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise ValidationError(
            _("{path} cannot be written: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return ExportResult(path=target, format=fmt, contacts=count, events=events)


def _watched(
    items: Iterable,
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator:
    for done, item in enumerate(items):
        if done % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(done)
        yield item


class _Counting(Generic[_T]):
    """Hands out the items and counts them, so a streamed export knows how many it wrote."""

    def __init__(self, items: Iterable[_T]):
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[_T]:
        for item in self._items:
            self.count += 1
            yield item


__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportResult",
    "export_contacts",
    "format_for_path",
    "neutralise",
]
