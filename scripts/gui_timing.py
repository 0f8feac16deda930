"""Timing the GUI thread in the scripts: its longest stall (a 5 ms heartbeat), and running the
event loop until the window has gone quiet."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer


class Heartbeat(QObject):
    """The longest gap between two 5 ms ticks: how long the GUI thread was busy."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def run_until_quiet(busy: Callable[[], bool], quiet_ms: int = 150) -> None:
    """Run the event loop until `busy()` has been false for `quiet_ms` (two minutes at most)."""
    loop = QEventLoop()
    since = [time.perf_counter()]

    def check() -> None:
        if busy():
            since[0] = time.perf_counter()
        elif time.perf_counter() - since[0] > quiet_ms / 1000:
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(5)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    poll.stop()
