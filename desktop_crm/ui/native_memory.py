"""Memory the C allocator keeps: fewer per-thread arenas, and free pages handed back after work.

glibc gives each thread that allocates its own arena (up to 8 per core) and keeps freed
pages for reuse; after a big transient read (100,000 ids, a board, a chart) the resident
set stays at its peak. Both calls are glibc's; elsewhere (macOS, Windows, musl) they do
nothing, and those allocators return memory on their own terms."""

from __future__ import annotations

import ctypes
import ctypes.util
import linecache
import logging
import sys

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameter number, from glibc's malloc.h
# One arena shared by every thread: a worker's transient read (SQLite pages, 100,000 ids)
# then reuses the GUI thread's free space instead of growing a second heap. Measured at
# 100k against two: the peak 4-10 MB lower, no action slower (docs/performance.md).
ARENAS = 1

_libc: ctypes.CDLL | None = None


def _glibc() -> ctypes.CDLL | None:
    global _libc
    if _libc is None and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            libc.malloc_trim  # noqa: B018  # absent on musl: then we do nothing
            libc.mallopt  # noqa: B018
        except (OSError, AttributeError):
            return None
        _libc = libc
    return _libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas; call before the worker threads start. True if applied."""
    libc = _glibc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, arenas))


def give_back() -> bool:
    """Drop the source lines PySide6 read, and hand free heap pages back to the system
    (`malloc_trim(0)`). True if a trim ran."""
    # shiboken's import hook reads the source of every module imported after PySide6
    # (inspect.getsource, to see whether it uses PySide): 10 MB of lines in linecache that
    # only a traceback would read again, and a traceback reads them from the file anyway.
    linecache.clearcache()
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
