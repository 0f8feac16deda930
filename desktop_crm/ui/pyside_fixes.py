"""A work-around for a PySide6 reference-count bug that frees Python's None and True (the
intermittent crash of the window tests, issue 14).

The PySide6 6.12 wheels in use return None (from every method that returns nothing, and from
those that return no object, such as `parent()`) and True (from `SignalInstance.emit`) without
the reference a caller owns. Every such call made from Python takes one reference away; a
window, and pytest-qt's wait loops above all, make hundreds of thousands of them, and when the
count reaches zero Python frees the object: "Fatal Python error: none_dealloc" (or
bool_dealloc), or, once the memory is reused, a segfault somewhere in the event loop. A loaded
machine waits longer and so calls more: hence "intermittent, under load". On Python 3.12 and
later these objects are immortal and the bug is harmless; on 3.11 their counts are raised here
once, far beyond what any session can take away. pyproject.toml keeps PySide6 below 6.12
(6.11.3 loses nothing); this stays as the guard for an install that has 6.12 anyway."""

from __future__ import annotations

import ctypes
import sys
import threading

# 2**40 calls: a million a second for twelve days.
MARGIN = 1 << 40
_lock = threading.Lock()
_done = False


def keep_singletons_alive() -> None:
    """Make None, True and False as good as immortal (once per process)."""
    global _done
    if sys.version_info >= (3, 12):
        return  # immortal already
    with _lock:
        if _done:
            return
        # ob_refcnt is the first field of every object; the GIL is held, so no other thread
        # changes it meanwhile.
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += MARGIN
        _done = True
