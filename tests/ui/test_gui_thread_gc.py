"""The cycle collector runs on the GUI thread's timer, not wherever an allocation crosses a
threshold (ui/gui_thread_gc.py; the session's collector is made in conftest.py as the app
makes its own)."""

from __future__ import annotations

import gc
import weakref


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector frees it


def test_automatic_collection_is_off_and_the_timer_frees_cycles(qtbot):
    assert not gc.isenabled()
    node = _Node()
    gone = weakref.ref(node)
    del node
    kept = [[] for _ in range(gc.get_threshold()[0] * 2)]  # the young generation over its limit
    qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
    assert kept


def test_the_oldest_generation_over_its_limit_is_the_one_collected(
    qtbot, collector_on_the_gui_thread
):
    collector = collector_on_the_gui_thread
    gc.collect()  # every count at zero
    assert collector.collect_due() is None
    kept = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert collector.collect_due() == 0
    assert kept
