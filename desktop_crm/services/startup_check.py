"""The check at start: is the SQLite file sound; on damage, set it aside and offer a backup.

The GUI calls `check_at_start(paths)` before `open_database`; when the result is
not ok it shows `result.message()` and, if the user agrees, calls
`recover_from_backup(paths, result.candidate, clock)`, then opens the database as
usual. Declining opens a new, empty database: the damaged file stays in
`<data>/damaged/`, and Settings → Backups can still restore any backup later."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_crm.domain.clock import Clock
from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _, ngettext
from desktop_crm.paths import DataPaths
from desktop_crm.services.backup import (
    Backup,
    RestoreResult,
    database_file_for,
    newest_good_backup,
    restore_backup,
)
from desktop_crm.services.integrity import check_file, move_aside
from desktop_crm.store.database import close_database

log = logging.getLogger(__name__)


@dataclass
class StartupCheck:
    """What `check_at_start` found; `message()` says it to the user."""

    ok: bool
    database: Path | None = None
    problems: tuple[str, ...] = ()
    moved_to: Path | None = None
    candidate: Backup | None = None  # the newest backup that passed integrity_check
    rejected: list[Path] = field(default_factory=list)  # newer backups that are damaged too

    def message(self) -> str:
        if self.ok:
            return ""
        text = _(
            "The database was damaged (SQLite reports: {problem}). "
            "It has been moved aside, unchanged, to {moved}."
        ).format(problem=self.problems[0] if self.problems else "?", moved=self.moved_to)
        if self.rejected:
            text += " " + ngettext(
                "{count} newer backup is damaged too.",
                "{count} newer backups are damaged too.",
                len(self.rejected),
            ).format(count=len(self.rejected))
        if self.candidate is not None:
            text += " " + _(
                "The newest good backup is from {when}. Restore it? Changes made after it are lost."
            ).format(when=self.candidate.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        else:
            text += " " + _(
                "There is no good backup to restore. Desktop CRM will start with an empty database."
            )
        return text


def check_at_start(paths: DataPaths, *, now: datetime | None = None) -> StartupCheck:
    """Quick-check the SQLite file before it is opened; on damage move it aside and
    find the newest good backup. Server databases check themselves."""
    database = database_file_for(paths)
    if database is None or not database.exists():
        return StartupCheck(ok=True, database=database)
    result = check_file(database)
    if result.ok:
        return StartupCheck(ok=True, database=database)
    log.error("database failed quick_check: %s", "; ".join(result.problems))
    moved = move_aside(database, now=now)
    candidate, rejected = newest_good_backup(database.parent / "backups", now)
    return StartupCheck(
        ok=False,
        database=database,
        problems=result.problems,
        moved_to=moved,
        candidate=candidate,
        rejected=rejected,
    )


class CheckInBackground:
    """`check_at_start` on its own thread, so the check (SQLite reads, which let go of the
    GIL) runs while the window's modules load. `result()` waits for it; nothing may open
    the database before it returns."""

    def __init__(self, paths: DataPaths, *, now: datetime | None = None) -> None:
        self._result: StartupCheck | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(paths, now), name="integrity-check", daemon=True
        )
        self._thread.start()

    def _run(self, paths: DataPaths, now: datetime | None) -> None:
        try:
            self._result = check_at_start(paths, now=now)
        except BaseException as exc:  # handed to the caller of result(), on its thread
            self._error = exc

    def done(self) -> bool:
        """Whether the check has finished (without waiting)."""
        return not self._thread.is_alive()

    def result(self) -> StartupCheck:
        """The check's finding; re-raises what the check raised (a busy file)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def recover_from_backup(paths: DataPaths, backup: Backup, clock: Clock) -> RestoreResult:
    """Put `backup` in place of the (moved aside) damaged database. Returns with the
    database closed again, so start-up goes on to open it the usual way."""
    database = database_file_for(paths)
    if database is None:
        raise DatabaseError(_("Backups are kept by the database server, not by Desktop CRM."))
    try:
        return restore_backup(backup.path, database, clock=clock)
    finally:
        close_database()
