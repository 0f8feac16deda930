"""Notices writes made outside this window (the command line, another desktop on a
shared database) and tells every view to reload."""

from __future__ import annotations

import logging
from collections.abc import Callable

import peewee as pw
from PySide6.QtCore import QObject, QTimer

from desktop_crm.errors import UserError
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.operations import OperationRunner

log = logging.getLogger(__name__)
POLL_MS = 3_000


class ChangeWatcher(QObject):
    """Polls the change marker; with a runner (the app) the read runs off the GUI thread,
    without one (tests) inline."""

    def __init__(
        self,
        bus: ChangesBus,
        *,
        runner: OperationRunner | None = None,
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._runner = runner
        self._marker: object = None
        self._publishing = False
        self._own_changes = 0  # changes this window published, counted
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        # Our own changes move the marker too; they are already shown, so only re-read it.
        bus.changed.connect(self._own_change)

    def start(self) -> None:
        self._read_then(self._remember)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _read_then(self, then: Callable[[object], object]) -> object:
        if self._runner is None:
            return then(_read())
        # On the writer's connection: data_version counts other connections' commits.
        self._runner.in_order(_read, then)
        return None

    def _remember(self, marker: object) -> None:
        if marker is not None:
            self._marker = marker

    def _own_change(self, _changes: Changes) -> None:
        if not self._publishing:
            self._own_changes += 1
            self._read_then(self._remember)

    def poll(self) -> bool | None:
        """Reload every view when someone else changed the data; returns whether they did
        (inline), or None when the answer comes later (through the runner)."""
        own = self._own_changes
        answer = self._read_then(lambda current: self._compare(current, own))
        return None if answer is None else bool(answer)

    def _compare(self, current: object, own_changes_then: int) -> bool:
        if current is None or current == self._marker:
            return False
        if own_changes_then != self._own_changes:
            # This window wrote (and showed it) while the marker was read: the move is ours.
            self._marker = current
            return False
        self._marker = current
        self._publishing = True
        try:
            self._bus.publish(Changes(everything=True))
        finally:
            self._publishing = False
        return True


def _read() -> object:
    try:
        return change_marker()
    except (UserError, pw.PeeweeException):  # a busy or lost connection: try again later
        log.debug("change marker not readable now", exc_info=True)
        return None
