"""Notices writes made outside this window (the command line, another desktop on a
shared database) and tells every view to reload."""

from __future__ import annotations

import logging

import peewee as pw
from PySide6.QtCore import QObject, QTimer

from desktop_crm.errors import UserError
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.changes import Changes

log = logging.getLogger(__name__)
POLL_MS = 3_000


class ChangeWatcher(QObject):
    def __init__(self, bus, *, interval_ms: int = POLL_MS, parent=None):
        super().__init__(parent)
        self._bus = bus
        self._marker = None
        self._publishing = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        # Our own changes move the marker too; they are already shown, so only re-read it.
        bus.changed.connect(self._own_change)

    def start(self) -> None:
        self._marker = self._read()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _read(self):
        try:
            return change_marker()
        except (UserError, pw.PeeweeException):  # a busy or lost connection: try again later
            log.debug("change marker not readable now", exc_info=True)
            return self._marker

    def _own_change(self, _changes) -> None:
        if not self._publishing:
            self._marker = self._read()

    def poll(self) -> bool:
        """Reload every view when someone else changed the data; returns whether they did."""
        current = self._read()
        if current is None or current == self._marker:
            return False
        self._marker = current
        self._publishing = True
        try:
            self._bus.publish(Changes(everything=True))
        finally:
            self._publishing = False
        return True
