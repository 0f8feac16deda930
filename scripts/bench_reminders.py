"""Benchmark of the notifier's check: 100k contacts with birthdays, p50/p95 of the due query.

Usage: .venv/bin/python scripts/bench_reminders.py [--contacts 100000] [--runs 200]"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_crm.domain.clock import FixedClock
from desktop_crm.services import reminders, today
from desktop_crm.store import models as m
from desktop_crm.store.database import (
    close_database,
    current_database,
    open_database,
)

ZONE = ZoneInfo("Europe/Amsterdam")


def populate(contacts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = current_database()
    rows = []
    for n in range(contacts):
        birthday = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
        rows.append(
            {
                "display_name": f"Contact {n}",
                "birthday_year": rng.choice([None, rng.randrange(1940, 2005)]),
                "birthday_month": birthday.month,
                "birthday_day": birthday.day,
                # A few contacts get their own card lead time, as users set it.
                "birthday_card_days": rng.choice([14, 21]) if rng.random() < 0.01 else None,
                "recontact_on": date(2026, 1, 1) + timedelta(days=rng.randrange(365))
                if rng.random() < 0.02
                else None,
                "archived": rng.random() < 0.05,
            }
        )
    with db.atomic():
        for start in range(0, len(rows), 1000):
            m.Contact.insert_many(rows[start : start + 1000]).execute()
    ids = [c for (c,) in m.Contact.select(m.Contact.id).tuples()]
    follow_ups = []
    for _ in range(contacts // 20):
        due = datetime(2026, 1, 1) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        follow_ups.append(
            {
                "contact": rng.choice(ids),
                "due_at": due,
                "text": "Call",
                "done_at": due if rng.random() < 0.8 else None,
            }
        )
    with db.atomic():
        for start in range(0, len(follow_ups), 1000):
            m.FollowUp.insert_many(follow_ups[start : start + 1000]).execute()
    db.execute_sql("ANALYZE")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<44} p50 {statistics.median(samples):7.2f} ms   "
        f"p95 {percentile(samples, 0.95):7.2f} ms   max {max(samples):7.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "bench.sqlite")
        try:
            started = time.perf_counter()
            populate(args.contacts)
            print(f"{args.contacts} contacts populated in {time.perf_counter() - started:.1f} s")
            # Moments across the year, including the year wrap and 28 February.
            moments = [
                datetime(2025, 12, 27, 9, 0, tzinfo=ZONE),
                datetime(2026, 2, 28, 9, 0, tzinfo=ZONE),
            ]
            moments += [
                datetime(2026, 1, 1, 9, 0, tzinfo=ZONE) + timedelta(hours=rng.randrange(365 * 24))
                for _ in range(args.runs)
            ]
            picks = iter(moments * 4)
            settings = reminders.load_settings()
            # Warm the page cache, as a running app has it.
            reminders.due_reminders(moments[0], settings=settings)

            def birthday_query() -> None:
                today.birthdays_coming(FixedClock(next(picks)))

            def max_card() -> None:
                reminders.max_card_days(settings.card_days)

            cache = reminders.LeadTimeCache()

            def due() -> None:
                reminders.due_reminders(next(picks), lead_cache=cache)

            def whole_check() -> None:
                # What the notifier does each minute once alarms are claimed: read-only.
                now = next(picks)
                reminders.due_reminders(now, settings=settings, lead_cache=cache)
                reminders.next_due_at(now, settings=settings)

            report("Today's birthdays (a week of index look-ups)", timed(birthday_query, args.runs))
            report("longest per-contact card lead time", timed(max_card, args.runs))
            report("due_reminders (all four kinds), cached lead", timed(due, args.runs))
            report("notifier check (due + next due time)", timed(whole_check, args.runs))
            print("sample due at 2025-12-27 09:00:", len(reminders.due_reminders(moments[0])))
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
