"""A work-around for a PySide6 reference-count bug that frees Python's True (issue 14's crash).

PySide6 6.12's `SignalInstance.emit` returns True without owning a reference to it, so every
`signal.emit(...)` made from Python code takes one reference away from True. After a few
thousand emits (the runner emits for every result) True's count reaches zero and Python frees
it: "Fatal Python error: bool_dealloc", or, once the memory is reused, a segfault somewhere in
the event loop. On Python 3.12 and later True is immortal and the bug is harmless; on 3.11 the
count is raised here once, far beyond what any session can emit."""

from __future__ import annotations

import ctypes
import sys
import threading

# 2**40 emits: a million a second for twelve days.
_MARGIN = 1 << 40
_lock = threading.Lock()
_done = False


def keep_true_alive() -> None:
    """Make True as good as immortal (once per process; before the runner's threads emit)."""
    global _done
    if sys.version_info >= (3, 12):
        return  # immortal already
    with _lock:
        if _done:
            return
        # ob_refcnt is the first field of every object; the GIL is held, so no other thread
        # changes it meanwhile.
        ctypes.c_ssize_t.from_address(id(True)).value += _MARGIN
        _done = True
