"""The duplicate scan off the GUI thread (seconds at 100,000 contacts).

Small and self-contained on purpose: when the shared operation runner
(`ui/operations.py`) lands, `ScanThread` is replaced by one `QueryOp`-style call."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal

from desktop_crm.domain.duplicate_match import Group
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import summaries
from desktop_crm.services.duplicates import find_duplicates, sync_flags
from desktop_crm.services.merge import merges
from desktop_crm.services.records import ContactSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanResult:
    groups: list[Group]
    rows: dict[int, ContactSummary]  # every contact in a group, for the view's lines
    changes: Changes  # the possible-duplicate flags the scan brought up to date
    can_undo_merge: bool = False  # a merge "Undo last merge" can take back


def scan() -> ScanResult:
    """The whole scan, as the worker runs it: groups, their rows, and current flags."""
    groups = find_duplicates()
    changes = sync_flags(groups)
    rows = summaries([cid for g in groups for cid in g.contact_ids])
    return ScanResult(groups, rows, changes, any(not m.undone for m in merges(limit=1)))


class ScanThread(QThread):
    """Runs `scan()` once; then exactly one of `found` or `failed`."""

    found = Signal(object)  # ScanResult
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)

    def run(self) -> None:
        from desktop_crm.store.database import close_database

        result: ScanResult | None = None
        message = ""
        try:
            result = scan()
        except UserError as exc:
            message = exc.message
        except Exception:  # a bug: logged with its traceback, one clear line for the user
            log.exception("duplicate scan failed")
            message = _(
                "Something went wrong; nothing was changed. The details are in the log file."
            )
        finally:
            close_database()  # this thread's connection; the GUI thread keeps its own
        if result is not None:
            self.found.emit(result)
        else:
            self.failed.emit(message)
