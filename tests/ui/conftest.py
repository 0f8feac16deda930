"""The UI tests' operation runner: real worker threads; failures collected instead of shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.operations import OperationRunner


@pytest.fixture(autouse=True)
def qt_locale():
    """A test that switches the app to Dutch sets Qt's default locale too (as the app
    does): put it back, or the next test's dates read "30 nov" instead of "30 Nov"."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


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


@pytest.fixture
def settle(qtbot, runner):
    """Wait until every operation asked for so far has arrived (and those it started)."""

    def wait() -> None:
        qtbot.waitUntil(runner.is_idle)

    return wait
