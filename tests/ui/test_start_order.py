"""The start path: the integrity check runs while the window's modules load and the window
paints; the file is opened for writing only after it, and no write runs before it; a damaged
file is set aside before anything writes to it, also when the check ends after the paint."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_crm.paths import DataPaths
from desktop_crm.services import startup_check
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

PROBE = Path(__file__).with_name("start_order_probe.py")
PAINT_PROBE = Path(__file__).with_name("first_paint_probe.py")


def _start(data: Path, answer: str = "no", *mode: str) -> list[str]:
    """The steps of one real start, in the order they happened."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env["PYTHONFAULTHANDLER"] = "1"  # a crash of the probe prints every thread's stack
    env.pop("DESKTOP_CRM_REPORT_FIRST_PAINT", None)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(data), answer, *mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    steps = [line for line in done.stdout.splitlines() if line.strip()]
    # PySide6 makes its classes as modules first touch them: never on a worker (a crash).
    assert not [s for s in steps if s.startswith("Qt module imported off the GUI thread")], steps
    return steps


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
    assert steps.index("first paint") < steps.index("interactive")
    assert steps[-1] == "exit 0"


def test_the_first_page_paints_before_the_check_ends_and_writes_wait_for_it(data):
    # The check is held until the window has painted: a start that waits for the check
    # before its first paint would record "check held in vain".
    steps = _start(data, "no", "after-paint")
    assert "window painted while the check ran" in steps, steps
    assert "first page shows 0 rows" not in steps
    assert steps.index("first paint") < steps.index("check finished: ok")
    # The write asked at the first paint runs once the file is checked and opened for it.
    assert steps.index("check finished: ok") < steps.index("database opened")
    assert steps.index("database opened") < steps.index("write ran") < steps.index("settled")
    assert steps[-1] == "exit 0"
    with sqlite3.connect(DataPaths(root=data).database) as written:
        asked = "SELECT count(*) FROM contact WHERE display_name = 'Asked at first paint'"
        assert written.execute(asked).fetchone() == (1,)


def test_reads_go_on_during_the_check_and_the_start_writes_wait_for_it(data):
    # The check is held until the app counts as interactive: reads (the first view, the
    # probe's read) do not wait for it; a start whose reads waited would hold it in vain.
    steps = _start(data, "no", "after-interactive")
    assert "window interactive while the check ran" in steps, steps
    assert steps.index("interactive") < steps.index("check finished: ok")
    opened = steps.index("database opened")
    assert steps.index("check finished: ok") < opened
    # The start's own work on the writer is asked once the file is open for writing.
    assert opened < steps.index("notifier's first check")
    assert opened < steps.index("change watcher started")
    assert opened < steps.index("write ran") < steps.index("settled")
    assert steps[-1] == "exit 0"


def _damage_a_page_the_list_never_reads(database: Path) -> None:
    """Scribble on the last page, a leaf of a table of its own: the file opens and its
    contacts read, but quick_check fails."""
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * 500)
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size, pages = (
            conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count")
        )
    image = bytearray(database.read_bytes())
    start = (pages - 1) * page_size
    image[start + 8 : start + 40] = b"\xff" * 32  # its cell pointers, out of range
    database.write_bytes(bytes(image))


def test_a_check_that_fails_after_the_paint_runs_the_recovery_and_writes_nothing_there(data):
    database = DataPaths(root=data).database
    _damage_a_page_the_list_never_reads(database)
    with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True) as reader:
        assert reader.execute("SELECT count(*) FROM contact").fetchone() == (30,)
    assert not startup_check.check_file(database).ok  # the premise: readable, yet damaged
    damaged = database.read_bytes()
    steps = _start(data, "no", "after-paint")
    assert "window painted while the check ran" in steps, steps
    assert steps.index("first paint") < steps.index("check finished: damaged")
    assert steps.index("check finished: damaged") < steps.index("told: no good backup")
    assert steps.index("told: no good backup") < steps.index("database opened")
    assert steps.index("database opened") < steps.index("write ran")
    assert steps[-1] == "exit 0"
    # Set aside byte for byte: the read-only window and the waiting write never touched it.
    (kept,) = (data / "damaged").glob("*.sqlite")
    assert kept.read_bytes() == damaged
    assert startup_check.check_at_start(DataPaths(root=data)).ok


def test_the_window_paints_before_its_later_parts_and_the_notifier_check(data):
    steps = _start(data)
    painted = steps.index("first paint")
    # Built after the paint, and before the start counts as interactive.
    assert painted < steps.index("detail pane built") < steps.index("interactive")
    assert painted < steps.index("notifier's first check") < steps.index("settled")
    assert steps.count("detail pane built") == 1
    # An event filter on the application: PySide6 wraps every object it sees (the first
    # paint waited for the classes of Qt's QObject subclasses); no key reaches the window
    # before its paint anyway.
    assert painted < steps.index("keyboard paths installed") < steps.index("interactive")


def test_the_window_paints_before_it_answers_later_starts(data):
    # The socket is claimed before the window (a second start never flashes one) with
    # Python's socket; a later start waits in the socket's queue until the paint is done.
    steps = _start(data)
    assert steps.index("first paint") < steps.index("answering later starts")
    assert steps.index("answering later starts") < steps.index("interactive")


def test_the_first_paint_loads_no_qt_class_or_module_it_does_not_need(data):
    # PySide6 makes a class and every enum in it when a module first names it (0.2-0.4 ms
    # an enum): QtNetwork for the single-instance socket, message boxes, spin boxes, text
    # edits and links wait for their first use. No subprocess either (a process spawned),
    # and shiboken's scan of each new module reads no source lines (ui/feature_scan.py).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env["DESKTOP_CRM_REPORT_FIRST_PAINT"] = "quit"
    done = subprocess.run(
        [sys.executable, str(PAINT_PROBE), str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert "first paint" in lines
    assert [line for line in lines if line.startswith(("made", "loaded", "read"))] == []


def test_a_start_on_contacts_leaves_todays_module_until_the_pane_is_built(data):
    steps = _start(data)  # nothing due: the window opens on Contacts
    assert "detail pane built" in steps[: steps.index("interactive")]
    # Today's module comes with the other tabs' modules, once the pane is whole. Not held to
    # "interactive": that is a 50 ms probe, which on a loaded machine answers after them.
    if "Today's module loaded" in steps:
        assert steps.index("detail pane built") < steps.index("Today's module loaded")


def test_the_gui_thread_imports_the_later_qt_modules_after_the_workers_half(data):
    # Begun at the same time, the GUI thread sat blocked on the worker's import locks.
    steps = _start(data)
    worker_done = steps.index("the worker's half of the later parts loaded")
    assert worker_done < steps.index("the tray's module loading") < steps.index("interactive")


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


def _loaded_by(imports: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of `prefixes` that a fresh interpreter has loaded
    after `import {imports}`."""
    code = (
        f"import json, sys, {imports};"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_window_modules_leave_the_import_wizard_for_its_first_use():
    wizard = ("desktop_crm.ui.import_wizard.wizard", "desktop_crm.services.importing")
    assert _loaded_by("desktop_crm.ui.main_window", wizard) == []  # ~100 ms at start


def test_the_start_before_the_paint_leaves_the_contacts_write_path_for_later():
    # What `python -m desktop_crm` imports before the window paints: the list reads through
    # services.contact_queries; the writes and their validation load after the start.
    before_paint = "desktop_crm.cli.main, desktop_crm.ui.app, desktop_crm.ui.main_window"
    write_path = (
        "desktop_crm.services.contacts",
        "desktop_crm.services.contact_validation",
        "desktop_crm.domain.alarms",
        "desktop_crm.services.bulk_edits",  # the list's context menu, made on a right click
    )
    assert _loaded_by(before_paint, write_path) == []


def test_opening_on_today_the_notifier_check_waits_until_its_rows_are_made(tmp_path):
    # The check's Python shares the GIL with the GUI thread: it stretched Today's build turns.
    from datetime import datetime, timedelta

    from desktop_crm.services.followups import add_follow_up

    folder = tmp_path / "data"
    open_database(path=DataPaths(root=folder).database)
    contact = m.Contact.create(display_name="Busy Person", sort_name="busy")
    for days in range(60):
        add_follow_up(contact.id, datetime.now() - timedelta(days=days + 1), f"Task {days}")
    close_database()

    steps = _start(folder)

    assert "notifier's first check" in steps
    assert "notifier's first check while a view was building" not in steps, steps
