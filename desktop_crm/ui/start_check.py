"""The integrity check at start, which may end after the first paint: until it has passed,
the window reads through a read-only connection and every write waits on the runner's
writer; a damaged file found then gets the same recovery flow, over the window."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.startup_check import CheckInBackground, StartupCheck, recover_from_backup

if TYPE_CHECKING:
    from desktop_crm.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def settle_integrity(result: StartupCheck, context, parent: QWidget | None = None) -> None:
    """After the quick_check, before the file is opened for writing: on damage (the file is
    moved aside already) say so and offer the newest good backup."""
    if result.ok:
        return
    from PySide6.QtWidgets import QMessageBox  # only a damaged file needs it: not every start

    if result.candidate is None:
        QMessageBox.warning(parent, _("Desktop CRM"), result.message())
        return
    answer = QMessageBox.question(
        parent,
        _("Desktop CRM"),
        result.message(),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        recover_from_backup(context.paths, result.candidate, context.clock)


class CheckAfterPaint:
    """The window is built on a read-only connection while `check` runs; `hold_writes`
    puts two jobs at the head of the runner's writer: the first waits for the check, the
    second until the GUI thread has settled it and opened the database for writing. Every
    write asked meanwhile queues behind them, so nothing is written before the check
    (reads asked after the jobs wait too: the runner keeps reads behind earlier writes)."""

    def __init__(self, check: CheckInBackground, context, reader) -> None:
        self._check = check
        self._context = context
        self._reader = reader  # the read-only database the models are bound to meanwhile
        self._open = threading.Event()
        self._window: MainWindow | None = None
        self._when_writable: list[Callable[[], object]] = []
        self.settled = False

    @classmethod
    def begin(cls, check: CheckInBackground, context) -> CheckAfterPaint | None:
        """The read-only start when the check is still running on a SQLite file at the
        latest schema; None otherwise (the caller waits for the check, as before)."""
        from desktop_crm.store.database import open_read_only

        paths = context.paths
        if check.done() or paths.database_url:
            return None
        reader = open_read_only(paths.database)
        return None if reader is None else cls(check, context, reader)

    def hold_writes(self, window: MainWindow, app: QApplication) -> None:
        """Call before any write can be asked (right after the window is built). The two
        jobs write nothing, so reads do not wait for them: they go on from the read-only
        connection (a write asked meanwhile does hold the reads asked after it)."""
        self._window = window
        window.runner.in_order(
            self._wait_for_check, self._checked, parent=window, holds_reads=False
        )
        window.runner.in_order(self._open.wait, parent=window, holds_reads=False)
        app.aboutToQuit.connect(self._settle_at_quit)

    def when_writable(self, callback: Callable[[], object]) -> None:
        """`callback` on the GUI thread once the file is checked and open for writing (now,
        if it is): the start's own work on the writer (the notifier's first check, the
        change watcher, the daily backup) is asked then, so until then it holds no read."""
        if self.settled:
            callback()
        else:
            self._when_writable.append(callback)

    def _wait_for_check(self) -> StartupCheck | UserError:
        """On the writer's thread (it writes nothing until this returns)."""
        try:
            return self._check.result()
        except UserError as exc:  # a busy file: said on the GUI thread, then the app ends
            return exc

    def _checked(self, result: StartupCheck | UserError) -> None:
        """On the GUI thread: the recovery flow on damage, then the database opened for
        writing (migrations, as at every start) and the writer let go."""
        window = self._window
        try:
            if isinstance(result, UserError):
                raise result
            # The question comes over the window, which keeps showing what it read (its
            # read-only connection still has the moved file open; it cannot write to it).
            settle_integrity(result, self._context, parent=window)
            self._let_go_of_reader()
            self._context.open()
            self.settled = True
            if not result.ok and window is not None:
                # The views showed the damaged file: read everything again from the new one.
                window.bus.publish(Changes(everything=True))
            waiting, self._when_writable = self._when_writable, []
            for callback in waiting:
                callback()
        except UserError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(window, _("Desktop CRM"), exc.message)
            QApplication.exit(exc.exit_code)
        finally:
            self._open.set()

    def _let_go_of_reader(self) -> None:
        """Close the GUI thread's read-only connection. The database object is kept until
        the process ends: a reader job in flight across the swap finishes on it, and each
        worker closes its own connection when idle (never another thread for it)."""
        if self._reader is not None:
            from desktop_crm.store.database import retire_read_only

            retire_read_only(self._reader)
            self._reader = None

    def _settle_at_quit(self) -> None:
        """A quit before the check's answer arrived: writes asked meanwhile still land if the
        file is sound; on damage (or a busy file) they fail on the read-only connection."""
        if self._open.is_set():
            return
        try:
            result = self._check.result()
            if result.ok:
                self._let_go_of_reader()
                self._context.open()
                self.settled = True
        except UserError:
            log.warning("the integrity check could not run before the app quit")
        finally:
            self._open.set()
