"""File › Database…: where the data lives now, and another folder, a PostgreSQL server or
the default folder for the next start. Every check and copy runs on the operation runner;
the dialog only asks and tells. A new choice takes effect by restarting the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.paths import DataPaths, default_root
from desktop_crm.services import data_location as where
from desktop_crm.ui.shutdown import commit_pending_edits


class DatabaseDialog(QDialog):
    """Signals: restart_requested() when the user chose "Restart now" after a new choice."""

    restart_requested = Signal()

    def __init__(self, paths: DataPaths, runner: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Database"))
        self.setAccessibleName(_("Database"))
        self.setMinimumWidth(520)  # a path or a server's address fits on one line
        self._paths = paths
        self._runner = runner
        self._folder: Path | None = None  # the empty folder waiting for "copy" or "empty"
        layout = QVBoxLayout(self)
        now = QLabel(_("Your data lives in:"), self)
        self.current = QLabel(where.describe(paths), self)
        self.current.setAccessibleName(_("Where your data lives now"))
        self.current.setWordWrap(True)
        now.setBuddy(self.current)
        layout.addWidget(now)
        layout.addWidget(self.current)
        layout.addWidget(self._folder_box())
        layout.addWidget(self._server_box())
        self.default_button = self._button(_("Back to the &default folder"), self.use_default)
        self.default_button.setEnabled(paths.database_url is not None or not self._is_default())
        layout.addWidget(self.default_button)
        self.status = QLabel(self)
        self.status.setAccessibleName(_("Status"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.restart_button = self._button(_("&Restart now"), self._restart)
        self.restart_button.hide()
        close = self._button(_("Close"), self.reject)
        row.addStretch(1)
        row.addWidget(self.restart_button)
        row.addWidget(close)
        layout.addLayout(row)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _is_default(self) -> bool:
        return self._paths.root == default_root()

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(_("Another folder"), self)
        box.setAccessibleName(_("Another folder"))
        layout = QVBoxLayout(box)
        layout.addWidget(self._button(_("&Choose a folder…"), self.choose_folder))
        self.empty_note = QLabel(box)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAccessibleName(_("The chosen folder"))
        self.copy_button = self._button(_("Copy &my data there and restart"), self.copy_here)
        self.empty_button = self._button(_("Start &empty there"), self.start_empty)
        for widget in (self.empty_note, self.copy_button, self.empty_button):
            layout.addWidget(widget)
            widget.hide()
        return box

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(_("A PostgreSQL server"), self)
        box.setAccessibleName(_("A PostgreSQL server"))
        form = QFormLayout(box)
        server = self._paths.database_url and where.remembered().server
        self.host = QLineEdit(server.host if server else "", box)
        self.port = QSpinBox(box)
        self.port.setRange(1, 65535)
        self.port.setValue(server.port if server else where.DEFAULT_PORT)
        self.database = QLineEdit(server.database if server else "desktop_crm", box)
        self.user = QLineEdit(server.user if server else "", box)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for label, field in (
            (_("&Host:"), self.host),
            (_("P&ort:"), self.port),
            (_("Data&base:"), self.database),
            (_("&User:"), self.user),
            (_("&Password:"), self.password),
        ):
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, field)
        buttons = QHBoxLayout()
        self.test_button = self._button(_("&Test connection"), self.test_connection)
        self.use_server_button = self._button(_("Use this &server"), self.use_server)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_server_button)
        form.addRow(buttons)
        return box

    # --- what the buttons do ---------------------------------------------------------------

    def say(self, text: str) -> None:
        self.status.setText(text)

    def _work(self, work: Any, done: Any, *, in_order: bool = False) -> None:
        """`work` on the runner, `done(result)` back here; a refusal said in the dialog."""
        self._set_busy(True)

        def arrived(result: object) -> None:
            self._set_busy(False)
            done(result)

        def refused(message: str) -> None:
            self._set_busy(False)
            self.say(message)

        if in_order:  # after every write asked before it: a copy holds every saved edit
            self._runner.mutate(work, arrived, parent=self, on_failure=refused, explains=True)
        else:
            self._runner.query(
                work, arrived, key="database-dialog", parent=self, on_failure=refused, explains=True
            )

    def _set_busy(self, busy: bool) -> None:
        for button in self.findChildren(QPushButton):
            button.setEnabled(not busy)
        if not busy:
            self.default_button.setEnabled(
                self._paths.database_url is not None or not self._is_default()
            )

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose a folder for your data"))
        if chosen:
            self.use_folder(Path(chosen))

    def use_folder(self, folder: Path) -> None:
        """A folder with Desktop CRM data is chosen at once; an empty one asks what to put there."""
        self.say(_("Looking at {path}…").format(path=folder))
        paths = self._paths

        def look() -> bool:
            holds = where.folder_holds_database(folder, paths)
            if holds:
                where.remember(where.Location(folder=folder.resolve()))
            return holds

        def looked(holds: object) -> None:
            if holds:
                self._chosen(_("From the next start your data is the database in {path}."), folder)
                return
            self._folder = folder.resolve()
            self.empty_note.setText(
                _("{path} holds no Desktop CRM data yet. What should go there?").format(path=folder)
            )
            for widget in (self.empty_note, self.copy_button, self.empty_button):
                widget.show()
            self.copy_button.setEnabled(not paths.database_url)
            self.say("")

        self._work(look, looked)

    def copy_here(self) -> None:
        """The copy is made after every edit already asked (the pane's too) has been saved,
        and the app restarts on it at once: an edit made after the copy in the old place
        would be missing from the new one."""
        folder = self._folder
        if folder is None:
            return
        paths = self._paths
        window = self.parentWidget()
        if window is not None:
            commit_pending_edits(window)
        self.say(_("Copying your data to {path}…").format(path=folder))

        def copy() -> None:
            where.remember(where.copy_data_to(folder, paths))

        self._work(copy, lambda _r: self._restart(), in_order=True)

    def start_empty(self) -> None:
        folder = self._folder
        if folder is None:
            return
        self._work(
            lambda: where.remember(where.start_empty_in(folder)),
            lambda _r: self._chosen(
                _("From the next start your data starts empty in {path}."), folder
            ),
        )

    def _server(self) -> where.ServerAccount:
        return where.ServerAccount(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    def test_connection(self) -> None:
        server, password = self._server(), self.password.text()
        self.say(_("Connecting to {host}…").format(host=server.host))
        self._work(lambda: self._probe(server, password), self._tested)

    @staticmethod
    def _probe(server: where.ServerAccount, password: str) -> bool:
        from desktop_crm.store.server_probe import probe_server

        found = probe_server(server.host, server.port, server.database, server.user, password)
        return found.holds_our_data

    def _tested(self, holds_our_data: object) -> None:
        if holds_our_data:
            self.say(_("The connection works; the database holds Desktop CRM data."))
        else:
            self.say(_("The connection works; the database is empty and is set up at the start."))

    def use_server(self) -> None:
        server, password = self._server(), self.password.text()
        self.say(_("Connecting to {host}…").format(host=server.host))

        def check_and_remember() -> None:
            self._probe(server, password)
            where.remember(where.Location(server=server), password)

        self._work(
            check_and_remember,
            lambda _r: self._chosen(
                _("From the next start your data lives on {server}."),
                f"{server.user}@{server.host}:{server.port}/{server.database}",
            ),
        )

    def use_default(self) -> None:
        folder = default_root()
        self._work(
            lambda: where.remember(where.Location()),
            lambda _r: self._chosen(
                _("From the next start your data lives in the default folder {path}."), folder
            ),
        )

    def _chosen(self, text: str, where_to: object) -> None:
        self.say(
            text.format(path=where_to, server=where_to)
            + " "
            + _("Restart Desktop CRM to use it now.")
        )
        for widget in (self.empty_note, self.copy_button, self.empty_button):
            widget.hide()
        self.restart_button.show()
        self.restart_button.setDefault(True)
        self.restart_button.setFocus()

    def _restart(self) -> None:
        self.accept()
        self.restart_requested.emit()
