"""Is the SQLite file sound? A quick check at start; on damage, set it aside, offer a backup.

The GUI calls `check_at_start(paths)` before `open_database`; when the result is
not ok it shows `result.message()` and, if the user agrees, calls
`recover_from_backup(paths, result.candidate, clock)`, then opens the database as
usual. Declining opens a new, empty database: the damaged file stays in
`<data>/damaged/`, and Settings → Backups can still restore any backup later."""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _, ngettext
from desktop_crm.paths import DataPaths

if TYPE_CHECKING:  # a run-time import would be circular: backup uses this module
    from desktop_crm.domain.clock import Clock
    from desktop_crm.services.backup import Backup, RestoreResult

log = logging.getLogger(__name__)

DAMAGED_FOLDER = "damaged"
MAX_PROBLEMS = 5  # quick_check can list thousands of broken pages; a few say enough
SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problems: tuple[str, ...] = ()


def lenient_text(data: bytes) -> str:
    """Text from a file that may be damaged: undecodable bytes become U+FFFD, not an error."""
    return data.decode("utf-8", "replace")


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def check_file(
    path: Path, *, full: bool = False, read_only: bool = False, timeout: float = 10.0
) -> CheckResult:
    """Run `quick_check` (or the slower, thorough `integrity_check`) on the file at `path`.

    A file that is not a database at all counts as damaged. A file another
    program holds locked is not damaged: that raises DatabaseError instead."""
    path = Path(path)
    if not path.is_file():
        return CheckResult(False, (_("the file does not exist"),))
    pragma = "integrity_check" if full else "quick_check"
    try:
        if read_only:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout)
        else:
            conn = sqlite3.connect(str(path), timeout=timeout)
    except sqlite3.Error as exc:
        return CheckResult(False, (str(exc),))
    conn.text_factory = lenient_text  # a damaged page can put any bytes in a message
    try:
        rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise DatabaseError(
                _("The database is busy in another program. Nothing was changed; try again.")
            ) from exc
        return CheckResult(False, (str(exc),))
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        return CheckResult(False, (str(exc),))
    except UnicodeDecodeError:  # SQLite's own report held bytes from the broken page
        return CheckResult(False, (_("the file is damaged beyond a readable report"),))
    finally:
        conn.close()
    messages = tuple(str(row[0]) for row in rows)
    if messages == ("ok",):
        return CheckResult(True)
    return CheckResult(False, messages[:MAX_PROBLEMS])


def move_aside(database: Path, *, now: datetime | None = None) -> Path:
    """Move a damaged database (with its WAL, which may hold the newest good pages)
    into `<data>/damaged/`, where nothing opens it again. Returns the new path."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = database.parent / DAMAGED_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    target = folder / f"{database.stem}-damaged-{stamp}{database.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{database.stem}-damaged-{stamp}-{counter}{database.suffix}"
    # The sidecars first: a main file without its WAL next to it is still openable,
    # a WAL without its main file would be applied to the next database of that name.
    for suffix in SIDECARS:
        sidecar = database.with_name(database.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + suffix))
    os.replace(database, target)
    log.warning("damaged database moved aside to %s", target)
    return target


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
    from desktop_crm.services.backup import database_file_for, newest_good_backup

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


def recover_from_backup(paths: DataPaths, backup: Backup, clock: Clock) -> RestoreResult:
    """Put `backup` in place of the (moved aside) damaged database. Returns with the
    database closed again, so start-up goes on to open it the usual way."""
    from desktop_crm.services.backup import database_file_for, restore_backup
    from desktop_crm.store.database import close_database

    database = database_file_for(paths)
    if database is None:
        raise DatabaseError(_("Backups are kept by the database server, not by Desktop CRM."))
    try:
        return restore_backup(backup.path, database, clock=clock)
    finally:
        close_database()
