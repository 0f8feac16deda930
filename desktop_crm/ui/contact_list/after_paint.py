"""Tells a worker when a widget has painted: background reads start after the first page
is on screen, not while the GUI thread paints it and needs the GIL."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Events set once `widget` has finished its next paint. A zero timer alone is not
    enough: Qt posts the paint at low priority, so a timer started after `update()` runs
    before it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._waiting: list[threading.Event] = []
        widget.installEventFilter(self)

    def next_paint(self) -> threading.Event:
        """An event set after the widget's next paint (at once when it is not shown: no
        paint is coming)."""
        painted = threading.Event()
        if not self._widget.isVisible():
            painted.set()
        else:
            self._waiting.append(painted)
        return painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._waiting:
            waiting, self._waiting = self._waiting, []
            # Posted now, it runs once this paint event has been handled.
            QTimer.singleShot(0, self, lambda: _set_all(waiting))
        return False


def _set_all(events: list[threading.Event]) -> None:
    for done in events:
        done.set()
