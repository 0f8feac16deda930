"""Timing the GUI thread in the scripts: its longest stall (a 5 ms heartbeat), and running the
event loop until the window has gone quiet."""

from __future__ import annotations

import time
from typing import Any

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


def run_until_settled(window: Any, staged: Any, quiet_ms: int = 150) -> None:
    """Run the event loop until the start's steps are done, the runner is idle and no view is
    making rows or cards, and that has lasted `quiet_ms` (two minutes at most).

    Woken by the signals that end each of these (`staged.finished`, `runner.idle`,
    `window.views_built`) rather than by polling, so the wait adds no turns of its own."""
    runner = window.runner
    loop = QEventLoop()
    quiet = QTimer()
    quiet.setSingleShot(True)
    quiet.setInterval(quiet_ms)

    def busy() -> bool:
        return not runner.is_idle() or window.views_building() or not staged.is_finished

    def look() -> None:
        if busy():
            quiet.stop()  # the signal that ends the work calls again
        else:
            quiet.start()  # from now: quiet for quiet_ms

    def end() -> None:
        if not busy():
            loop.quit()

    quiet.timeout.connect(end)
    signals = (staged.finished, runner.idle, window.views_built)
    for signal in signals:
        signal.connect(look)
    look()
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    quiet.stop()
    for signal in signals:
        signal.disconnect(look)
