"""The import use case: a preview that classifies every row, and a run that writes the
created contacts in one transaction with progress and cancel (cancel leaves no trace)."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.local_time import to_utc_naive
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.domain.stages import Stage
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.custom_fields import define_field, defined_fields
from desktop_crm.services.importing import hubspot
from desktop_crm.services.importing.gc_pause import holding_full_collections
from desktop_crm.services.importing.header_maps import detect_flavour
from desktop_crm.services.importing.merging import merge_into
from desktop_crm.services.importing.planner import (
    Action,
    Classification,
    Classifier,
    RowStatus,
    Target,
    load_existing_index,
)
from desktop_crm.services.importing.records import ContactRecord, SkippedItem, summary_of
from desktop_crm.services.importing.search_build import index_pending
from desktop_crm.services.importing.source import ImportSource, open_import
from desktop_crm.services.importing.writer import ContactWriter, scrub_record, serialise_imports
from desktop_crm.store import models as m
from desktop_crm.store.database import refresh_statistics, write_transaction
from desktop_crm.store.models import database_proxy

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # records between progress reports and cancel checks


class ImportCancelled(UserError):
    """The user cancelled a running import; the transaction was rolled back."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was changed."))


@dataclass(frozen=True)
class ImportProgress:
    records: int
    bytes_read: int
    bytes_total: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.bytes_read / self.bytes_total) if self.bytes_total else 1.0


ProgressCallback = Callable[[ImportProgress], None]
CancelCheck = Callable[[], bool]


@dataclass
class PlannedRow:
    """One record as the wizard's preview shows it."""

    line: int
    status: RowStatus
    action: Action
    record: ContactRecord
    reason: str | None = None
    value: str | None = None
    duplicate_of_line: int | None = None
    duplicate_of_contact_id: int | None = None
    contact_id: int | None = None  # set by a real run for created rows


@dataclass
class ImportReport:
    file: str
    format: str
    flavour: str
    encoding: str
    delimiter: str | None
    header_line: int | None
    dry_run: bool = False
    batch_id: int | None = None
    records_total: int = 0
    contacts_created: int = 0
    skipped_exact_duplicates: int = 0
    flagged_possible_duplicates: int = 0
    rejected: int = 0
    merged: int = 0
    skipped_by_choice: int = 0
    blank_rows_ignored: int = 0
    non_contact_records_ignored: int = 0
    carries_hubspot: bool = False
    rejected_rows: list[dict] = field(default_factory=list)
    # The created rows as plain tuples; `created` makes the report's dicts when asked.
    created_rows: list[tuple] = field(default_factory=list, repr=False)
    exact_duplicates: list[dict] = field(default_factory=list)
    possible_duplicates: list[dict] = field(default_factory=list)
    # Per row, what was dropped or could not be read: {"line", "code", "value"}.
    row_warnings: list[dict] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def created(self) -> list[dict]:
        """Each created contact's normalised fields and id (the `created` of `--json`)."""
        entries = []
        for line, name, email, phone, birthday, contact_id, lifecycle, status in self.created_rows:
            entry = summary_of(line, name, email, phone, birthday)
            entry["id"] = contact_id
            if self.carries_hubspot:
                entry["lifecycle_stage"] = lifecycle
                entry["lead_status"] = status
            entries.append(entry)
        return entries

    def to_json(self) -> dict:
        """The `import --json` object."""
        return {
            "file": self.file,
            "format": self.format,
            "flavour": self.flavour,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_line": self.header_line,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "records_total": self.records_total,
            "contacts_created": self.contacts_created,
            "skipped_exact_duplicates": self.skipped_exact_duplicates,
            "flagged_possible_duplicates": self.flagged_possible_duplicates,
            "rejected": self.rejected,
            "merged": self.merged,
            "skipped_by_choice": self.skipped_by_choice,
            "blank_rows_ignored": self.blank_rows_ignored,
            "non_contact_records_ignored": self.non_contact_records_ignored,
            "rejected_rows": self.rejected_rows,
            "exact_duplicates": self.exact_duplicates,
            "possible_duplicates": self.possible_duplicates,
            "created": self.created,
            "row_warnings": self.row_warnings,
        }


@dataclass
class ImportPreview:
    report: ImportReport
    rows: list[PlannedRow]


def _default_action(status: RowStatus) -> Action:
    if status in (RowStatus.NEW, RowStatus.POSSIBLE_DUPLICATE):
        return Action.CREATE
    return Action.SKIP


def _stage_of(record: ContactRecord) -> str:
    if record.stage:
        return record.stage
    if record.lifecycle_stage:
        return hubspot.our_stage(record.lifecycle_stage).value
    return Stage.LEAD.value


def _storage_now(clock: Clock) -> datetime:
    return to_utc_naive(clock.now())


class _Walk:
    """One pass over the file: classify each record and hand created ones to the writer."""

    def __init__(
        self,
        source: ImportSource,
        report: ImportReport,
        classifier: Classifier,
        writer: ContactWriter | None,
        *,
        decisions: Mapping[int, Action | str],
        replacements: Mapping[int, ContactRecord],
        progress: ProgressCallback | None,
        cancel: CancelCheck | None,
        keep_rows: bool,
    ):
        self.source = source
        self.report = report
        self.classifier = classifier
        self.writer = writer
        self.decisions = decisions
        self.replacements = replacements
        self.progress = progress
        self.cancel = cancel
        self.keep_rows = keep_rows
        self.rows: list[PlannedRow] = []
        self.merges: list[tuple[int, ContactRecord]] = []
        self.bytes_read = 0

    def _on_bytes(self, n: int) -> None:
        self.bytes_read = n

    def expected_records(self) -> int:
        """How many records the whole file holds, judged by the part read so far."""
        done = self.report.records_total
        if not self.bytes_read:
            return done
        return max(done, done * self.source.sniff.size // self.bytes_read)

    def _tick(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(
                ImportProgress(self.report.records_total, self.bytes_read, self.source.sniff.size)
            )

    def run(self) -> None:
        report = self.report
        for item in self.source.items(self._on_bytes):
            if isinstance(item, SkippedItem):
                if item.kind == "blank":
                    report.blank_rows_ignored += 1
                else:
                    report.non_contact_records_ignored += 1
                continue
            record = item
            if record.line in self.replacements:
                record = self.replacements[record.line]
                record.line = item.line
            report.records_total += 1
            record = scrub_record(record)
            self._one(record, self.classifier.classify(record))
            if report.records_total % PROGRESS_EVERY == 0:
                self._tick()
        self.bytes_read = self.source.sniff.size
        self._tick()

    def _one(self, record: ContactRecord, found: Classification) -> None:
        report = self.report
        action = _default_action(found.status)
        chosen = self.decisions.get(record.line)
        if chosen is not None and found.status != RowStatus.REJECTED:
            action = Action(chosen)
            if action == Action.MERGE and found.target is None:
                action = Action.CREATE  # nothing to merge into
        target = found.target
        reason = found.reason.value if found.reason else None
        # Only the wizard's preview keeps the rows; a run makes none (100,000 objects).
        row = (
            PlannedRow(
                record.line,
                found.status,
                action,
                record,
                reason=reason,
                value=found.value,
                duplicate_of_line=target.line if target else None,
                duplicate_of_contact_id=target.contact_id if target else None,
            )
            if self.keep_rows
            else None
        )
        if record.warnings:
            report.row_warnings.extend(w.to_json(record.line) for w in record.warnings)
        if found.status == RowStatus.REJECTED:
            report.rejected += 1
            report.rejected_rows.append(
                {"line": record.line, "reason": reason, "value": found.value}
            )
        elif found.status == RowStatus.EXACT_DUPLICATE:
            report.exact_duplicates.append(self._dup_entry(record.line, target))
        elif found.status == RowStatus.POSSIBLE_DUPLICATE:
            report.possible_duplicates.append(self._dup_entry(record.line, target))

        if found.status != RowStatus.REJECTED:
            if action == Action.CREATE:
                self._create(record, row, target)
            elif action == Action.MERGE:
                report.merged += 1
                if found.status == RowStatus.EXACT_DUPLICATE:
                    report.skipped_exact_duplicates += 1
                if target is not None and target.contact_id is not None:
                    self.merges.append((target.contact_id, record))
            elif found.status == RowStatus.EXACT_DUPLICATE:
                report.skipped_exact_duplicates += 1
            else:
                report.skipped_by_choice += 1
        if row is not None:
            self.rows.append(row)

    def _dup_entry(self, line: int, target: Target | None) -> dict:
        return {
            "line": line,
            "duplicate_of_line": target.line if target else None,
            "duplicate_of_id": target.contact_id if target else None,
        }

    def _create(self, record: ContactRecord, row: PlannedRow | None, target: Target | None) -> None:
        report = self.report
        contact_id = self.writer.allocate_id() if self.writer is not None else None
        flagged_of = target.contact_id if target is not None else None
        if target is not None:
            report.flagged_possible_duplicates += 1
        if self.writer is not None and contact_id is not None:
            self.writer.add(
                record, contact_id, stage=_stage_of(record), possible_duplicate_of=flagged_of
            )
        self.classifier.created(record, Target(record.line, contact_id))
        if row is not None:
            row.contact_id = contact_id
        report.contacts_created += 1
        report.created_rows.append(
            (
                record.line,
                record.full_name,
                record.primary_email,
                record.phone_e164,
                record.birthday,
                contact_id,
                record.lifecycle_stage,
                record.lead_status,
            )
        )


def _new_report(source: ImportSource, dry_run: bool) -> ImportReport:
    info_flavour = "vcard"
    if source.header is not None:
        info_flavour = detect_flavour(source.header.headers)
    return ImportReport(
        file=source.path,
        format=source.format,
        flavour=info_flavour,
        encoding=source.sniff.encoding,
        delimiter=source.header.delimiter if source.header else None,
        header_line=source.header.line if source.header else None,
        dry_run=dry_run,
        carries_hubspot=source.carries_hubspot,
    )


# An import this large changes the tables enough for the query planner to need new figures.
STATISTICS_AFTER = 1_000


def _database_open() -> bool:
    return database_proxy.obj is not None


@holding_full_collections
def preview_import(
    source: ImportSource,
    *,
    decisions: Mapping[int, Action | str] | None = None,
    replacements: Mapping[int, ContactRecord] | None = None,
    check_database: bool = True,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ImportPreview:
    """Classify every row (new, exact duplicate, possible duplicate, rejected) without writing."""
    report = _new_report(source, dry_run=True)
    existing = load_existing_index() if check_database and _database_open() else None
    walk = _Walk(
        source,
        report,
        Classifier(existing),
        None,
        decisions=decisions or {},
        replacements=replacements or {},
        progress=progress,
        cancel=cancel,
        keep_rows=True,
    )
    walk.run()
    walk.classifier.release()
    return ImportPreview(report, walk.rows)


def define_custom_fields(names: Iterable[str]) -> None:
    """Define each custom field not defined yet (in the caller's transaction)."""
    known = {name.casefold() for name in defined_fields()}
    for name in names:
        text = " ".join(name.split())
        if text and text.casefold() not in known:
            known.add(define_field(text).casefold())


def _backup_before_import(clock: Clock) -> None:
    """A backup first, when the backup service offers one (it is built separately)."""
    try:
        module = importlib.import_module("desktop_crm.services.backup")
    except ModuleNotFoundError:
        return
    backup_before = getattr(module, "backup_before", None)
    if callable(backup_before):
        backup_before("before_import", clock=clock)


@holding_full_collections
def run_import(
    source: ImportSource,
    *,
    lead_source: str = "",
    tags: Iterable[str] = (),
    decisions: Mapping[int, Action | str] | None = None,
    replacements: Mapping[int, ContactRecord] | None = None,
    dry_run: bool = False,
    check_database: bool = True,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    clock: Clock | None = None,
    backup: bool = True,
    define_fields: Iterable[str] = (),
    index_search: bool = True,
) -> ImportReport:
    """Import `source` in one transaction: everything or, on an error or cancel, nothing.

    `decisions` maps a record's line to create/skip/merge (default: create new and possible
    duplicates, skip exact ones); `replacements` maps a line to a record fixed by the user;
    `define_fields` are custom fields the user made in the mapping, defined by this import;
    `index_search=False` leaves the new contacts' search index to `index_pending` (the
    window builds it in the background; the search finds them meanwhile)."""
    clock = clock or SystemClock()
    tag_list = [t.strip() for t in tags if t and t.strip()]
    if dry_run:
        return preview_import(
            source,
            decisions=decisions,
            replacements=replacements,
            check_database=check_database,
            progress=progress,
            cancel=cancel,
        ).report
    if backup:
        _backup_before_import(clock)
    report = _new_report(source, dry_run=False)
    now = _storage_now(clock)
    with write_transaction() as db:
        serialise_imports(db)  # before the duplicate check below reads the contacts
        batch = m.ImportBatch.create(
            file_name=os.path.basename(source.path),
            file_format=report.flavour if report.format == "csv" else "vcard",
            lead_source=lead_source,
            tags=",".join(tag_list),
            created_at=now,
        )
        define_custom_fields(define_fields)
        existing = load_existing_index() if check_database else None
        writer = ContactWriter(
            db,
            batch_id=batch.id,
            now=now,
            lead_source=lead_source,
            tags=tag_list,
            expected_rows=lambda: walk.expected_records(),
        )
        walk = _Walk(
            source,
            report,
            Classifier(existing),
            writer,
            decisions=decisions or {},
            replacements=replacements or {},
            progress=progress,
            cancel=cancel,
            keep_rows=False,
        )
        walk.run()
        writer.finish()
        for contact_id, record in walk.merges:
            merge_into(contact_id, record, now, tag_list)
        if cancel is not None and cancel():
            raise ImportCancelled()
        batch.contacts_created = report.contacts_created
        batch.save()
    walk.classifier.release()
    if report.contacts_created >= STATISTICS_AFTER:
        refresh_statistics()
    if index_search:
        index_pending()  # after the commit: the rows are safe whatever happens here
    report.batch_id = batch.id
    report.changes = Changes(
        contact_ids={row[5] for row in report.created_rows} | {c for c, _r in walk.merges},
        contacts_added_or_removed=report.contacts_created > 0,
        stages=report.contacts_created > 0,
        everything=True,
    )
    log.info(
        "imported %s: %d created, %d exact duplicates, %d rejected",
        source.path,
        report.contacts_created,
        report.skipped_exact_duplicates,
        report.rejected,
    )
    return report


def import_file(
    path: str | os.PathLike,
    *,
    region: str = DEFAULT_REGION,
    mapping: Mapping[str, str] | None = None,
    **options: Any,
) -> ImportReport:
    """Open, map automatically (or with `mapping`) and import `path` in one call."""
    return run_import(open_import(path, region=region, mapping=mapping), **options)
