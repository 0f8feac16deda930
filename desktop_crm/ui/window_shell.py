"""The window shell: what File and Help do (dialogs, backups, data folder, Quit, close to tray).

Built by `MainWindow._wire_shell()`; the app connects `quit_requested` to its quit path
and attaches the tray, so that closing the window the first time says where it went."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QDialog

from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.ui.shutdown import commit_pending_edits

# Each dialog, the backups and the sample data are imported when first used: the shell is
# built before the window's first paint, and these modules (export, import history, the
# settings) cost more than the whole list does.
if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.task_thread import TaskThread
    from desktop_crm.ui.main_menus import WindowActions
    from desktop_crm.ui.main_window import MainWindow

STATUS_MS = 10_000
log = logging.getLogger(__name__)


class WindowShell(QObject):
    """Signals: quit_requested() after pending edits were saved; restart_requested()."""

    quit_requested = Signal()
    restart_requested = Signal()
    restart_elsewhere_requested = Signal()  # after File › Database…: no path override
    backup_made = Signal(object)  # Backup

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.data_paths: Any = None  # DataPaths, set by the app; None in tests
        self.tray: Any = None  # TrayIcon, attached by the app when there is a tray
        self.dialog: QDialog | None = None  # the dialog opened last, for tests
        self._backup_task: TaskThread | None = None
        self.quitting = False
        # The tray comes up a few steps after the first paint; a window closed before then
        # is settled when it does (tray_settled).
        self.tray_decided = False
        self.closed_before_tray = False
        # MainWindow.actions (our WindowActions) shadows QWidget.actions() for mypy.
        self.actions: WindowActions = window.window_actions
        shell = self.actions.shell
        shell.import_history.triggered.connect(self.open_import_history)
        shell.export.triggered.connect(self.open_export)
        shell.back_up_now.triggered.connect(self.back_up_now)
        shell.restore_backup.triggered.connect(self.open_backups)
        shell.open_data_folder.triggered.connect(self.open_data_folder)
        shell.settings.triggered.connect(self.ask_settings)
        if shell.database is not None:
            shell.database.triggered.connect(self.open_database)
        shell.shortcuts.triggered.connect(self.open_shortcuts)
        shell.about.triggered.connect(self.open_about)
        shell.remove_sample_data.triggered.connect(self.remove_sample_data)
        self.actions.quit.triggered.connect(self.request_quit)
        window.installEventFilter(self)
        self._sample_task: TaskThread | None = None
        self._removing_sample = False
        self._export_coming = False  # Export… waits for the list's ids or the total
        self._settings_coming = False  # Settings… waits for its modules (the first time)
        empty = window.contact_list.empty
        empty.add_button("import", _("Import a file…"), lambda: window.start_import(None))
        empty.add_button("add", _("Add a contact"), lambda: window.new_contact())
        empty.add_button("sample", _("Try with sample data"), self.add_sample_data)
        window.bus.changed.connect(lambda _changes: self.update_sample_action())
        # The first look at the sample data is one of the window's later steps.

    # --- where things are ------------------------------------------------------------------

    def data_folder(self) -> Path | None:
        if self.data_paths is not None:
            return Path(self.data_paths.root)
        from desktop_crm.services.backup_catalog import live_database_file

        database = live_database_file()
        return None if database is None else database.parent

    # --- quit and close ----------------------------------------------------------------------

    def request_quit(self) -> None:
        """File › Quit: save what is being edited, then ask the app to end (exit code 0)."""
        log.info("Quit requested")
        self.quitting = True
        commit_pending_edits(self.window)
        self.quit_requested.emit()

    def attach_tray(self, tray: Any) -> None:
        self.tray = tray
        tray.quit_requested.connect(self.request_quit)

    def tray_settled(self, in_tray: bool) -> None:
        """The start's tray step has run. A window the user closed before it lives on in the
        tray and says so, as a later close would; with no tray, that close ends the app."""
        self.tray_decided = True
        if not self.closed_before_tray or self.window.isVisible() or self.quitting:
            return
        if in_tray and self.tray is not None:
            self.tray.show_close_to_tray_hint()
        else:
            self.request_quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and event.type() == QEvent.Type.Close and not self.quitting:
            commit_pending_edits(self.window)
            log.info("Window closed (tray: %s)", "up" if self.tray is not None else "not yet")
            if self.tray is not None and self.tray.available:
                # Once ever: a balloon saying the app lives on in the tray (tray.py keeps it).
                self.tray.show_close_to_tray_hint()
            elif not self.tray_decided:
                self.closed_before_tray = True
        return False

    # --- dialogs -----------------------------------------------------------------------------

    def _show(self, dialog: QDialog) -> QDialog:
        """Window-modal and non-blocking, so the event loop (and the tray) keep running."""
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_import_history(self) -> QDialog:
        from desktop_crm.ui.import_wizard.history_dialog import ImportHistoryDialog

        dialog = ImportHistoryDialog(clock=self.window.clock, parent=self.window)
        dialog.undone.connect(self.window.bus.publish)
        return self._show(dialog)

    def open_export(self) -> QDialog | None:
        """Open Export… once the list holds every id of its filter, not just the first
        page: at once (the dialog), or when the runner has the ids (None now)."""
        panel = self.window.contact_list
        total = self.window._total_contacts()  # counted on a worker when not known
        if not panel.reading_ids and total is not None:
            return self._open_export_now(total)
        if not self._export_coming:  # a second click while it is on its way opens nothing
            self._export_coming = True
            panel.when_whole(lambda: self.window.when_total_known(self._open_export_now))
        return None

    def _open_export_now(self, total: int) -> QDialog:
        from desktop_crm.ui.export_dialog import ExportDialog

        self._export_coming = False
        panel = self.window.contact_list
        filtered = list(panel.model.ids) if panel.state.narrowed else None
        dialog = ExportDialog(
            filtered_ids=filtered,
            selected_ids=panel.selected_ids(),
            total=total,
            clock=self.window.clock,
            settings=self.window.settings,
            parent=self.window,
        )
        return self._show(dialog)

    def open_backups(self) -> QDialog:
        from desktop_crm.ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(
            runner=self.window.runner, clock=self.window.clock, parent=self.window
        )
        dialog.restored.connect(self._restored)  # the runner already published the Changes
        return self._show(dialog)

    def _restored(self, _result: object) -> None:
        self.window.statusBar().showMessage(_("The backup was restored."), STATUS_MS)

    def ask_settings(self) -> QDialog | None:
        """File › Settings…: the first time, what its modules need without Qt (phonenumbers'
        tables among them, ~150 ms) loads on the runner's background thread, then its Qt
        modules here a turn each (PySide6 must not make its classes on two threads at once:
        ui/load_ahead.py), and the dialog opens when they are in (None now; a second click
        meanwhile opens nothing more)."""
        if _SETTINGS_MODULE in sys.modules:
            return self.open_settings()
        if not self._settings_coming:
            from desktop_crm.ui.load_ahead import SETTINGS_QT, import_in_turns

            self._settings_coming = True
            self.window.runner.query(
                _load_settings_modules,
                lambda _none: import_in_turns(
                    SETTINGS_QT, self._settings_loaded, parent=self.window
                ),
                background=True,
                parent=self.window,
                on_failure=lambda _message: setattr(self, "_settings_coming", False),
            )
        return None

    def _settings_loaded(self) -> None:
        self._settings_coming = False
        self.open_settings()

    def open_settings(self) -> QDialog:
        from desktop_crm.ui.settings.dialog import SettingsDialog

        folder = Path(self.data_paths.root) if self.data_paths is not None else None
        dialog = SettingsDialog(
            settings=self.window.settings,
            clock=self.window.clock,
            sync_folder=folder,
            parent=self.window,
        )
        dialog.applied.connect(self._settings_applied)
        dialog.restart_requested.connect(self.restart_requested.emit)
        dialog.criteria_changed.connect(self.window.bus.publish)
        return self._show(dialog)

    def open_database(self) -> QDialog:
        from desktop_crm.paths import resolve
        from desktop_crm.ui.database_dialog import DatabaseDialog

        paths = self.data_paths if self.data_paths is not None else resolve()
        dialog = DatabaseDialog(paths, self.window.runner, parent=self.window)
        dialog.restart_requested.connect(self.restart_elsewhere_requested.emit)
        return self._show(dialog)

    def _settings_applied(self, preferences: Any) -> None:
        _set_region(self.window, preferences.phone_region)
        self.window.bus.publish(Changes(everything=True))  # amounts show the new currency

    def open_shortcuts(self) -> QDialog:
        from desktop_crm.ui.help.shortcuts_dialog import ShortcutsDialog

        return self._show(ShortcutsDialog(self.window))

    def open_about(self) -> QDialog:
        from desktop_crm.ui.help.about_dialog import AboutDialog

        return self._show(AboutDialog(self.data_folder(), parent=self.window))

    # --- sample data ------------------------------------------------------------------------

    def check_sample_data(self) -> None:
        """Whether sample contacts are there, read on a worker; the action follows."""

        def read() -> bool:
            from desktop_crm.services.demo import has_sample_data  # on the worker

            try:
                return has_sample_data()
            except Exception:  # no database (a closed one at teardown): nothing to remove
                return False

        self.window.runner.query(
            read,
            self.actions.shell.remove_sample_data.setEnabled,
            key="sample-data",
            parent=self.window,
        )

    def update_sample_action(self) -> None:
        """File › Remove sample data is there while sample contacts are (read off the GUI
        thread; while a removal is on its way the action stays off)."""
        if self._removing_sample:
            return
        self.check_sample_data()

    def add_sample_data(self) -> bool:
        """240 believable contacts in one sample batch, off the GUI thread."""
        if self._sample_task is not None:
            return False
        from desktop_crm.services.demo import fill_demo
        from desktop_crm.ui.import_wizard.task_thread import TaskThread

        clock = self.window.clock
        self.window.statusBar().showMessage(_("Adding sample data…"))
        task = TaskThread(lambda _p, _c: fill_demo(clock=clock), self)
        task.succeeded.connect(self._sample_added)
        task.failed.connect(self._sample_failed)
        task.finished.connect(self._sample_finished)
        self._sample_task = task
        task.start()
        return True

    def _sample_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # message boxes load at first use

        QMessageBox.warning(self.window, _("Sample data"), message)

    def _sample_added(self, _summary: object) -> None:
        self.window.bus.publish(Changes(everything=True))
        self.window.statusBar().showMessage(
            _("Sample data added. File › Remove sample data takes it out again, whole."),
            STATUS_MS,
        )

    def _sample_finished(self) -> None:
        if self._sample_task is not None:
            self._sample_task.wait()
        self._sample_task = None

    def wait_for_sample(self, timeout_ms: int = 120_000) -> None:
        if self._sample_task is not None:
            self._sample_task.wait(timeout_ms)

    def remove_sample_data(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.window,
            _("Remove sample data"),
            _("Remove every sample contact, with their deals, notes and follow-ups?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.remove_sample_data_now()

    def remove_sample_data_now(self) -> bool:
        """Without asking (the question was asked); one transaction on the writer thread,
        whose Changes the runner publishes, and one Edit › Undo step that puts it all back.
        False (nothing sent) while one is on its way."""
        if self._removing_sample:
            return False
        from desktop_crm.services.sample_removal import take_out_sample_data

        self._removing_sample = True
        self.actions.shell.remove_sample_data.setEnabled(False)  # no second removal meanwhile
        clock = self.window.clock
        self.window.runner.mutate(
            lambda: take_out_sample_data(clock=clock),
            self._sample_removed,
            parent=self.window,
            on_failure=self._sample_not_removed,
        )
        return True

    def _sample_removed(self, removal: Any) -> None:
        from desktop_crm.ui.sample_undo import RemoveSampleDataCommand

        self._removing_sample = False
        self.check_sample_data()
        if removal.contacts:  # nothing removed (another window was first): nothing to undo
            window = self.window
            window.undo_stack.push(
                RemoveSampleDataCommand(removal, window.runner, clock=window.clock)
            )
        self.window.statusBar().showMessage(
            _("The sample data was removed. Edit › Undo puts it back."), STATUS_MS
        )

    def _sample_not_removed(self, _message: str) -> None:
        self._removing_sample = False  # the runner showed why; the action is back
        self.check_sample_data()

    # --- backups and the data folder --------------------------------------------------------

    def open_data_folder(self) -> bool:
        folder = self.data_folder()
        if folder is None:
            self.window.statusBar().showMessage(
                _("The data is on a database server; there is no data folder here."), STATUS_MS
            )
            return False
        from PySide6.QtCore import QUrl  # not before the first paint: 5 enum classes
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def back_up_now(self) -> bool:
        """A manual backup off the GUI thread; the status bar says where and how big."""
        if self._backup_task is not None:
            return False
        from desktop_crm.services.backup import create_backup
        from desktop_crm.services.backup_catalog import live_database_file
        from desktop_crm.ui.import_wizard.task_thread import TaskThread

        if live_database_file() is None:
            from PySide6.QtWidgets import QMessageBox

            from desktop_crm.services.backup import server_backup_error

            QMessageBox.information(self.window, _("Back up now"), server_backup_error().message)
            return False
        clock = self.window.clock
        self.window.statusBar().showMessage(_("Backing up…"))
        task = TaskThread(lambda _p, _c: create_backup("manual", clock=clock), self)
        task.succeeded.connect(self._backed_up)
        task.failed.connect(self._backup_failed)
        task.finished.connect(self._backup_finished)
        self._backup_task = task
        task.start()
        return True

    def _backed_up(self, backup: object) -> None:
        from desktop_crm.ui.backups_dialog import backup_made_text

        self.window.statusBar().showMessage(backup_made_text(backup), STATUS_MS)  # type: ignore[arg-type]
        self.backup_made.emit(backup)

    def _backup_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.window.statusBar().clearMessage()
        QMessageBox.warning(self.window, _("Back up now"), message)

    def _backup_finished(self) -> None:
        if self._backup_task is not None:
            self._backup_task.wait()  # kept until the next backup: see history_dialog
        self._backup_task = None

    def wait_for_backup(self, timeout_ms: int = 60_000) -> None:
        if self._backup_task is not None:
            self._backup_task.wait(timeout_ms)


_SETTINGS_MODULE = "desktop_crm.ui.settings.dialog"


def _load_settings_modules() -> None:
    """On a worker: the Settings dialog's modules without Qt, off the GUI thread."""
    from desktop_crm.ui.load_ahead import SETTINGS_QT_FREE, import_without_qt

    import_without_qt(SETTINGS_QT_FREE)


def _set_region(window: Any, region: str) -> None:
    """New phone numbers typed in the window are read as `region`'s from now on."""
    window.region = region
    # The detail pane's editor was built with the region; it has no setter of its own yet.
    fields = getattr(getattr(window, "detail", None), "fields", None)
    if fields is not None and hasattr(fields, "_region"):
        fields._region = region
