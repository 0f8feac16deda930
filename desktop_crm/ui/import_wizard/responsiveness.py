"""Keeping the GUI thread responsive while a worker thread runs Python code.

Two process-wide settings are changed only while background work runs:
- the GIL switch interval is shortened, because every Qt call from the GUI thread gives the
  GIL away and waits up to one interval to get it back (5 ms by default: a repaint with a
  dozen calls took 75 ms during a 100k import);
- the cyclic garbage collector is paused, because a full collection over the hundreds of
  thousands of objects a big preview holds took 0.8-1.2 s, with the GIL held.
When the work is done, the objects that are still alive (the preview's rows) are frozen, so
later collections do not scan them again; `thaw` undoes that when the wizard closes."""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.0005

_active = 0
_saved_interval: float | None = None
_gc_was_enabled = True
_frozen = 0


def begin() -> None:
    """Background work starts (call from the GUI thread)."""
    global _active, _saved_interval, _gc_was_enabled
    if _active == 0:
        _saved_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_saved_interval, SWITCH_INTERVAL_S))
        _gc_was_enabled = gc.isenabled()
        gc.disable()
    _active += 1


def end() -> None:
    """Background work ended (call from the GUI thread, after its result was taken)."""
    global _active, _frozen
    if _active == 0:
        return
    _active -= 1
    if _active == 0:
        if _saved_interval is not None:
            sys.setswitchinterval(_saved_interval)
        if _gc_was_enabled:
            gc.freeze()
            _frozen += 1
            gc.enable()


def thaw() -> None:
    """Let the collector see the frozen objects again (the wizard closed: they are gone)."""
    global _frozen
    if _frozen:
        _frozen = 0
        gc.unfreeze()
