"""Runs the real start (`desktop_crm.cli.main`) with the integrity check held and prints
every step as it happens, one a line, among the app's own "first paint" and "interactive". Used by tests/ui/test_start_order.py.

`python start_order_probe.py DATA_DIR ANSWER [after-paint | after-interactive]`: ANSWER (yes/no) is what the
user clicks when the damaged-database question comes up. The check itself is the real
one; it is held until the window's modules have loaded, so it can only finish if the
start loads them while it runs (the wait is bounded: a start that waits for the check
first would hang here and record "check held in vain" instead). With `after-paint` it is
held until the window's first paint instead, and at that paint a write is asked through
the runner (recorded as "write ran" when it runs); with `after-interactive`, it is held until
the app counts as interactive, and the write is asked then."""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.cli import context as context_module
from desktop_crm.cli.main import main
from desktop_crm.services import startup_check
from desktop_crm.ui import app as app_module
from desktop_crm.ui.single_instance import SingleInstance

MODE = sys.argv[3] if len(sys.argv) > 3 else ""
AFTER_PAINT = MODE in ("after-paint", "after-interactive")
AFTER_INTERACTIVE = MODE == "after-interactive"
painted = threading.Event()
interactive = threading.Event()


def record(step: str) -> None:
    print(step + "\n", end="", flush=True)  # one write: threads record too, never mid-line


real_check = startup_check.check_at_start


def held_check(paths, *, now=None):
    record("check started")
    loaded = threading.Event()

    def watch() -> None:
        # The window's modules are in sys.modules once the start has imported them.
        while not loaded.is_set():
            if "desktop_crm.ui.main_window" in sys.modules:
                loaded.set()
            else:
                loaded.wait(0.01)

    if AFTER_INTERACTIVE:
        if interactive.wait(30):
            record("window interactive while the check ran")
        else:
            record("check held in vain")
    elif AFTER_PAINT:
        if painted.wait(30):
            record("window painted while the check ran")
        else:
            record("check held in vain")
    else:
        threading.Thread(target=watch, daemon=True).start()
        if loaded.wait(30):
            record("window modules loaded while the check ran")
        else:
            loaded.set()
            record("check held in vain")
    result = real_check(paths, now=now)
    record("check finished: " + ("ok" if result.ok else "damaged"))
    return result


real_open = context_module.CliContext.open


def recorded_open(self):
    record("database opened")
    return real_open(self)


real_preferences = app_module._apply_preferences


def recorded_preferences(*args, **kwargs):
    record_later_parts()  # the window's modules are loaded; the window is built next
    return real_preferences(*args, **kwargs)


real_paint_filter = app_module._FirstPaint.eventFilter


def paint_filter(self, watched, event):
    first = not self._done
    handled = real_paint_filter(self, watched, event)
    if first and self._done:
        record(f"first page shows {watched.contact_list.model.rowCount()} rows")
        if AFTER_PAINT and not AFTER_INTERACTIVE:
            watched.runner.mutate(write_at_first_paint)
        painted.set()
    return handled


def write_at_first_paint():
    """A write asked at the first paint (on the runner's writer)."""
    from desktop_crm.services.changes import Changes
    from desktop_crm.store import models as m

    record("write ran")
    m.Contact.create(display_name="Asked at first paint", sort_name="asked")
    return Changes(contacts_added_or_removed=True)


def answer(*args, **kwargs):
    record("asked to restore")
    yes = sys.argv[2] == "yes"
    return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No


def warn(*args, **kwargs):
    record("told: no good backup")
    return QMessageBox.StandardButton.Ok


def recorded(name: str, real):
    def call(*args, **kwargs):
        record(name)
        return real(*args, **kwargs)

    return call


def recorded_after(name: str, real):
    def call(*args, **kwargs):
        result = real(*args, **kwargs)
        record(name)
        return result

    return call


def record_later_parts() -> None:
    """The parts the window builds after its first paint, and the notifier's first check
    (patched once the start has loaded the window's modules, not before: see held_check)."""
    from desktop_crm.ui import keyboard
    from desktop_crm.ui.change_watcher import ChangeWatcher
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.notifier import Notifier

    keyboard.install_context_menu_keys = recorded(
        "keyboard paths installed", keyboard.install_context_menu_keys
    )

    # Whole and in its place (built at once, or a part a turn).
    MainWindow._place_detail = recorded("detail pane built", MainWindow._place_detail)  # type: ignore[method-assign]
    Notifier.start = recorded("notifier's first check", Notifier.start)  # type: ignore[method-assign]
    real_start = Notifier.start

    def notifier_start(self, *args, **kwargs):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if any(window.views_building() for window in windows):
            record("notifier's first check while a view was building")
        return real_start(self, *args, **kwargs)

    Notifier.start = notifier_start  # type: ignore[method-assign]
    ChangeWatcher.start = recorded("change watcher started", ChangeWatcher.start)  # type: ignore[method-assign]


class RecordedResponsiveness(app_module.Responsiveness):
    """The app's "interactive" probe, which also lets a check held for it go."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered.connect(self._interactive)

    def _interactive(self, _took: float) -> None:
        if AFTER_INTERACTIVE:  # a write asked now, while the check is held, waits for it
            self.parent().runner.mutate(write_at_first_paint)
        # After the app's own slot has printed "interactive" (it is connected after this one).
        QTimer.singleShot(0, interactive.set)


class QtOffTheGuiThread:
    """Records every module that uses PySide6 and is imported on a thread other than the GUI
    thread (PySide6 crashed when a worker made its classes while the GUI thread ran)."""

    def find_spec(self, name, path, target=None):
        import importlib.machinery

        if name == "desktop_crm.ui.today.today_view":
            record("Today's module loaded")
        if name == "desktop_crm.ui.tray":  # the probe itself imports the notifier's
            record("the tray's module loading")
        if threading.current_thread() is threading.main_thread():
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        origin = getattr(spec, "origin", None) or ""
        qt = name.startswith(("PySide6", "shiboken6"))
        if not qt and origin.endswith(".py"):
            with open(origin, "rb") as source:
                qt = b"PySide6" in source.read()
        if qt:
            record(f"Qt module imported off the GUI thread: {name}")
        return None


sys.meta_path.insert(0, QtOffTheGuiThread())
startup_check.check_at_start = held_check
context_module.CliContext.open = recorded_open  # type: ignore[method-assign]
QMessageBox.question = answer  # type: ignore[method-assign]
QMessageBox.warning = warn  # type: ignore[method-assign]
app_module._apply_preferences = recorded_preferences
app_module._FirstPaint.eventFilter = paint_filter  # type: ignore[method-assign]
SingleInstance.serve = recorded_after("answering later starts", SingleInstance.serve)  # type: ignore[method-assign]
app_module.Responsiveness = RecordedResponsiveness  # type: ignore[misc]
app_module._import_later_parts = recorded_after(  # type: ignore[assignment]
    "the worker's half of the later parts loaded", app_module._import_later_parts
)
os.environ["DESKTOP_CRM_REPORT_FIRST_PAINT"] = "quit"
code = main(["--data-dir", sys.argv[1], "--lang", "en"])
record(f"exit {code}")
os._exit(0)  # PySide6 has crashed in interpreter teardown; the steps are out already
