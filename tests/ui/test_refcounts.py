"""PySide6 6.12's void methods take a reference from None on Python 3.11 at every call; with
the package's guard (ui/refcounts.py) a window outlives any number of them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop_crm.ui import refcounts

# 300,000 calls: more than None's whole count in a started window (about 50,000).
_CALLS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(300_000):
    label.setText("x")
    label.update()
print("alive", flush=True)
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    code = _CALLS.format(guard=guard)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_a_window_survives_many_qt_calls_once_the_ui_package_is_imported():
    done = _run("import desktop_crm.ui")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_pinning_raises_the_counts_once():
    before = sys.getrefcount(None)
    assert refcounts._pinned  # the package did it at import
    assert refcounts.pin_singletons() is False  # and only once
    assert sys.getrefcount(None) - before < 1000
    assert sys.getrefcount(None) > refcounts.PIN
    assert sys.getrefcount(True) > refcounts.PIN and sys.getrefcount(False) > refcounts.PIN
