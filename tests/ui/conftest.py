"""The UI tests' operation runner: real worker threads; failures collected instead of shown."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
import shiboken6
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop_crm.store import models as m
from desktop_crm.ui.boards.board import Board
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.today.today_view import TodayView


@pytest.fixture(scope="session", autouse=True)
def collector_on_the_gui_thread(qapp):
    """As the app runs: the cycle collector on the GUI thread between events (ui/app.py)."""
    from desktop_crm.ui.gui_thread_gc import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield collector
    gc.enable()


@pytest.fixture(autouse=True)
def qt_locale():
    """A test that switches the app to Dutch sets Qt's default locale too (as the app
    does): put it back, or the next test's dates read "30 nov" instead of "30 Nov"."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def runners_stop_before_their_windows(qtbot, monkeypatch):
    """Every runner a test made (a window's too) stops its workers before qtbot deletes
    the widgets, as the app does at quit: a worker that finished after its window (and
    runner) were deleted could post to a dead object and crash a later test."""
    made: list[weakref.ref[OperationRunner]] = []
    real_init = OperationRunner.__init__

    def init(self, *args, **kwargs) -> None:
        real_init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(OperationRunner, "__init__", init)
    yield
    for ref in made:
        ops = ref()
        if ops is not None and shiboken6.isValid(ops):
            ops.shutdown(timeout=2.0)


@pytest.fixture
def bus(qtbot) -> ChangesBus:
    return ChangesBus()


@pytest.fixture
def failures() -> list[str]:
    return []


@pytest.fixture
def runner(qtbot, db, bus, failures):
    ops = OperationRunner(bus, reporter=lambda message, _parent: failures.append(message))
    yield ops
    ops.shutdown()


def views_building() -> bool:
    """A view, or a window's tab, still making the rows or cards of a read a few per turn."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            if widget.views_building():
                return True
        elif isinstance(widget, (TodayView, Board)) and widget.is_building:
            return True
    return False


@pytest.fixture
def settle(qtbot, runner):
    """Wait until every operation asked for so far has arrived (and those it started), and
    the views have made what arrived (Today's rows, a board's cards: a few per turn)."""

    def wait() -> None:
        qtbot.waitUntil(lambda: runner.is_idle() and not views_building())

    return wait


@pytest.fixture
def gui_queries(monkeypatch) -> list[str]:
    """Every SQL statement run on the GUI (main) thread from now on."""
    seen: list[str] = []
    database = m.database_proxy.obj
    real = database.execute_sql

    def traced(sql, params=None, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", traced)
    return seen


@pytest.fixture
def gate(runner):
    """Holds the writer: every write asked after it (and every read after those) waits
    until the test lets go."""
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))
    yield release
    release.set()


@pytest.fixture
def shown_window(qtbot, db, clock):
    """The main window over the test's database, shown; its runner stopped afterwards."""
    from desktop_crm.ui.main_window import MainWindow

    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.shutdown()
