"""The cheap PySide6 import scan gives shiboken's own answer for every loaded module."""

from __future__ import annotations

import sys
import types

import PySide6.QtCore  # noqa: F401 - shiboken's support modules come with it

import desktop_crm.ui.main_window  # noqa: F401 - a realistic set of modules to compare
from desktop_crm.ui.feature_scan import mentions_pyside, shibokens_scan


def test_the_cheap_scan_agrees_with_shibokens_for_every_loaded_module():
    original = shibokens_scan()
    assert original is not mentions_pyside
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 300
    differing = [m.__name__ for m in modules if mentions_pyside(m) != original(m)]
    assert differing == []
    assert any(mentions_pyside(m) for m in modules)  # both answers occur
    assert not all(mentions_pyside(m) for m in modules)
