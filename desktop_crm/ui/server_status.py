"""The status bar says once while the database server is away, and again when it is back."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar

from desktop_crm.i18n import _
from desktop_crm.store.server_database import (
    add_connection_listener,
    remove_connection_listener,
)


class ServerStatus(QObject):
    """Listens to the store's connection state; may be told from any thread."""

    availability_changed = Signal(bool)

    def __init__(self, status_bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bar = status_bar
        self._away = False
        # A worker thread notices first; the queued signal brings it to the GUI thread.
        self.availability_changed.connect(self._show)
        listener = self.availability_changed.emit
        self._listener = listener
        add_connection_listener(listener)
        self.destroyed.connect(lambda *_a: remove_connection_listener(listener))

    def _show(self, available: bool) -> None:
        if available == (not self._away):
            return  # said already
        self._away = not available
        if self._away:
            self._bar.showMessage(
                _(
                    "The database server cannot be reached. Your edits stay open; "
                    "save again when it is back."
                )
            )
        else:
            self._bar.showMessage(_("The database server is back."), 5000)

    def close(self) -> None:
        remove_connection_listener(self._listener)
