"""Loading ahead at start: a worker loads only modules without Qt (PySide6 crashed when a worker
made its classes while the GUI thread ran); the Qt modules load on the GUI thread, one a turn."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop_crm.ui import load_ahead

WORKER_LOADS = """
import sys, threading
import desktop_crm.ui.app, desktop_crm.ui.main_window  # what the first paint has loaded
from desktop_crm.ui import app, load_ahead, main_window, window_shell
from desktop_crm.ui.feature_scan import mentions_pyside

before = set(sys.modules)
refused = []
def work():
    app._import_later_parts()
    app._import_after_the_start()
    main_window._import_detail_pane()
    window_shell._load_settings_modules()  # File › Settings… the first time
    refused.extend(load_ahead.import_without_qt(
        load_ahead.LATER_PARTS_QT_FREE + load_ahead.AFTER_START_QT_FREE
        + load_ahead.SETTINGS_QT_FREE))
worker = threading.Thread(target=work)
worker.start()
worker.join()
new = sorted(set(sys.modules) - before)
print("refused", refused)
print("qt", [m for m in new if m.startswith("PySide6") or mentions_pyside(sys.modules[m])])
print("loaded", len(new))
"""

REFUSES = """
import sys, threading
from desktop_crm.ui import load_ahead
out = {}
def work():
    out["refused"] = load_ahead.import_without_qt(
        ["desktop_crm.ui.tray", "PySide6.QtCharts", "desktop_crm.services.today"])
worker = threading.Thread(target=work)
worker.start()
worker.join()
print("refused", out["refused"])
print("in", sorted(m for m in ("desktop_crm.ui.tray", "PySide6.QtCharts",
      "desktop_crm.services.today") if m in sys.modules))
import desktop_crm.ui.tray  # the GUI thread loads it as usual
print("later", "desktop_crm.ui.tray" in sys.modules)
"""


def _run(code: str) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_the_start_loads_no_qt_module_on_a_worker():
    refused, qt, loaded = _run(WORKER_LOADS)
    assert refused == "refused []"
    assert qt == "qt []"
    assert int(loaded.split()[1]) > 10  # it did load ahead


def test_a_worker_that_loads_ahead_is_refused_every_qt_module():
    refused, present, later = _run(REFUSES)
    assert refused == "refused ['desktop_crm.ui.tray', 'PySide6.QtCharts']"
    assert present == "in ['desktop_crm.services.today']"
    assert later == "later True"


def _modules(folder: Path, bodies: dict[str, str]) -> list[str]:
    """Real modules in `folder` (on sys.path); each appends its name to `ahead_log.order`."""
    (folder / "ahead_log.py").write_text("order = []\n")
    for name, body in bodies.items():
        (folder / f"{name}.py").write_text(
            f"import ahead_log\nahead_log.order.append({name!r})\n{body}"
        )
    return list(bodies)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("ahead_")]:
        del sys.modules[name]


def test_the_gui_thread_loads_one_module_a_turn_then_goes_on(qtbot, folder):
    owner = QWidget()
    qtbot.addWidget(owner)
    names = _modules(folder, {"ahead_a": "", "ahead_b": "", "ahead_c": ""})
    done: list[bool] = []
    load_ahead.import_in_turns(names, lambda: done.append(True), parent=owner)
    log = importlib.import_module("ahead_log")
    assert log.order == []  # not inside the call: the caller's turn ends first
    seen: list[list[str]] = []
    QTimer.singleShot(0, lambda: seen.append(list(log.order)))  # one turn later
    qtbot.waitUntil(lambda: done == [True])
    assert seen == [["ahead_a"]]
    assert log.order == ["ahead_a", "ahead_b", "ahead_c"]


@pytest.mark.qt_no_exception_capture
def test_a_module_that_fails_does_not_stop_the_ones_after_it(qtbot, folder, monkeypatch):
    owner = QWidget()
    qtbot.addWidget(owner)
    names = _modules(folder, {"ahead_a": "raise ImportError('broken')\n", "ahead_b": ""})
    reported: list[type] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, *_rest: reported.append(kind))
    done: list[bool] = []
    load_ahead.import_in_turns(names, lambda: done.append(True), parent=owner)
    qtbot.waitUntil(lambda: done == [True])
    assert importlib.import_module("ahead_log").order == ["ahead_a", "ahead_b"]
    assert reported == [ImportError]  # the app's error hook reports it


def test_every_module_the_gui_thread_loads_ahead_exists():
    # A misspelt name would be reported to the user at every start.
    names = (
        load_ahead.LATER_PARTS_QT
        + load_ahead.TODAY_QT
        + load_ahead.DETAIL_PANE_QT
        + load_ahead.TABS_QT
        + load_ahead.LIST_MENU_QT
        + load_ahead.SETTINGS_QT
    )
    assert all(importlib.import_module(name) for name in names)
