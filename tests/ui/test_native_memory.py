"""Memory handed back after work: the runner trims once idle; the trim drops PySide6's
source-line cache; glibc's arenas can be capped."""

from __future__ import annotations

import linecache
import subprocess
import sys
import threading

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
    # In a child: the cap is for the whole process, and this one runs the other tests.
    code = "from desktop_crm.ui.native_memory import limit_arenas; print(limit_arenas())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr


_MAPPED_BLOCKS = """
import ctypes
from desktop_crm.ui.native_memory import limit_arenas

class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
{setup}
freed = bytearray(4 * 1024 * 1024)
del freed  # glibc would now raise its threshold to 4 MiB
before = libc.mallinfo2().hblks
kept = bytearray(300 * 1024)
print(libc.mallinfo2().hblks - before)
"""


@glibc_only
@pytest.mark.parametrize(("setup", "mapped"), [("limit_arenas()", "1"), ("", "0")])
def test_big_blocks_keep_mappings_of_their_own_after_a_bigger_one_was_freed(setup, mapped):
    # In a child, as above; without the fixed threshold the 300 KiB block lands in the heap.
    code = _MAPPED_BLOCKS.format(setup=setup)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == mapped, done.stderr


def test_a_reader_gives_memory_back_once_it_is_idle(qtbot, db, bus, monkeypatch):
    trims: list[str] = []
    monkeypatch.setattr(operations, "give_back", lambda: trims.append("trim") or True)
    monkeypatch.setattr(operations, "TRIM_EVERY_S", 0.0)
    monkeypatch.setattr(operations, "WRITER_IDLE_S", 60.0)  # the writer's own: the next test
    runner = OperationRunner(bus)
    try:
        answers: list[int] = []
        runner.query(lambda: list(range(100_000)), lambda ids: answers.append(len(ids)))
        qtbot.waitUntil(lambda: trims == ["trim"] and answers == [100_000], timeout=10_000)
        runner.query(lambda: 1, answers.append)
        qtbot.waitUntil(lambda: len(trims) == 2, timeout=10_000)  # and again after the next
        runner.mutate(lambda: None)  # the writer keeps its connection and does not trim now
        qtbot.waitUntil(runner.is_idle, timeout=10_000)
        assert len(trims) == 2
    finally:
        runner.shutdown()


def test_the_writer_empties_its_page_cache_once_no_write_came_for_a_while(
    qtbot, db, bus, clock, monkeypatch
):
    """Its first write fills the writer's page cache (4 MB at 100k), which it keeps with its
    connection; idle for WRITER_IDLE_S it empties the cache and trims, and keeps the
    connection (the change marker is only meaningful on the same one)."""
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft
    from desktop_crm.store import models as m

    trims: list[str] = []
    monkeypatch.setattr(operations, "give_back", lambda: trims.append("trim") or True)
    monkeypatch.setattr(operations, "TRIM_EVERY_S", 0.0)
    monkeypatch.setattr(operations, "WRITER_IDLE_S", 0.05)
    on_writer: list[str] = []
    real = db.execute_sql

    def traced(sql, params=None, *args, **kwargs):
        if threading.current_thread().name == "crm-mutation":
            on_writer.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", traced)
    runner = OperationRunner(bus)
    try:
        runner.mutate(lambda: create_contact(ContactDraft(full_name="Anna"), clock=clock))
        qtbot.waitUntil(lambda: "PRAGMA shrink_memory" in on_writer, timeout=10_000)
        # and the freed pages go back to the system: the writer trims after it shrank the
        # cache, so wait for that too (asserting at once failed in a full tests/ui run)
        qtbot.waitUntil(lambda: bool(trims), timeout=10_000)
        opened: list[bool] = []
        runner.in_order(lambda: not m.database_proxy.obj.is_closed(), opened.append)
        qtbot.waitUntil(lambda: opened == [True], timeout=10_000)  # the same connection
    finally:
        runner.shutdown()
