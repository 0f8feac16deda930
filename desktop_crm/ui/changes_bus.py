"""One app-wide signal carrying a service's `Changes`; each view decides what to refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_crm.services.changes import Changes


class ChangesBus(QObject):
    """Passed to every view that shows data; never a global, so tests get their own."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes | None) -> None:
        if changes is not None:
            self.changed.emit(changes)
