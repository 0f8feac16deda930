"""Memory the C allocator keeps: one arena, big blocks mapped apart, free pages handed back.

glibc gives each thread that allocates its own arena (up to 8 per core) and keeps freed
pages for reuse; after a big transient read (100,000 ids, a board, a chart) the resident
set stays at its peak. Both calls are glibc's; elsewhere (macOS, Windows, musl) they do
nothing, and those allocators return memory on their own terms."""

from __future__ import annotations

import ctypes
import linecache
import logging
import sys

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameter numbers, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
# One arena shared by every thread: a worker's transient read (SQLite pages, 100,000 ids)
# then reuses the GUI thread's free space instead of growing a second heap. Measured at
# 100k against two: the peak 4-10 MB lower, no action slower (docs/performance.md).
ARENAS = 1
# Blocks from 128 KiB up (a list of 100,000 ids is 800 KiB) get mappings of their own and go
# back to the system when freed. It is glibc's default, but glibc raises it after such a
# block is freed (up to 32 MiB), and later big blocks then stay in the heap; fixed, the
# RSS after the list's sorts and searches at 100k was 7 MB lower (docs/performance.md).
MMAP_THRESHOLD = 128 * 1024

_libc: ctypes.CDLL | None = None


def _glibc() -> ctypes.CDLL | None:
    global _libc
    if _libc is None and sys.platform.startswith("linux"):
        try:
            # The process's own symbols, the C library's among them: find_library("c")
            # runs `ldconfig -p` and ctypes.util loads subprocess, 5-30 ms before the paint.
            libc = ctypes.CDLL(None)
            libc.malloc_trim  # noqa: B018  # absent on musl: then we do nothing
            libc.mallopt  # noqa: B018
        except (OSError, AttributeError):
            return None
        _libc = libc
    return _libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas and fix its mmap threshold; call before the worker threads
    start. True if both were applied."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, arenas)) and bool(
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    )


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
