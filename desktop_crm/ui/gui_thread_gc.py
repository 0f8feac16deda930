"""Python's cycle collector run by the GUI thread between events, never inside one.

Left automatic, a collection starts wherever an allocation crosses a threshold: on a
runner's worker thread, where it may free a Qt object's wrapper off the GUI thread, or on the
GUI thread in the middle of Qt building or destroying widgets. Both have crashed PySide6 here
(a segfault "Garbage-collecting" inside the event loop, about one whole UI test run in three
on 1 December). So automatic collection is off, and a timer on the GUI thread collects the
generations that automatic collection would have collected by then, with the same
thresholds (`services/importing/gc_pause.py` raises the oldest one during an import)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# Often enough that the young generation stays small (a collection of it is a millisecond or
# two), rarely enough to cost nothing when idle.
INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """Turns automatic collection off; `collect_due` runs every INTERVAL_MS from then on."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    def collect_due(self) -> int | None:
        """The oldest generation over its threshold, collected; None when none is."""
        young, middle, old = gc.get_count()
        young_limit, middle_limit, old_limit = gc.get_threshold()
        if young < young_limit:
            return None
        generation = 0
        if middle >= middle_limit:
            generation = 2 if old >= old_limit else 1
        gc.collect(generation)
        return generation
