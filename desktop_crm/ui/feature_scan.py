"""A cheaper form of PySide6's look at every module imported after it (does the module
mention PySide6, so that it may use `from __feature__ import …`): the same answer from the
file's bytes instead of `inspect.getsource`.

shiboken's import hook asks it once per module. `inspect.getsource` tokenises nothing but
reads each file through `linecache` and keeps its lines: 24–40 ms for the ~230 modules the
window imports at start, and the lines stay in memory until someone clears the cache."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType

log = logging.getLogger(__name__)
_shibokens: Callable[[ModuleType], bool] | None = None  # the check that was swapped out


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file contains "PySide6" (False without a .py source,
    as `inspect.getsource` raising would give)."""
    path = getattr(module, "__file__", None)
    return source_mentions_pyside(path if isinstance(path, str) else None)


def source_mentions_pyside(path: str | None) -> bool:
    """Whether the Python source file at `path` contains "PySide6" (False for no .py file)."""
    if path is None or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def use_cheap_scan() -> bool:
    """Swap shiboken's check for `mentions_pyside`; False if this PySide6 has no such check."""
    try:
        import shiboken6  # noqa: F401  # sets up shibokensupport, as PySide6 would next
        import shibokensupport.feature as feature
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.info("PySide6 has no _mod_uses_pyside; its import scan is left as it is")
        return False
    global _shibokens
    if feature._mod_uses_pyside is not mentions_pyside:
        _shibokens = feature._mod_uses_pyside
        feature._mod_uses_pyside = mentions_pyside
    return True


def shibokens_scan() -> Callable[[ModuleType], bool]:
    """shiboken's own check (for the test that holds the cheap one to it)."""
    import shibokensupport.feature as feature

    return _shibokens or feature._mod_uses_pyside
