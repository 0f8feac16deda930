"""The bulk Set stage / Add a tag service calls on their own (the writer thread's time), on a
copy of a seeded database: `python scripts/bench_bulk_service.py DB [--count N] [--profile]`.

Each call runs inside a transaction that is rolled back, so rounds repeat on the same file;
`--count 0` selects every contact. The commit itself is not in the figure."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--count", type=int, default=1000, help="selected contacts (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", choices=["stage", "tag"], help="time one of the two")
    parser.add_argument("--old", action="store_true", help="also time services.contacts.set_stage")
    args = parser.parse_args()

    from desktop_crm.domain.stages import Stage
    from desktop_crm.services import bulk_edits
    from desktop_crm.services.contacts import set_stage
    from desktop_crm.store import models as m
    from desktop_crm.store.database import open_database

    db = open_database(path=args.database)
    query = m.Contact.select(m.Contact.id).order_by(m.Contact.id)
    if args.count:  # that many leads; else every contact
        query = query.where(m.Contact.stage == "lead").limit(args.count)
    ids = [r.id for r in query]
    calls: dict[str, Callable[[], object]] = {
        "move_contacts (Set stage)": lambda: bulk_edits.move_contacts(ids, Stage.PROSPECT),
        "tag_selected (Add a tag)": lambda: bulk_edits.tag_selected(ids, "Bench tag"),
    }
    if args.only:
        calls = {k: v for k, v in calls.items() if ("stage" in k.lower()) == (args.only == "stage")}
    if args.old:
        calls["contacts.set_stage (old path)"] = lambda: set_stage(ids, Stage.PROSPECT)
    print(f"{len(ids)} selected of {m.Contact.select().count()}")
    for name, call in calls.items():
        times = []
        for _ in range(args.repeat):
            with db.atomic() as txn:
                started = time.perf_counter()
                if args.profile:
                    profile = cProfile.Profile()
                    profile.runcall(call)
                else:
                    call()
                times.append((time.perf_counter() - started) * 1000)
                txn.rollback()
        print(f"{name}: median {statistics.median(times):.0f} ms, all {[round(t) for t in times]}")
        if args.profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(18)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
