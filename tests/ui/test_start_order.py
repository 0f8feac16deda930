"""The start path: the integrity check runs while the window's modules load, and is done
before the database is opened; a damaged file is still set aside before anything opens it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_crm.paths import DataPaths
from desktop_crm.services import startup_check
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

PROBE = Path(__file__).with_name("start_order_probe.py")


def _start(data: Path, answer: str = "no") -> list[str]:
    """The steps of one real start, in the order they happened."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env.pop("DESKTOP_CRM_REPORT_FIRST_PAINT", None)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(data), answer],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with a real database of a few contacts, closed as after a session."""
    folder = tmp_path / "data"
    open_database(path=DataPaths(root=folder).database)
    for i in range(30):
        m.Contact.create(display_name=f"Contact {i}", sort_name=f"c{i:02}")
    close_database()
    return folder


def test_the_check_overlaps_the_window_modules_and_ends_before_the_database_opens(data):
    steps = _start(data)
    assert steps.index("check started") < steps.index("window modules loaded while the check ran")
    assert "check held in vain" not in steps
    assert steps.index("check finished: ok") < steps.index("database opened")
    assert steps.index("database opened") < steps.index("first paint")
    assert steps.index("first paint") < steps.index("interactive")
    assert steps[-1] == "exit 0"


def test_the_window_paints_before_its_later_parts_and_the_notifier_check(data):
    steps = _start(data)
    painted = steps.index("first paint")
    # Built after the paint, and before the start counts as interactive.
    assert painted < steps.index("detail pane built") < steps.index("interactive")
    assert painted < steps.index("notifier's first check") < steps.index("settled")
    assert steps.count("detail pane built") == 1


def test_a_damaged_file_is_moved_aside_before_it_is_opened_and_the_app_starts_empty(data):
    database = DataPaths(root=data).database
    damaged = b"not a database at all " * 400
    database.write_bytes(damaged)
    steps = _start(data, answer="no")
    assert steps.index("check finished: damaged") < steps.index("told: no good backup")
    assert steps.index("told: no good backup") < steps.index("database opened")
    assert "first paint" in steps and steps[-1] == "exit 0"
    # Set aside byte for byte; the app went on with a new, empty database.
    (kept,) = (data / "damaged").glob("*.sqlite")
    assert kept.read_bytes() == damaged
    assert startup_check.check_at_start(DataPaths(root=data)).ok


def test_the_window_modules_leave_the_import_wizard_for_its_first_use():
    code = (
        "import sys, desktop_crm.ui.main_window;"
        "print(sorted(m for m in sys.modules if m.startswith("
        "('desktop_crm.ui.import_wizard.wizard', 'desktop_crm.services.importing'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"  # ~100 ms of imports at start, loaded on first drop
