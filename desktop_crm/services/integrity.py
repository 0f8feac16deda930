"""Is an SQLite file sound: quick or full check, and moving a damaged one aside.

Used by backups (each one is checked) and by `services.startup_check` (the check at start)."""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_crm.domain.local_time import ical_utc
from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _

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


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds a lock (not damage)."""
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
        if is_busy(exc):
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
    stamp = ical_utc(now or datetime.now(UTC))  # compact UTC, sorts by time
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
