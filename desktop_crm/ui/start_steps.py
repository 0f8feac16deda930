"""The start after the first paint: the rest of the window and the app's background parts,
one step per event-loop turn, so a click or a key is answered between two steps."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

Step = tuple[str, Callable[[], object]]


class StagedStart(QObject):
    """Runs `steps` in order, one per turn of the event loop.

    Signals: step_done(str) after each step (its name), finished() after the last."""

    step_done = Signal(str)
    finished = Signal()

    def __init__(self, steps: list[Step] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = list(steps or [])
        self.done: list[str] = []
        self.is_finished = False
        self._stopped = False
        self._held = False

    def extend(self, steps: list[Step]) -> None:
        self._steps.extend(steps)

    def hold(self) -> Callable[[], None]:
        """For a step that starts work elsewhere (a read, loading modules on a worker): the
        next step waits until the returned callable is called."""
        self._held = True

        def release() -> None:
            if self._held:
                self._held = False
                QTimer.singleShot(0, self._next)

        return release

    def start(self) -> None:
        QTimer.singleShot(0, self._next)

    def stop(self) -> None:
        """Quitting: the steps not run yet are dropped."""
        self._stopped = True
        self._steps.clear()

    @property
    def is_stopped(self) -> bool:
        return self._stopped

    def _next(self) -> None:
        if self._stopped:
            return
        if not self._steps:
            if not self.is_finished:
                self.is_finished = True
                self.finished.emit()
            return
        name, step = self._steps.pop(0)
        try:
            step()
        finally:
            # Also after a step that failed (the app's error hook reports it): the window
            # must not stay half built. Asked for after the step, so what the step (or
            # the user) posted meanwhile is handled first.
            self.done.append(name)
            self.step_done.emit(name)
            if not self._held:
                QTimer.singleShot(0, self._next)


class Responsiveness(QObject):
    """For bench/: "interactive" is the first moment after the start's steps at which a
    read sent through the runner comes back to the GUI thread within `within_ms`: the
    GUI thread is answering and a reader is free for a user's query (a search typed now
    is served at once), and `ready()` (the window is whole). Each probe that took longer,
    or came back before `ready()`, is followed by another."""

    answered = Signal(float)  # seconds the answering probe took

    def __init__(
        self,
        send: Callable[[Callable[[object], None]], None],
        *,
        ready: Callable[[], bool] = lambda: True,
        within_ms: float = 50.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._send = send
        self._ready = ready
        self._within = within_ms / 1000
        self.probes = 0

    def start(self) -> None:
        self._probe()

    def _probe(self) -> None:
        self.probes += 1
        sent = time.perf_counter()

        def back(_value: object) -> None:
            took = time.perf_counter() - sent
            if took <= self._within and self._ready():
                self.answered.emit(took)
            else:
                QTimer.singleShot(0, self._probe)

        self._send(back)


def freeze_start_objects() -> None:
    """The objects the start built (modules, widgets, the list's arrays) live as long as the
    app: kept out of the collector's full passes, which at 100k took 58 ms on the GUI
    thread each, long enough to stall a keystroke."""
    gc.freeze()
