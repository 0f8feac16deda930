"""Trace: every SQL statement the GUI thread runs while the real window is driven, per action.

`python scripts/trace_gui_reads.py DATA_DIR` (a copy of a bench seed: the script writes
to it). The window starts as the app's does (ui/app.py's steps after the first paint);
then each action (a dialog opened, a filter, a tab, a "show more") runs and the runner
settles. Printed per action: the GUI thread's longest stall (a 5 ms heartbeat), the
statements it ran itself with their time (the statement and the fetching of its rows)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_crm.cli.context import CliContext
    from desktop_crm.paths import resolve
    from desktop_crm.store import models as m
    from desktop_crm.ui import app as app_module
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.start_steps import StagedStart

    data_dir = Path(sys.argv[1])
    only = sys.argv[2:]  # action names (substrings) to run; all when none
    app = QApplication(sys.argv[:1])
    context = CliContext(paths=resolve(str(data_dir), None), region="NL")
    context.open()
    seen: list[list] = []  # [statement, seconds]
    database = m.database_proxy.obj
    real = database.execute_sql

    class TimedCursor:
        """The driver's cursor; the time its rows take to fetch is added to its statement."""

        def __init__(self, cursor, entry: list) -> None:
            self._cursor, self._entry = cursor, entry

        def _timed(self, name: str, *args):
            began = time.perf_counter()
            try:
                return getattr(self._cursor, name)(*args)
            finally:
                self._entry[1] += time.perf_counter() - began

        def fetchone(self):
            return self._timed("fetchone")

        def fetchall(self):
            return self._timed("fetchall")

        def fetchmany(self, *args):
            return self._timed("fetchmany", *args)

        def __iter__(self):
            return iter(self.fetchall())

        def __getattr__(self, name: str):
            return getattr(self._cursor, name)

    def traced(sql, params=None, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            return real(sql, params, *args, **kwargs)
        entry = [" ".join(str(sql).split())[:150], 0.0]
        seen.append(entry)  # type: ignore[arg-type]
        began = time.perf_counter()
        try:
            return TimedCursor(real(sql, params, *args, **kwargs), entry)
        finally:
            entry[1] += time.perf_counter() - began

    database.execute_sql = traced  # type: ignore[method-assign]

    window = MainWindow(clock=context.clock, region=context.region, paint_first=True)
    parts: dict = {}
    staged = StagedStart(parent=app)
    staged.extend(app_module.start_steps(app, window, context, parts, None, context.region, staged))

    from gui_timing import Heartbeat, run_until_quiet  # scripts/: the GUI thread's stalls

    beat = Heartbeat()

    def settle(quiet_ms: int = 200) -> None:
        run_until_quiet(
            lambda: (
                not window.runner.is_idle() or window.views_building() or not staged.is_finished
            ),
            quiet_ms,
        )

    def report(name: str) -> None:
        total = sum(t for _sql, t in seen) * 1000
        print(
            f"\n## {name}: stall {beat.longest * 1000:.0f} ms; GUI SQL {len(seen)}, {total:.1f} ms"
        )
        for sql, took in sorted(seen, key=lambda s: -s[1])[:8]:
            print(f"   {took * 1000:7.1f} ms  {sql}")
        seen.clear()

    window.show()
    QTimer.singleShot(0, staged.start)
    settle()
    beat.reset()
    report("start (window built, start steps)")

    def action(name: str, do: Callable[[], object]) -> None:
        if only and not any(o in name for o in only):
            return
        settle(50)
        seen.clear()
        beat.reset()
        if os.environ.get("TRACE_PROFILE") and os.environ["TRACE_PROFILE"] in name:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            do()
            settle()
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            do()
            settle()
        report(name)

    shell = window.shell
    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids

    pair = query_contact_ids(ContactQuery(), limit=2)
    seen.clear()

    def open_merge() -> None:
        from desktop_crm.ui.duplicates.merge_dialog import MergeDialog

        dialog = MergeDialog(pair, clock=window.clock, runner=window.runner, parent=window)
        dialog.open()
        QTimer.singleShot(300, dialog.reject)

    action("merge dialog opens", open_merge)

    def open_settings() -> None:  # as File › Settings… does (its modules may load first)
        window.window_actions.shell.settings.trigger()
        QTimer.singleShot(800, lambda: shell.dialog.reject() if shell.dialog else None)

    action("settings open", open_settings)

    def settings_edit() -> None:
        dialog = shell.open_settings()
        criteria = dialog.criteria  # type: ignore[attr-defined]
        criteria.editor.runner = window.runner
        criteria._ask_text = lambda _label, _text: "Trace criterion"
        criteria.add()
        QTimer.singleShot(600, dialog.reject)

    action("settings: add a criterion (list re-read)", settings_edit)
    panel = window.contact_list
    action(
        "filter stage = lead (via the bar)", lambda: panel.filter_bar.stage_box.setCurrentIndex(1)
    )
    action("filter cleared", lambda: panel.filter_bar.stage_box.setCurrentIndex(0))
    action("first switch to Today", lambda: window.show_view("today"))

    def today_more() -> None:
        today = window.view_tabs["today"].inner  # type: ignore[attr-defined]
        for section in (today.overdue,):
            button = getattr(section, "more_button", None)
            if button is not None and button.isVisible():
                button.click()

    action("Today: show more (overdue)", today_more)
    action("first switch to Insights", lambda: window.show_view("insights"))

    def insights_period() -> None:
        insights = window.view_tabs["insights"].inner  # type: ignore[attr-defined]
        chooser = getattr(insights, "period_chooser", None) or getattr(insights, "chooser", None)
        box = getattr(chooser, "preset_box", None)
        if box is not None:
            box.setCurrentIndex((box.currentIndex() + 1) % box.count())

    action("Insights: change the period", insights_period)
    action("back to the list", lambda: window.show_view("list"))

    def open_export() -> None:
        dialog = shell.open_export()
        if dialog is not None:
            QTimer.singleShot(300, dialog.reject)

    action("export dialog opens", open_export)

    def open_with(opener: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            dialog = opener()
            QTimer.singleShot(300, dialog.reject)  # type: ignore[attr-defined]

        return run

    action("import history opens", open_with(shell.open_import_history))
    action("backups dialog opens", open_with(shell.open_backups))
    action("new contact dialog opens", open_with(window.new_contact))
    action("command palette opens", open_with(window.command_palette))
    tray = parts.get("tray")
    if tray is not None:
        action("tray menu rebuilt", lambda: tray._rebuild_menu())
    action("select a contact", lambda: panel.select_contact(panel.model.id_at(3)))
    action("first switch to Sales", lambda: window.show_view("pipeline"))
    action("first switch to Deals", lambda: window.show_view("deals"))
    action("back to the list again", lambda: window.show_view("list"))

    def palette_search() -> None:
        palette = window.command_palette()
        palette.show()
        box = getattr(palette, "query_edit", None)
        if box is not None:
            box.setText("jan")
        QTimer.singleShot(600, palette.reject)

    action("command palette: type 'jan'", palette_search)
    action("duplicates window opens", lambda: window.show_duplicates())
    window.runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
