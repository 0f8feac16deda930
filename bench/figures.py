"""Each figure of issue 8, measured in its own process so one does not skew another."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _child(args: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KB, stdout) of a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(
        "w+"
    ) as errors:  # a file: a full stderr pipe cannot block the child
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        )
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        errors.seek(0)
        err = errors.read()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed: {err.strip()[-800:]}")
    return wall, usage.ru_maxrss, out


def _timed_command(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def _timed_with_cpu(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of a command; CPU is user + system time of the child, the steadier
    figure when other work shares the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = _timed_command(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_rate(csv_path: Path, work: Path, runs: int = 2) -> dict:
    """`desktop-crm import FILE` against `sqlite-utils insert DB table FILE --csv`: whole
    command against whole command (start-up, backup and report included), same file, one
    after the other, `runs` times; the best run of each counts."""
    cli = str(Path(PY).parent / "desktop-crm")
    tool = shutil.which("sqlite-utils") or str(Path(PY).parent / "sqlite-utils")
    app = work / "import-app"
    baseline_db = work / "sqlite-utils.db"
    ours_s: list[float] = []
    theirs_s: list[float] = []
    ours_cpu: list[float] = []
    theirs_cpu: list[float] = []
    for _ in range(runs):
        shutil.rmtree(app, ignore_errors=True)
        wall, cpu = _timed_with_cpu(
            [
                cli,
                "--data-dir",
                str(app),
                "import",
                str(csv_path),
                "--region",
                "NL",
                "--source",
                "bought_list",
            ]
        )
        ours_s.append(wall)
        ours_cpu.append(cpu)
        baseline_db.unlink(missing_ok=True)
        wall, cpu = _timed_with_cpu(
            [tool, "insert", str(baseline_db), "contacts", str(csv_path), "--csv"]
        )
        theirs_s.append(wall)
        theirs_cpu.append(cpu)
    import sqlite3

    with sqlite3.connect(app / "desktop-crm.sqlite") as conn:
        created = conn.execute("SELECT COUNT(*) FROM contact").fetchone()[0]
    with sqlite3.connect(baseline_db) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    for leftover in work.glob("import.sqlite*"):
        leftover.unlink()
    # The later figures open the imported database under its old name.
    shutil.copyfile(app / "desktop-crm.sqlite", work / "import.sqlite")
    ours, theirs = min(ours_s), min(theirs_s)
    return {
        "rows_per_second": round(created / ours),
        "sqlite_utils_rows_per_second": round(rows / theirs),
        "ratio": round(theirs / ours * created / rows, 2),
        "created": created,
        "seconds": round(ours, 2),
        "seconds_all": [round(x, 2) for x in ours_s],
        "sqlite_utils_seconds_all": [round(x, 2) for x in theirs_s],
        # The same comparison by CPU time (best run of each), steadier on a shared machine.
        "cpu_ratio": round(min(theirs_cpu) / min(ours_cpu) * created / rows, 2),
        "cpu_seconds_all": [round(x, 2) for x in ours_cpu],
        "sqlite_utils_cpu_seconds_all": [round(x, 2) for x in theirs_cpu],
    }


def populate_activity(db_path: Path, seed: int = 5) -> None:
    """Conversations, follow-ups (some overdue, some today) and questions for the imported contacts."""
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(str(db_path))
    ids = [r[0] for r in conn.execute("SELECT id FROM contact")]
    now = datetime.utcnow()
    talks = [
        (
            cid,
            rng.choice(("call", "meeting", "email", "note")),
            (now - timedelta(days=rng.randint(0, 400))).isoformat(" "),
            "Gebeld over de offerte.\nBelt terug na overleg.",
            None,
        )
        for cid in rng.sample(ids, len(ids) // 2)
    ]
    follow = [
        (
            cid,
            (now + timedelta(hours=rng.randint(-24 * 30, 24 * 60))).isoformat(" "),
            "Bellen",
            None,
            None,
            now.isoformat(" "),
        )
        for cid in rng.sample(ids, len(ids) // 5)
    ]
    with conn:
        conn.executemany(
            "INSERT INTO conversation(contact_id, kind, happened_at, text, outcome) VALUES (?,?,?,?,?)",
            talks,
        )
        conn.executemany(
            "INSERT INTO follow_up(contact_id, due_at, text, done_at, snoozed_until, created_at) VALUES (?,?,?,?,?,?)",
            follow,
        )
    conn.execute("ANALYZE")  # as the app's own close (PRAGMA optimize) and imports keep them
    conn.close()


# What people type, a keystroke at a time: names, companies, email and phone fragments.
SEARCH_TERMS = (
    "j ja jan jans jansen s sa san sann sanne m mu mul mull muller v vi vis visser "
    "de d de wi wit 山 山田 b ba bak bakker 06 061 0612 example.org o ob obrien "
    "ga garcia l lu lukasz be berg ko kok cat catering yil yilmaz"
).split()


def search_latency(data_dir: Path, checkout: Path = ROOT) -> dict:
    """Search as you type through the real window's list: from the search to its first
    page painted (query, model reset, rows read and formatted, a synchronous repaint),
    in wall time and in the GUI thread's CPU time, and to the whole ordered id list
    shown (it arrives from the runner). Each term starts when the previous one has
    settled, as after the search box's pause. `checkout`: the tree whose app is measured
    (scripts/bench_search.py compares two in turn)."""
    code = f"""
import json, time, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop_crm.store.database import open_database
from desktop_crm.ui.main_window import MainWindow
app = QApplication([])
open_database(path=Path({str(data_dir / "import.sqlite")!r}))
window = MainWindow()
window.resize(1280, 800); window.show(); app.processEvents()
panel = window.contact_list
box, apply, viewport = panel.search_box, panel._apply_search, panel.view.viewport()
def settle():
    while not window.runner.is_idle() or panel.reading_ids:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
settle()
first, cpu, whole = [], [], []
for term in {list(SEARCH_TERMS)!r}[:50]:
    settle()
    t, c = time.perf_counter(), time.thread_time()
    box.setText(term); panel._search_timer.stop(); apply(); viewport.repaint()
    first.append((time.perf_counter() - t) * 1000)
    cpu.append((time.thread_time() - c) * 1000)
    while panel.reading_ids:  # the whole list shown (work after it is not counted)
        app.processEvents()
        time.sleep(0.001)
    whole.append((time.perf_counter() - t) * 1000)
    settle()
print(json.dumps({{"first": first, "cpu": cpu, "whole": whole}}))
"""
    _, _, out = _child([PY, "-c", code], env={"PYTHONPATH": str(checkout)}, cwd=checkout)
    samples = json.loads(out.strip().splitlines()[-1])
    first, cpu, whole = samples["first"], samples["cpu"], samples["whole"]
    terms = list(SEARCH_TERMS)[:50]
    slowest = sorted(zip(terms, first, cpu, strict=True), key=lambda sample: -sample[2])[:6]
    return {
        "p95_ms": round(percentile(first, 0.95), 1),
        "median_ms": round(statistics.median(first), 1),
        # The GUI thread's own CPU time: what the figure is on a machine nobody else uses.
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "max_ms": round(max(first), 1),
        "whole_list_p95_ms": round(percentile(whole, 0.95), 1),
        "whole_list_median_ms": round(statistics.median(whole), 1),
        "terms": len(first),
        "samples_ms": [round(v, 1) for v in first],
        "cpu_samples_ms": [round(v, 1) for v in cpu],
        # The terms that cost the GUI thread most: what the p95 is made of.
        "slowest_by_cpu": [f"{t} {w:.1f}/{c:.1f} ms" for t, w, c in slowest],
    }


BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.resize(1280, 800)
class Paint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("first paint", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watcher = Paint(); window.installEventFilter(watcher); window.show(); app.exec()
"""


def _until_first_paint(args: list[str]) -> tuple[float, int]:
    """(seconds from launch to the child's "first paint" line, peak RSS in KB)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env={
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "DESKTOP_CRM_REPORT_FIRST_PAINT": "1",
            },
        )
        painted = None
        for line in proc.stdout:
            if line.strip() == "first paint" and painted is None:
                painted = time.perf_counter() - started
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or painted is None:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(args[:4])} did not paint: {errors.read()[-800:]}")
    return painted, usage.ru_maxrss


def cold_start(data_dir: Path, runs: int = 7) -> dict:
    """Launch to first paint with 100k contacts, vs a bare PySide6 window; peak RSS."""
    ours, bare, rss = [], [], []
    shot = data_dir / "first-paint.png"
    app = [
        PY,
        "-m",
        "desktop_crm",
        "--data-dir",
        str(data_dir / "app"),
        "--screenshot",
        str(shot),
        "--view",
        "list",
    ]
    for _ in range(runs):
        bare.append(_until_first_paint([PY, "-c", BARE_WINDOW])[0])
        painted, peak = _until_first_paint(app)
        ours.append(painted)
        rss.append(peak)
    return {
        "ours_ms": round(statistics.median(ours) * 1000),
        "bare_window_ms": round(statistics.median(bare) * 1000),
        "ratio": round(statistics.median(ours) / statistics.median(bare), 2),
        "peak_rss_mb": round(max(rss) / 1024),
    }


def notifier_check(data_dir: Path, runs: int = 200) -> dict:
    code = f"""
import json, random, time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo
from desktop_crm.store.database import open_database
from desktop_crm.services import reminders
open_database(path=Path({str(data_dir / "import.sqlite")!r}))
zone = ZoneInfo("Europe/Amsterdam")
rng = random.Random(3)
settings = reminders.load_settings()
moments = [datetime(2026, 12, 27, 9, tzinfo=zone)] + [
    datetime(2026, 1, 1, 9, tzinfo=zone) + timedelta(hours=rng.randrange(365 * 24)) for _ in range({runs})]
reminders.due_reminders(moments[0], settings=settings)
from desktop_crm.services.change_feed import change_marker
full, quiet, due_counts = [], [], []
for now in moments[:40]:
    t = time.perf_counter()
    due = reminders.due_reminders(now, settings=settings)
    reminders.next_due_at(now, settings=settings)
    full.append((time.perf_counter() - t) * 1000)
    due_counts.append(len(due))
for now in moments:
    # The notifier's minute tick: one marker query, compared with the last full check's.
    t = time.perf_counter()
    change_marker()
    quiet.append((time.perf_counter() - t) * 1000)
print(json.dumps({{"full": full, "quiet": quiet, "due": due_counts}}))
"""
    _, _, out = _child([PY, "-c", code])
    samples = json.loads(out.strip().splitlines()[-1])
    return {
        "p95_ms": round(percentile(samples["quiet"], 0.95), 2),
        "median_ms": round(statistics.median(samples["quiet"]), 2),
        "full_check_p95_ms": round(percentile(samples["full"], 0.95), 1),
        "full_check_median_ms": round(statistics.median(samples["full"]), 1),
        "due_alarms_median": statistics.median(samples["due"]),
    }


def gui_freeze(csv_path: Path, work: Path) -> dict | None:
    """The longest event-loop gap while the wizard imports the file (scripts/bench_import_gui.py)."""
    script = ROOT / "scripts" / "bench_import_gui.py"
    if not script.exists():
        return None
    _, _, out = _child([PY, str(script), "--file", str(csv_path), "--json"])
    return json.loads(out.strip().splitlines()[-1])


def gui_actions(work: Path) -> dict:
    """The real window driven action by action at 10k and 100k contacts (the databases are
    seeded once in the temporary folder and reused by later runs)."""
    out = work / "gui-actions.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_gui_actions.py"),
            "--counts",
            "10000",
            "100000",
            "--json",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(out.read_text())
