"""Benchmark: the real window at 10,000 and 100,000 contacts, driven action by action; for
each action the GUI thread's longest stall (a 5 ms heartbeat timer) and the peak RSS.

Rerunnable: `.venv/bin/python scripts/bench_gui_actions.py [--counts 10000 100000]`.
Each database is seeded once per folder and reused (the 100k seed takes about a minute);
each measurement runs in a fresh process, offscreen unless a display is set. The start-up
path is the app's own: the window, the runner, the change watcher, the tray, the notifier's
first check and the daily backup after the first paint."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

# The 100k figures, scaled: 6.8 % overdue follow-ups, 10 % deals, 1.5 % birthdays.
OVERDUE, DEALS, BIRTHDAYS = 0.0677, 0.1, 0.0148


def rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_split_mb() -> str:
    """The resident set as heap (anonymous) + mapped files (Qt's and Python's libraries)."""
    fields: dict[str, int] = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            name, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                fields[name] = int(rest.split()[0])
    return f"{fields.get('Anonymous', 0) / 1024:.0f} + {fields.get('Rss', 0) / 1024 - fields.get('Anonymous', 0) / 1024:.0f}"


def sqlite_heap_mb() -> float:
    """What SQLite holds on the C heap (page caches of every connection, statements)."""
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
    except OSError:
        return float("nan")  # SQLite linked into the sqlite3 module: not reachable this way
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    return round(lib.sqlite3_memory_used() / 1e6, 1)


def drop_if_stale(data_dir: Path) -> None:
    """A seed left by an older checkout may carry a schema stamp its tables don't match (a
    renumbered migration); the window would then fail where the bench looks, so seed anew."""
    import shutil
    import sqlite3

    from desktop_crm.store import models as m

    path = data_dir / "desktop-crm.sqlite"
    if not path.exists():
        return
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for model in m.ALL_MODELS:
            table = model._meta.table_name
            have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            want = {field.column_name for field in model._meta.sorted_fields}
            if table not in tables or not want <= have:
                print(f"seed: {path} lacks {table} or its columns; seeding anew")
                break
        else:
            return
    shutil.rmtree(data_dir)


def seed(data_dir: Path, count: int) -> None:
    """Contacts (bench_list's seed), then follow-ups, deals and birthdays in bulk."""
    from bench_list import seed as seed_contacts

    drop_if_stale(data_dir)

    from desktop_crm.store import models as m
    from desktop_crm.store.database import close_database, open_database, write_transaction

    seed_contacts(data_dir, count)
    open_database(path=data_dir / "desktop-crm.sqlite")
    if m.FollowUp.select().count():
        close_database()
        return
    rng = random.Random(7)
    now = datetime.now(UTC).replace(tzinfo=None)
    today = datetime.now().date()
    ids = [row[0] for row in m.Contact.select(m.Contact.id).tuples()]
    stage = m.PipelineStage.select().order_by(m.PipelineStage.position)
    stages = [s.id for s in stage if s.kind == "open"]
    pipeline = m.Pipeline.select().first().id
    with write_transaction():
        rows = [
            {"contact": cid, "due_at": now - timedelta(days=rng.randint(1, 60)), "text": "Bellen"}
            for cid in rng.sample(ids, int(count * OVERDUE))
        ]
        for start in range(0, len(rows), 500):
            m.FollowUp.insert_many(rows[start : start + 500]).execute()
        rows = [
            {
                "contact": cid,
                "pipeline": pipeline,
                "stage": rng.choice(stages),
                "title": f"Offerte {cid}",
                "value_minor": rng.randint(5, 250) * 10_000,
                "probability": 30,
                "expected_close": today + timedelta(days=rng.randint(-20, 150)),
            }
            for cid in rng.sample(ids, int(count * DEALS))
        ]
        for start in range(0, len(rows), 500):
            m.Deal.insert_many(rows[start : start + 500]).execute()
        for cid in rng.sample(ids, int(count * BIRTHDAYS)):
            day = today + timedelta(days=rng.randint(0, 6))
            m.Contact.update(
                birthday_year=1980, birthday_month=day.month, birthday_day=day.day
            ).where(m.Contact.id == cid).execute()
    print(f"seed: follow-ups, deals and birthdays added for {count:,} contacts", file=sys.stderr)
    close_database()


def measure(data_dir: Path) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_crm.cli.context import CliContext
    from desktop_crm.paths import resolve
    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids
    from desktop_crm.ui import app as app_module
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.start_steps import StagedStart

    results: dict[str, object] = {}
    if not os.environ.get("BENCH_NO_ARENA_LIMIT"):
        from desktop_crm.ui.native_memory import limit_arenas

        limit_arenas()  # as run_gui does
    if os.environ.get("BENCH_NO_TRIM"):  # for a before/after of the trim when idle
        import desktop_crm.ui.operations as operations

        operations.give_back = lambda: False  # type: ignore[assignment]
    if os.environ.get("BENCH_CACHE_KB"):  # for a before/after of SQLite's page cache
        from desktop_crm.store import database

        database.SQLITE_PRAGMAS["cache_size"] = -int(os.environ["BENCH_CACHE_KB"])
    app = QApplication(sys.argv[:1])
    from desktop_crm.ui.gui_thread_gc import GuiThreadCollector

    collector = GuiThreadCollector(app)  # noqa: F841  # as ui/app.run_gui
    context = CliContext(paths=resolve(str(data_dir), None), region="NL")
    context.open()
    # The app's own start: what the first paint shows, then its steps (ui/start_steps.py).
    window = MainWindow(clock=context.clock, region=context.region, paint_first=True)
    parts: dict = {}
    staged = StagedStart(parent=app)
    staged.extend(app_module.start_steps(app, window, context, parts, None, context.region, staged))
    painted: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and "at" not in painted:
                painted["at"] = time.perf_counter()
                staged.start()
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()

    from gui_timing import Heartbeat, run_until_settled  # scripts/: the GUI thread's stalls

    beat = Heartbeat()

    def settle(quiet_ms: int = 150) -> None:
        """Run the event loop until the runner is idle, no view is making its rows or cards a
        few per turn (Today, a board), the start has taken its steps, and the views had time
        to paint."""
        run_until_settled(window, staged, quiet_ms)

    def resident() -> int:
        """RSS in MB as the app sits after the action: once an idle reader has trimmed the
        heap (ui/operations.py, at most every TRIM_EVERY_S), as it does after any read."""
        from desktop_crm.ui.operations import TRIM_EVERY_S

        loop = QEventLoop()
        QTimer.singleShot(int(TRIM_EVERY_S * 1000) + 50, loop.quit)
        loop.exec()
        window.runner.query(lambda: None, lambda _none: None)
        settle(50)
        return round(rss_mb())

    settle()
    results["first paint (s)"] = round(painted.get("at", float("nan")) - STARTED, 2)
    results["interactive (s)"] = round(time.perf_counter() - STARTED, 2)
    results["RSS after start (MB)"] = resident()
    results["SQLite heap after start (MB)"] = sqlite_heap_mb()
    results["RSS after start: heap + files (MB)"] = rss_split_mb()

    profiled = os.environ.get("BENCH_PROFILE", "")

    def action(name: str, do) -> None:
        settle(50)
        beat.reset()
        if profiled and profiled in name:  # where an action's GUI-thread time goes
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            do()
            settle()
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        else:
            do()
            settle()
        results[name] = round(beat.longest * 1000)
        steps = os.environ.get("BENCH_MEMORY_STEPS")  # where the resident set and its peak grow
        if steps == "peak":  # the peak so far only: no waits for a trim between the actions
            results[f"peak after {name} (MB)"] = round(rss_mb("VmHWM"))
        elif steps:
            results[f"RSS / peak after {name} (MB)"] = f"{resident()} / {round(rss_mb('VmHWM'))}"
        if name.startswith("first switch"):  # what each tab adds to the resident set
            results[f"RSS after {name[len('first switch to ') :]} (MB)"] = resident()

    tabs = window.view_tabs
    action("first switch to Today", lambda: window.show_view("today"))
    today = tabs["today"].inner
    first_overdue = today.overdue.rows[0] if today.overdue.rows else None
    fid = None
    if first_overdue is not None:
        from desktop_crm.services.today import follow_ups_due

        fid = follow_ups_due(context.clock, limit=1).items[0].id
    if fid is not None:
        action("Today: Done while Today is shown", lambda: today.mark_done(fid))
    action("first switch to Sales", lambda: window.show_view("pipeline"))
    sales = tabs["pipeline"].inner
    from desktop_crm.domain.stages import Stage

    lead = query_contact_ids(ContactQuery(stage="lead"), limit=1)[0]
    action("drop a card on the Sales board", lambda: sales.move_contacts([lead], Stage.NOT_NOW))
    action("first switch to Deals", lambda: window.show_view("deals"))
    action("first switch to Insights", lambda: window.show_view("insights"))
    action("back to the list", lambda: window.show_view("list"))
    first = window.contact_list.model.id_at(0)
    # Another contact, then the first: the detail pane reads the contact and its sections.
    action(
        "select a contact",
        lambda: window.contact_list.select_contact(window.contact_list.model.id_at(1)),
    )
    action("select another contact", lambda: window.contact_list.select_contact(first))

    def edit_and_save() -> None:
        window.contact_list.select_contact(first)
        window.detail.fields.company_edit.setText("Bench BV")
        window.detail.fields.save()

    action("edit + save one contact", edit_and_save)
    results["RSS after edit 1 (MB)"] = resident()
    for number in range(2, 11):  # ten edits in all: the resident set must not grow per edit

        def edit_again(number: int = number) -> None:
            window.detail.fields.company_edit.setText(f"Bench BV {number}")
            window.detail.fields.save()

        action("edit + save again", edit_again)
        if number in (5, 10):
            results[f"RSS after edit {number} (MB)"] = resident()
    action("archive one contact", lambda: window.archive([first]))
    action("undo the archive", window.undo_stack.undo)
    # The archive at 1 % of the contacts (through the runner, not timed), opened, one restored.
    from desktop_crm.services.contacts import archive_contacts

    some = query_contact_ids(
        ContactQuery(), limit=max(window.contact_list.model.rowCount() // 100, 1)
    )
    window.runner.mutate(lambda: archive_contacts(some))  # its Changes reach every view
    settle()

    def show_archive(archived: bool) -> None:
        filters = window.contact_list.state.filters
        window.contact_list.state.filters = replace(filters, archived_only=archived)
        window.contact_list.reload()

    action("open the archive", lambda: show_archive(True))
    archived = window.contact_list.model.id_at(0)
    action("restore one contact from the archive", lambda: window.restore([archived]))
    action("undo the restore", window.undo_stack.undo)
    action("back to the live list", lambda: show_archive(False))
    panel = window.contact_list
    for key in ("company", "last_contact", "next_follow_up"):

        def sort(key: str = key) -> None:
            panel.state.sort = key
            panel.reload()

        action(f"sort by {key}", sort)
    panel.state.sort = "name"

    def filter_leads() -> None:
        panel.state.filters = panel.state.filters.__class__(stage="lead")
        panel.reload()

    action("filter stage = lead", filter_leads)
    for text in ("06", "de"):

        def search(text: str = text) -> None:
            panel.search_box.setText(text)
            panel._apply_search()

        action(f"search '{text}'", search)
    results["SQLite heap at the end (MB)"] = sqlite_heap_mb()
    results["RSS at the end: heap + files (MB)"] = rss_split_mb()
    results["peak RSS (MB)"] = round(rss_mb("VmHWM"))
    import_and_undo(window, context, action)
    results["peak RSS after the import and its undo (MB)"] = round(rss_mb("VmHWM"))
    window.runner.shutdown()
    return results


IMPORT_ROWS = 1_000


def import_and_undo(window, context, action) -> None:
    """A file imported through the wizard on the window, as a user's drop does, then undone
    on the wizard's last page: each figure runs from the click until the window has heard the
    import's (or the undo's) `Changes`, refreshed its views and built the search index."""
    from bench_import import generate  # scripts/: a realistic file, some rows rejected
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop_crm.ui.import_wizard.page_ids import PageId
    from desktop_crm.ui.import_wizard.wizard import ImportWizard

    folder = Path(tempfile.mkdtemp(prefix="bench-gui-import-"))
    csv_path = folder / "contacts.csv"
    generate(csv_path, IMPORT_ROWS, seed=11)
    wizard = ImportWizard(
        csv_path,
        clock=context.clock,
        region=context.region,
        settings=window.settings,
        parent=window,
        runner=window.runner,
    )
    wizard.imported.connect(window.bus.publish)  # as ui/file_drop.start_import does
    wizard.show()

    def run_until(done) -> None:
        """The event loop runs until `done()`; the heartbeat keeps ticking meanwhile."""
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: loop.quit() if done() else None)
        poll.start()
        if not done():
            loop.exec()
        poll.stop()

    run_until(lambda: not wizard.busy())
    wizard.next()  # the mapping
    wizard.next()  # the preview checks every row on the wizard's worker
    run_until(lambda: wizard.preview is not None and not wizard.preview_page.checking())

    def run_import() -> None:
        wizard.next()
        run_until(lambda: wizard.currentId() == PageId.DONE and not wizard.busy())

    action(f"import {IMPORT_ROWS:,} contacts through the wizard", run_import)

    def undo_import() -> None:
        wizard.done_page.undo()
        run_until(lambda: wizard.done_page.undo_result is not None and not wizard.busy())

    action("undo the import", undo_import)
    wizard.close()
    wizard.deleteLater()


def _launch(args: list[str]) -> dict[str, float]:
    """Seconds from launch to each line the child prints ("first paint", "interactive")."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_REPORT_FIRST_PAINT": "quit"}
    started = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.setdefault(line.strip(), time.perf_counter() - started)
    return seen


def start_figures(folder: Path, runs: int = 5) -> dict[str, object]:
    """The real start (`python -m desktop_crm`: integrity check, tray, notifier, backup)
    to first paint, to interactive and to settled (ui/app.py `_report_interactive`:
    interactive = the window whole, its views' rows made (Today's a few per turn) and a
    read through the runner back within 50 ms;
    settled = the runner idle after the start's work, what "interactive" meant before),
    against a bare QMainWindow launched in turn with it."""
    from bench.figures import BARE_WINDOW

    bare, painted, ready, settled = [], [], [], []
    for _ in range(runs):
        bare.append(_launch([sys.executable, "-c", BARE_WINDOW])["first paint"])
        seen = _launch([sys.executable, "-m", "desktop_crm", "--data-dir", str(folder)])
        painted.append(seen["first paint"])
        ready.append(seen["interactive"])
        settled.append(seen["settled"])

    def spread(values: list[float]) -> str:
        ordered = sorted(values)
        return f"{ordered[len(ordered) // 2]:.2f} ({ordered[0]:.2f}–{ordered[-1]:.2f})"

    base = sorted(bare)[len(bare) // 2]
    return {
        "bare window paint (s)": spread(bare),
        "real start to first paint (s)": spread(painted),
        "real start to interactive (s)": spread(ready),
        "real start to settled (s)": spread(settled),
        "first paint ÷ bare (×)": round(sorted(painted)[len(painted) // 2] / base, 1),
        "interactive ÷ bare (×)": round(sorted(ready)[len(ready) // 2] / base, 1),
        "settled ÷ bare (×)": round(sorted(settled)[len(settled) // 2] / base, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--starts", type=int, default=5, help="real starts timed per size")
    parser.add_argument("--measure-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.measure_only)), flush=True)
        # Skip the interpreter's teardown: PySide6 has crashed in it (a refcount error at
        # garbage collection) after the figures were out, failing the whole bench.
        os._exit(0)
    table: dict[int, dict[str, object]] = {}
    for count in args.counts:
        folder = args.data_root / f"desktop-crm-bench-gui-{count}"
        folder.mkdir(parents=True, exist_ok=True)
        seed(folder, count)
        # A fresh process: the seeding's memory must not count towards the window's.
        out = subprocess.run(
            [sys.executable, __file__, "--measure-only", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        table[count] = json.loads(out.stdout.strip().splitlines()[-1])
        if args.starts:
            table[count].update(start_figures(folder, args.starts))
    if args.json:
        args.json.write_text(json.dumps({str(c): v for c, v in table.items()}, indent=2))
    counts = list(table)
    print("| action | " + " | ".join(f"{c:,}" for c in counts) + " | growth |")
    print("|---|" + "---|" * (len(counts) + 1))
    for name in table[counts[0]]:
        values = [table[c].get(name) for c in counts]
        growth = ""
        if len(values) > 1 and all(type(v) in (int, float) and v for v in values):
            growth = f"{values[-1] / values[0]:.1f}×"  # type: ignore[operator]
        unit = "" if "(" in name else " ms"
        print(f"| {name} | " + " | ".join(f"{v}{unit}" for v in values) + f" | {growth} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
