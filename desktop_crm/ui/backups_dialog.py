"""Back up now and Restore from backup…: every backup with its date, size and contact count."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.errors import UserError
from desktop_crm.i18n import N_, _
from desktop_crm.i18n.formatting import format_datetime, format_number
from desktop_crm.services.backup import Backup, RestoreResult, restore_backup, server_backup_error
from desktop_crm.services.backup_catalog import BackupEntry, catalog, live_database_file
from desktop_crm.services.changes import Changes
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.read_only_table import read_only_table
from desktop_crm.ui.screen_fit import fit_to_screen
from desktop_crm.ui.style import error_text_style

log = logging.getLogger(__name__)

REASON_LABELS = {
    "manual": N_("Made by you"),
    "daily": N_("Daily"),
    "before_import": N_("Before an import"),
    "before_migration": N_("Before an update"),
    "before_restore": N_("Before a restore"),
}


def file_size(size: int) -> str:
    """A size as people read it: 812 KB, 3.4 MB (decimal units, as file managers show)."""
    if size < 1000:
        return _("{size} bytes").format(size=format_number(size))
    if size < 1_000_000:
        return _("{size} KB").format(size=format_number(size / 1000, 0))
    if size < 1_000_000_000:
        return _("{size} MB").format(size=format_number(size / 1_000_000, 1))
    return _("{size} GB").format(size=format_number(size / 1_000_000_000, 1))


def backup_made_text(backup: Backup) -> str:
    return _("Backed up to {path} ({size}).").format(path=backup.path, size=file_size(backup.size))


def _ask(parent: QWidget) -> Callable[[str], bool]:
    def ask(text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            _("Restore from backup"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    return ask


@dataclass(frozen=True)
class _Restored:
    """What the restore's work hands back; `changes` is what the runner publishes."""

    result: RestoreResult | None
    error: str = ""
    thread: str = ""  # the thread the restore ran on (tests check it is not the GUI's)

    @property
    def changes(self) -> Changes | None:
        # A refused restore left the data as it was: nothing for the views to reload.
        return Changes(everything=True) if self.result is not None else None


class BackupsDialog(QDialog):
    """Lists the backups; Restore backs up the current state, asks once and restores.

    The restore runs on the runner's writer thread once the runner is idle (it closes
    and reopens the database, so no query may be reading it meanwhile); the runner
    publishes `Changes(everything=True)` so that every view reloads. `restored` then
    carries the `RestoreResult`, `restore_failed` the line shown."""

    restored = Signal(object)
    restore_failed = Signal(str)

    def __init__(
        self,
        *,
        runner: OperationRunner,
        clock: Clock | None = None,
        confirm: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._clock = clock or SystemClock()
        self.busy = False
        self._pending: tuple[Path, Path] | None = None  # a restore waiting for the runner
        self.restore_thread = ""  # the thread the last restore ran on
        self._confirm = confirm or _ask(self)
        self.entries: list[BackupEntry] = []
        self.setWindowTitle(_("Restore from backup"))

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = read_only_table(
            [_("Made on"), _("Kind"), _("Size"), _("Contacts")],
            accessible_name=_("Backups"),
            stretch=0,
            single=True,
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(_("&Restore"))
        self.restore_button.setAccessibleName(_("Restore the selected backup"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setDefault(True)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        close.setAutoDefault(False)  # else Qt's Close takes the default from Restore when shown

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 460)
        self.reload()

    def reload(self) -> None:
        database = live_database_file()
        if database is None:
            self.intro.setText(server_backup_error().message)
            self.table.setVisible(False)
            self.restore_button.setVisible(False)
            self.entries = []
            return
        self.entries = catalog()
        if self.entries:
            self.intro.setText(
                _(
                    "Choose the backup to go back to. The data as it is now is backed up "
                    "first, so a restore can itself be undone."
                )
            )
        else:
            self.intro.setText(_("There are no backups yet. Make one with File > Back up now."))
        self.table.setRowCount(len(self.entries))
        tz = self._clock.now().tzinfo
        for row, entry in enumerate(self.entries):
            backup = entry.backup
            reason = REASON_LABELS.get(backup.reason)
            contacts = (
                format_number(entry.contacts) if entry.contacts is not None else _("unreadable")
            )
            values = (
                format_datetime(backup.created_at, tz, length="medium"),
                _(reason) if reason else backup.reason,
                file_size(backup.size),
                contacts,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(not self.busy and self.selected() is not None)

    def selected(self) -> BackupEntry | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        return self.entries[rows.pop()]

    def select_backup(self, path: Path) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.backup.path == path:
                self.table.selectRow(row)
                return True
        return False

    def restore_selected(self) -> bool:
        """Ask once, then start the restore; True when it was started."""
        entry = self.selected()
        database = live_database_file()
        if self.busy or entry is None or database is None:
            return False
        when = format_datetime(entry.backup.created_at, self._clock.now().tzinfo)
        if entry.contacts is None:
            question = _("Restore the backup of {when}? The data as it is now is backed up first.")
        else:
            question = _(
                "Restore the backup of {when} with {count} contacts? "
                "The data as it is now is backed up first."
            )
        if not self._confirm(question.format(when=when, count=entry.contacts)):
            return False
        self._set_busy(True)
        self.message_label.setStyleSheet("")
        self.message_label.setText(_("Restoring…"))
        self._pending = (entry.backup.path, database)
        self._start_when_idle()
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.table.setEnabled(not busy)
        self._update_buttons()
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _start_when_idle(self) -> None:
        """Wait for every query and write asked for so far: the restore closes the
        connection they read through. Work asked for later waits for the restore."""
        if not self._runner.is_idle():
            # A method, not a lambda: the connection dies with the dialog.
            self._runner.idle.connect(self._start_when_idle, Qt.ConnectionType.SingleShotConnection)
            return
        if self._pending is None:
            return
        (source, database), self._pending = self._pending, None
        clock = self._clock

        def work() -> _Restored:
            thread = threading.current_thread().name
            try:
                return _Restored(restore_backup(source, database, clock=clock), thread=thread)
            except UserError as exc:  # a broken file, a full disk: the data is as it was
                return _Restored(None, error=exc.message, thread=thread)

        self._runner.mutate(work, self._finished, parent=self, on_failure=self._failed)

    def _finished(self, outcome: _Restored) -> None:
        self.restore_thread = outcome.thread
        self._set_busy(False)
        if outcome.result is None:
            self._failed(outcome.error)
            return
        if outcome.result.safety_backup is not None:
            self.message_label.setText(
                _("Restored. The data from before is in {path}.").format(
                    path=outcome.result.safety_backup.path.name
                )
            )
        else:
            self.message_label.setText(_("Restored."))
        self.reload()
        self.restored.emit(outcome.result)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.message_label.setStyleSheet(error_text_style())
        self.message_label.setText(message)
        self.restore_failed.emit(message)

    def reject(self) -> None:  # Qt override: Escape and Close wait for a running restore
        if not self.busy:
            super().reject()
