"""Probes for widgets that come by the hundred (cards, Today's rows): what Python runs for
their ordinary Qt events (an `event()` override runs for every event of every one of them),
and whether the mouse going over them repaints them."""

from __future__ import annotations

import sys
from types import FrameType, ModuleType
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF
from PySide6.QtGui import QHoverEvent, QMoveEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget


def _ordinary_events(widget: QWidget) -> list[QEvent]:
    """Events every shown widget gets, none of which it has to answer in Python."""
    here, size = QPointF(5, 5), widget.size()
    return [
        QMoveEvent(QPoint(1, 1), QPoint(0, 0)),
        QResizeEvent(size, size),
        QHoverEvent(QEvent.Type.HoverEnter, here, here, QPointF(-1, -1)),
        QHoverEvent(QEvent.Type.HoverMove, here, here, here),
        QHoverEvent(QEvent.Type.HoverLeave, QPointF(-1, -1), QPointF(-1, -1), here),
        QEvent(QEvent.Type.LayoutRequest),
        QEvent(QEvent.Type.User),
    ]


def python_calls_for_events(widget: QWidget, module: ModuleType) -> list[str]:
    """The functions of `module` that run while `widget` gets a round of ordinary events."""
    calls: list[str] = []

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_code.co_filename == module.__file__:
            calls.append(frame.f_code.co_name)

    events = _ordinary_events(widget)
    sys.setprofile(profile)
    try:
        for event in events:
            QApplication.sendEvent(widget, event)
    finally:
        sys.setprofile(None)
    return calls


class PaintCounter(QObject):
    """Counts the paint events `widget` gets (grab() paints anew, so it cannot tell)."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False
