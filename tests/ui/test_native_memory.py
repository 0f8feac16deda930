"""Memory handed back after work: the runner trims once idle; the trim drops PySide6's
source-line cache; glibc's arenas can be capped."""

from __future__ import annotations

import linecache
import sys

import pytest

from desktop_crm.ui import native_memory, operations
from desktop_crm.ui.operations import OperationRunner

glibc_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc calls")


@glibc_only
def test_give_back_trims_the_heap_and_drops_cached_source_lines():
    linecache.getlines(operations.__file__)  # what shiboken's import hook leaves behind
    assert operations.__file__ in linecache.cache
    assert native_memory.give_back()
    assert operations.__file__ not in linecache.cache


@glibc_only
def test_the_arena_cap_is_accepted_by_glibc():
    assert native_memory.limit_arenas()


def test_the_runner_gives_memory_back_once_it_has_been_idle(qtbot, db, bus, monkeypatch):
    trims: list[str] = []
    monkeypatch.setattr(operations, "give_back", lambda: trims.append("trim") or True)
    monkeypatch.setattr(operations, "TRIM_AFTER_IDLE_MS", 10)
    runner = OperationRunner(bus)
    try:
        answers: list[int] = []
        runner.query(lambda: list(range(100_000)), lambda ids: answers.append(len(ids)))
        qtbot.waitUntil(lambda: trims == ["trim"], timeout=10_000)
        assert answers == [100_000]  # the trim came after the work's answer arrived
        runner.query(lambda: 1, answers.append)
        qtbot.waitUntil(lambda: len(trims) == 2, timeout=10_000)  # and again after the next
    finally:
        runner.shutdown()
