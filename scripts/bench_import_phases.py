"""Profile: CPU time per phase of one in-process import (read and normalise, R4/R5 checks,
row buffering, the row writes, the index rebuild, the FTS build, ANALYZE, the rest).

Run: .venv/bin/python scripts/bench_import_phases.py FILE.csv --data-root DIR
(`bench/dataset.py` writes the bench's 100k file; `make bench` prints its path)."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_crm.services.importing import (
    bulk_indexes,
    csv_reader,
    open_import,
    planner,
    run_import,
    runner,
)
from desktop_crm.services.importing import writer as writer_module
from desktop_crm.store.database import close_database, open_database

spent: dict[str, float] = {}
collections: dict[int, list[float]] = {}  # generation → [count, CPU seconds]
_gc_started = [0.0]


def _count_collection(phase: str, info: dict[str, int]) -> None:
    """Garbage collections run inside whichever phase allocates: counted apart, not subtracted."""
    if phase == "start":
        _gc_started[0] = time.process_time()
        return
    entry = collections.setdefault(info["generation"], [0, 0.0])
    entry[0] += 1
    entry[1] += time.process_time() - _gc_started[0]


def _timed(owner: Any, name: str, label: str) -> None:
    """Wrap `owner.name` so its CPU time adds up under `label`."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--data-root", type=Path, required=True, help="a folder of your own")
    parser.add_argument("--region", default="NL")
    args = parser.parse_args()
    args.data_root.mkdir(parents=True, exist_ok=True)
    database = args.data_root / "phases.sqlite"
    for leftover in args.data_root.glob("phases.sqlite*"):
        leftover.unlink()
    _timed(csv_reader.RowBuilder, "build", "read and normalise (RowBuilder.build)")
    _timed(planner.Classifier, "classify", "R4/R5 checks (classify)")
    _timed(writer_module.ContactWriter, "flush", "row writes + search staging (flush)")
    _timed(writer_module.ContactWriter, "add", "row buffering (add)")
    _timed(bulk_indexes.SetAside, "restore", "index rebuild")
    _timed(runner, "index_pending", "FTS build (after the commit)")
    _timed(runner, "refresh_statistics", "ANALYZE")
    open_database(path=database)
    gc.callbacks.append(_count_collection)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = run_import(open_import(args.csv, region=args.region), backup=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        close_database()
    # `add` calls `flush` every 2,000 rows: count that time once.
    spent["row buffering (add)"] -= spent.get("row writes + search staging (flush)", 0.0)
    spent["rest (csv module, decoding, walk, report, commit)"] = cpu - sum(spent.values())
    print(f"{report.contacts_created:,} created; wall {wall:.2f} s, CPU {cpu:.2f} s")
    for label, seconds in spent.items():
        print(f"  {label:50s} {seconds:6.2f} s {100 * seconds / cpu:5.1f} %")
    # The timers around every row's calls inflate the per-row phases (reading alone, without
    # them, is about half of what they show); the SQL phases are not affected.
    for generation, (count, seconds) in sorted(collections.items()):
        print(
            f"  (inside the above) gc generation {generation}: {count:4.0f} runs {seconds:6.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
