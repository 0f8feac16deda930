"""The line above an archived contact's details: it says so, and brings the contact back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.style import muted_text_style


class ArchivedBanner(QWidget):
    restore_requested = Signal(int)  # the contact's id; the window restores it (undoable)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contact_id: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(
            _("This contact is archived: it is left out of the list, Today and reminders.")
        )
        self.label.setWordWrap(True)
        self.label.setStyleSheet(muted_text_style())
        self.button = QPushButton(_("Restore from archive"))
        self.button.setAccessibleName(_("Restore from archive"))
        self.button.clicked.connect(self._restore)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def show_for(self, details: ContactDetails | None) -> None:
        """Shown for an archived contact only."""
        archived = details is not None and details.archived
        self._contact_id = details.id if archived and details is not None else None
        self.setVisible(archived)

    def _restore(self) -> None:
        if self._contact_id is not None:
            self.restore_requested.emit(self._contact_id)
