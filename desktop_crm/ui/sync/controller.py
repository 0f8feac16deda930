"""Syncing in the background: a few seconds after a change and every few minutes, off the
GUI thread; the status bar says when it last synced and, once, what went wrong."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_datetime
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.import_wizard.task_thread import TaskThread

log = logging.getLogger(__name__)
PERIOD_MS = 5 * 60 * 1000  # every five minutes
AFTER_CHANGE_MS = 5_000  # a few seconds after an edit, so a burst of edits is one sync


def _has_account() -> bool:
    from desktop_crm.services.sync.account import load_account

    return load_account() is not None


class SyncController(QObject):
    """One sync at a time; a request while one runs is remembered and run after it."""

    status_changed = Signal(str)
    problem_appeared = Signal(str)  # once per new problem, for a status-bar message

    def __init__(self, bus: ChangesBus, secret_dir: Path, *, region: str, clock, parent=None):
        super().__init__(parent)
        self.bus = bus
        self.secret_dir = secret_dir
        self.region = region
        self.clock = clock
        self._thread: TaskThread | None = None
        self._again = False
        self._publishing = False
        self._last_error = ""
        self.status = ""
        self.periodic = QTimer(self)
        self.periodic.setInterval(PERIOD_MS)
        self.periodic.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_CHANGE_MS)
        self.soon.timeout.connect(self.sync_now)
        bus.changed.connect(self._on_changes)

    def start(self) -> None:
        self.periodic.start()
        self.soon.start()  # the first sync shortly after the window is up

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _on_changes(self, changes: Changes) -> None:
        if not self._publishing:  # our own results must not start another sync
            self.soon.start()

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)

    def sync_now(self) -> None:
        if self._thread is not None:
            self._again = True
            return
        try:
            if not _has_account():
                return
        except Exception:  # the database is busy or away: the next tick tries again
            log.exception("checking for a sync account")
            return
        from desktop_crm.services.sync.engine import run_sync

        secret_dir, region, clock = self.secret_dir, self.region, self.clock
        self._set_status(_("Syncing…"))
        thread = TaskThread(
            lambda _progress, _cancelled: run_sync(secret_dir, region=region, clock=clock), self
        )
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._finished)
        self._thread = thread
        thread.start()

    def _succeeded(self, result: object) -> None:
        _report, changes = cast(tuple[dict, Changes], result)
        self._last_error = ""
        self._set_status(
            _("Synced at {time}").format(
                time=format_datetime(datetime.now().astimezone(), length="short")
            )
        )
        if changes.everything or changes.contact_ids:
            self._publishing = True
            try:
                self.bus.publish(changes)
            finally:
                self._publishing = False

    def _failed(self, message: str) -> None:
        first_time = message != self._last_error
        self._last_error = message
        self._set_status(_("Sync: {problem}").format(problem=message))
        if first_time:
            log.warning("sync failed: %s", message)
            self.problem_appeared.emit(message)

    def _finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        if self._again:
            self._again = False
            self.sync_now()

    def stop(self) -> None:
        """Quitting: no new sync starts; one that runs finishes its current request."""
        self.periodic.stop()
        self.soon.stop()
        self._again = False
        self.wait()

    def wait(self) -> None:
        """For tests and quitting: until a running sync has finished."""
        if self._thread is not None:
            self._thread.wait()


def install_sync(
    window: QMainWindow, bus: ChangesBus, secret_dir: Path, *, region: str, clock
) -> SyncController:
    """The controller, a status-bar label, and File ▸ Sync account… / Sync now."""
    from desktop_crm.ui.sync.account_dialog import SyncAccountDialog

    controller = SyncController(bus, secret_dir, region=region, clock=clock, parent=window)
    label = QLabel()
    label.setAccessibleName(_("Sync status"))
    window.statusBar().addPermanentWidget(label)
    controller.status_changed.connect(label.setText)
    controller.problem_appeared.connect(
        lambda problem: window.statusBar().showMessage(
            _("Sync: {problem}").format(problem=problem), 10_000
        )
    )

    def open_dialog() -> None:
        dialog = SyncAccountDialog(secret_dir, status=controller.status, parent=window)
        if dialog.exec():
            if dialog.password_in_file:
                window.statusBar().showMessage(
                    _(
                        "This computer has no keyring; the password is kept in a private file "
                        "in the data folder."
                    ),
                    10_000,
                )
            controller.sync_now()

    file_menu = _file_menu(window)
    account_action = QAction(_("Sync &account…"), window)
    account_action.triggered.connect(open_dialog)
    sync_action = QAction(_("Sync no&w"), window)
    sync_action.setShortcut(_("F5"))
    sync_action.triggered.connect(controller.sync_now)
    if file_menu is not None:
        anchor = next((a for a in file_menu.actions() if a.isSeparator()), None)
        if anchor is not None:
            file_menu.insertActions(anchor, [account_action, sync_action])
        else:
            file_menu.addActions([account_action, sync_action])
    else:
        window.addActions([account_action, sync_action])
    window.sync_actions = (account_action, sync_action)  # type: ignore[attr-defined]
    controller.start()
    return controller


def _file_menu(window: QMainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.actions():
            return menu  # the first menu is File
    return None
