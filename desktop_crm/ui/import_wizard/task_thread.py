"""A service call run off the GUI thread: throttled progress, cancel, a user message on error."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance

from desktop_crm.errors import UserError
from desktop_crm.i18n import _

log = logging.getLogger(__name__)

# The core reports every 500 records; more than ~10 repaints a second only costs the GUI time.
PROGRESS_INTERVAL_S = 0.1

Task = Callable[[Callable[[object], None], Callable[[], bool]], object]


def _release_thread_connection() -> None:
    """Peewee keeps one connection per thread: close this thread's, not the GUI's."""
    from desktop_crm.store.database import close_database

    try:
        close_database()
    except Exception:  # a connection that cannot close is harmless here; log, do not show
        log.exception("closing the worker thread's database connection")


class TaskThread(QThread):
    """Runs `task(progress, cancelled)` once; exactly one of the outcome signals follows."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)  # a message for the user
    cancelled = Signal(str)

    def __init__(self, task: Task, parent: QObject | None = None):
        super().__init__(parent)
        self._task = task
        self._cancel = threading.Event()
        self._last_progress = 0.0

    def request_cancel(self) -> None:
        self._cancel.set()

    def _progress(self, value: object) -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.progressed.emit(value)

    def run(self) -> None:
        # Imported here, on this thread: the import services are 0.1 s of imports that a
        # backup or a sync (which use this class too) should not load on the GUI thread.
        from desktop_crm.services.importing.runner import ImportCancelled

        outcome: tuple[SignalInstance, object]
        try:
            outcome = (self.succeeded, self._task(self._progress, self._cancel.is_set))
        except ImportCancelled as exc:
            outcome = (self.cancelled, exc.message)
        except UserError as exc:
            outcome = (self.failed, exc.message)
        except Exception:  # a bug: logged with its traceback, the user gets one clear line
            log.exception("background task failed")
            outcome = (
                self.failed,
                _("Something went wrong; nothing was changed. The details are in the log file."),
            )
        finally:
            _release_thread_connection()
        outcome[0].emit(outcome[1])
