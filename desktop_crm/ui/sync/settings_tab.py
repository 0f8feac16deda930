"""Settings › Sync: where the sync account stands, and the way to set it up or change it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.sync.account_dialog import SyncAccountDialog


class SyncTab(QWidget):
    def __init__(self, secret_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.secret_dir = secret_dir
        self.account_dialog: SyncAccountDialog | None = None
        intro = QLabel(
            _(
                "Keep your contacts, follow-ups and birthdays in step with the address book "
                "and calendar server your phone uses."
            )
        )
        intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Sync status"))
        self.account_button = QPushButton()
        self.account_button.clicked.connect(self.open_account)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addWidget(self.account_button)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        from desktop_crm.services.sync.account import load_account, load_state

        account = load_account()
        if account is None:
            self.status.setText(_("No sync account is set up."))
            self.account_button.setText(_("Set up a sync account…"))
        else:
            state = load_state()
            lines = [
                _("Server: {url}").format(url=account.url),
                _("Last sync: {when}").format(when=state.last_sync or _("never")),
            ]
            if state.last_error:
                lines.append(_("Last problem: {error}").format(error=state.last_error))
            self.status.setText("\n".join(lines))
            self.account_button.setText(_("Change the sync account…"))
        self.account_button.setAccessibleName(self.account_button.text().rstrip("…"))

    def open_account(self) -> None:
        """The account dialog, window-modal (never blocking this dialog's event loop)."""
        self.account_dialog = SyncAccountDialog(self.secret_dir, parent=self)
        self.account_dialog.finished.connect(lambda _result: self.refresh())
        self.account_dialog.open()
