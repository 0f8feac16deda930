"""Settings for the sync account: server, user name and password; the address book and
calendar are found on the server (or made, named "Desktop CRM") when the user connects."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.services.sync.account import SyncAccount
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.import_wizard.task_thread import TaskThread


class SyncAccountDialog(FormDialog):
    def __init__(self, secret_dir: Path, *, status: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Sync account"))
        self.secret_dir = secret_dir
        self._thread: TaskThread | None = None
        self.password_in_file = False
        from desktop_crm.services.sync.account import load_account

        account = load_account()

        intro = QLabel(
            _(
                "Desktop CRM keeps your contacts, follow-ups and birthdays in step with your "
                "own address book and calendar server (Nextcloud, Radicale, Fastmail, iCloud with "
                "an app password …), so your phone has them too."
            )
        )
        intro.setWordWrap(True)
        self.url = QLineEdit(account.url if account else "")
        # Translators: an example address; keep it a URL.
        self.url.setPlaceholderText(_("https://cloud.example.nl/remote.php/dav/"))
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if account:
            self.password.setPlaceholderText(_("unchanged"))
        self.addressbook = QLineEdit(account.addressbook if account else "")
        self.addressbook.setPlaceholderText(_("found or made on the server"))
        self.calendar = QLineEdit(account.calendar if account else "")
        self.calendar.setPlaceholderText(_("found or made on the server"))
        form = QFormLayout()
        for text, field in (
            (_("&Server address:"), self.url),
            (_("&User name:"), self.user),
            (_("&Password:"), self.password),
            (_("&Address book:"), self.addressbook),
            (_("Ca&lendar:"), self.calendar),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(label, field)
        self.message = QLabel(status)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Sync status"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.add_discard_button(self.buttons)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Connect and save"))
        save.setDefault(True)
        self.remove_button = QPushButton(_("&Remove account"))
        self.remove_button.setEnabled(account is not None)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.connect_account)
        self.remove_button.clicked.connect(self.remove_account)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def connect_account(self) -> None:
        """Check the server off the GUI thread; keep the account only when it answers."""
        from desktop_crm.services.sync.account import load_account, load_password
        from desktop_crm.services.sync.setup import add_account

        url, user = self.url.text().strip(), self.user.text().strip()
        password = self.password.text()
        if not url or not user:
            self.message.setText(_("Fill in the server address and the user name."))
            return
        if not password:
            existing = load_account()
            if existing is None or existing.url != url or existing.user != user:
                self.message.setText(_("Fill in the password."))
                self.password.setFocus()
                return
            try:
                password = load_password(self.secret_dir, existing)
            except Exception as exc:  # a UserError with its own message
                self.message.setText(str(exc))
                return
        book = self.addressbook.text().strip() or None
        calendar = self.calendar.text().strip() or None
        secret_dir = self.secret_dir
        self.message.setText(_("Connecting to the server…"))
        self.buttons.setEnabled(False)
        self._thread = TaskThread(
            lambda _p, _c: add_account(
                secret_dir, url, user, password, addressbook=book, calendar=calendar
            ),
            self,
        )
        self._thread.succeeded.connect(self._connected)
        self._thread.failed.connect(self._refused)
        self._thread.start()

    def _connected(self, result: object) -> None:
        account, in_keyring = cast(tuple[SyncAccount, bool], result)
        self.buttons.setEnabled(True)
        self.addressbook.setText(account.addressbook)
        self.calendar.setText(account.calendar)
        # Said by the window once the dialog closes: a modal note here would hide the result.
        self.password_in_file = not in_keyring
        self.accept()

    def _refused(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)

    def remove_account(self) -> None:
        from desktop_crm.services.sync.setup import remove

        answer = QMessageBox.question(
            self,
            _("Sync account"),
            _("Stop syncing? Nothing is deleted, here or on the server."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        remove(self.secret_dir)
        self.message.setText(
            _("The sync account was removed; nothing was deleted on the server or here.")
        )
        self.remove_button.setEnabled(False)

    def done(self, result: int) -> None:
        if self._thread is not None:
            self._thread.wait()
        super().done(result)
