"""Benchmark: the contact list at 100,000 contacts — time to first paint and memory (RSS).

Rerunnable: `.venv/bin/python scripts/bench_list.py [--count 100000] [--data-dir DIR]`.
The data is seeded once per folder (bulk inserts, one transaction); each measurement runs
in a fresh process so its RSS is the window's own, offscreen unless a display is set."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GIVEN = ["Sanne", "Joost", "Anna", "Pieter", "Fleur", "Daan", "Emma", "Lars", "Noor", "Bram"]
MIDDLE = ["", "", "", "de", "van", "van der", "van den"]
FAMILY = ["Wit", "Bakker", "Jansen", "Visser", "Smit", "Meijer", "Bos", "Mulder", "Dekker", "Kok"]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def seed(data_dir: Path, count: int) -> None:
    from desktop_crm.domain.names import sort_name
    from desktop_crm.services.contact_queries import count_contacts
    from desktop_crm.store import models as m
    from desktop_crm.store.database import close_database, open_database, write_transaction
    from desktop_crm.store.search import contact_document, index_documents

    db_path = data_dir / "desktop-crm.sqlite"
    open_database(path=db_path)
    have = count_contacts()
    if have >= count:
        print(f"seed: {have} contacts already in {db_path}")
        close_database()
        return
    started = time.perf_counter()
    rng = random.Random(1)
    stages = ["lead"] * 5 + ["prospect"] * 3 + ["customer"] * 2 + ["repeat_buyer", "not_now"]
    sources = ["bought_list", "phone_book", "internet", "in_person", "referral"]
    with write_transaction():
        for start in range(have, count, 1000):
            rows, emails, docs = [], [], []
            for i in range(start, min(start + 1000, count)):
                given, middle, family = rng.choice(GIVEN), rng.choice(MIDDLE), rng.choice(FAMILY)
                full = " ".join(p for p in (given, middle, family) if p)
                rows.append(
                    {
                        "given_name": given,
                        "middle_name": middle,
                        "family_name": family,
                        "display_name": full,
                        "sort_name": sort_name(given, middle, family, full),
                        "company": f"Firma {i % 5000}",
                        "stage": rng.choice(stages),
                        "lead_source": rng.choice(sources),
                    }
                )
            first_id = m.Contact.insert_many(rows).execute()
            # SQLite returns the last rowid of a multi-row insert; ids are consecutive here.
            last_id = first_id if isinstance(first_id, int) else m.Contact.select().count()
            ids = range(last_id - len(rows) + 1, last_id + 1)
            for cid, row in zip(ids, rows, strict=True):
                email = f"{row['given_name'].lower()}.{cid}@example.nl"
                emails.append(
                    {
                        "contact": cid,
                        "email": email,
                        "label": "work",
                        "is_primary": True,
                        "position": 0,
                    }
                )
                docs.append(
                    (
                        cid,
                        contact_document(
                            display_name=row["display_name"], company=row["company"], emails=[email]
                        ),
                    )
                )
            m.ContactEmail.insert_many(emails).execute()
            index_documents(docs)
    print(f"seed: {count - have} contacts added in {time.perf_counter() - started:.1f} s")
    close_database()


def measure(data_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_crm.store.database import open_database
    from desktop_crm.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    open_database(path=data_dir / "desktop-crm.sqlite")
    before = rss_mb()
    marks: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "paint" not in marks:
                marks["paint"] = time.perf_counter()
                QTimer.singleShot(0, app.quit)
            return False

    started = time.perf_counter()
    window = MainWindow()
    marks["built"] = time.perf_counter()
    watcher = FirstPaint()
    window.contact_list.view.viewport().installEventFilter(watcher)
    window.show()
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    after_paint = rss_mb()
    model = window.contact_list.model
    paint_pages = len(set(model.pages_fetched))
    rows = model.rowCount()

    # Scroll through the list like a user dragging the scroll bar: every jump must paint fast.
    bar = window.contact_list.view.verticalScrollBar()
    jumps = []
    for fraction in (0.25, 0.5, 0.75, 1.0, 0.1):
        t = time.perf_counter()
        bar.setValue(int(bar.maximum() * fraction))
        app.processEvents()
        window.contact_list.view.viewport().grab()  # renders the rows now shown
        jumps.append((time.perf_counter() - t) * 1000)
    cached_after_scroll = len(model.cached_pages)
    after_scroll = rss_mb()
    t = time.perf_counter()
    window.contact_list.search_box.setText("visser")
    window.contact_list._apply_search()
    search_ms = (time.perf_counter() - t) * 1000
    print(f"contacts in the list:      {rows:,}")
    print(f"window built (ids loaded): {(marks['built'] - started) * 1000:.0f} ms")
    print(f"time to first paint:       {(marks['paint'] - started) * 1000:.0f} ms")
    print(f"RSS before the window:     {before:.0f} MB")
    print(f"RSS with the list open:    {after_paint:.0f} MB  (+{after_paint - before:.0f} MB)")
    print(f"RSS after scrolling:       {after_scroll:.0f} MB")
    print(
        f"pages fetched at paint:    {paint_pages} of {(rows + 99) // 100:,} "
        f"({cached_after_scroll} cached after 5 scroll jumps)"
    )
    print(f"scroll jump repaint:       {max(jumps):.0f} ms worst of {len(jumps)}")
    print(f"search 'visser':           {search_ms:.0f} ms → {model.rowCount():,} rows")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "desktop-crm-bench"
    )
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        measure(args.data_dir)
        return 0
    args.data_dir.mkdir(parents=True, exist_ok=True)
    seed(args.data_dir, args.count)
    # A fresh process: the seeding's memory must not count towards the window's.
    return subprocess.call(
        [sys.executable, __file__, "--data-dir", str(args.data_dir), "--measure-only"]
    )


if __name__ == "__main__":
    sys.exit(main())
