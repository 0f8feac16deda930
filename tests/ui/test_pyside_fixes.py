"""PySide6 6.12's emit takes a reference from True each time: the window must outlive that."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import desktop_crm.ui.operations  # noqa: F401  (the window's modules apply the work-around)


class _Sender(QObject):
    ping = Signal()


def test_more_emits_than_true_has_references_do_not_free_it(qtbot):
    """Without the work-around this test ends the process ("bool_dealloc"): it emits more
    times than True has references (6,000 to 10,000 in a test run)."""
    sender = _Sender()
    sender.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(50_000):
        sender.ping.emit()
    assert sys.getrefcount(True) > 0 and before > 50_000
