"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11: None, True and False
made as long-lived as Python 3.12 makes them.

PySide6 6.12.0 returns None from most void methods (`update()`, `setText()`, `fillRect()`
…) without taking a reference to it, as if None were immortal, which it is only from
Python 3.12 on (PEP 683). Each such call on 3.11 takes one reference from None for good;
some paths do the same to True or False. At a few tens of thousands of calls (opening both
boards once took 30,000) the count reaches zero and the interpreter aborts ("Fatal Python
error: none_dealloc"), in the running window or at exit. Raising the three counts by 2**40
gives them what 3.12 gives: no program lives long enough to take that many."""

from __future__ import annotations

import ctypes
import sys

PIN = 1 << 40  # references added to each of None, True and False
_pinned = False


def pin_singletons() -> bool:
    """Raise the reference counts of None, True and False by PIN once, on Python < 3.12;
    True if it did. Call before PySide6 does any work."""
    global _pinned
    if sys.version_info >= (3, 12) or _pinned:
        return False  # immortal already, or pinned
    _pinned = True
    for singleton in (None, True, False):
        # ob_refcnt is the object's first field, at its address (CPython).
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += PIN
    return True
