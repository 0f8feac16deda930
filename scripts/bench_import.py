"""Benchmark: generate a 100,000-row contact CSV and import it; prints rows per second.

Run: .venv/bin/python scripts/bench_import.py [--rows N] [--keep DIR]"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_crm.services.importing import open_import, run_import
from desktop_crm.store.database import close_database, open_database

GIVEN = ["Jan", "Anna", "Pieter", "Sanne", "Daniël", "Fatima", "Noor", "Lucas", "Emma", "Ömer"]
MIDDLE = ["", "", "van", "de", "van der", "van 't"]
FAMILY = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Dijkstra"]


def generate(path: Path, rows: int, seed: int = 8) -> None:
    """A realistic file: mixed phone formats, dates, an unknown column, some bad rows."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            "First Name,Middle Name,Last Name,Email,Phone,Birthday,Company,Shoe size,Notes\r\n"
        )
        for i in range(rows):
            given, middle, family = rng.choice(GIVEN), rng.choice(MIDDLE), rng.choice(FAMILY)
            number = 10_000_000 + i
            phone = rng.choice([f"06-{number}", f"+31 6 {number}", f"06 {number}", f"{number:08d}"])
            email = f"{given.lower()}.{i}@example.com" if i % 50 else f"bad{i}@@example.com"
            birthday = f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            notes = '"Eerste regel\r\nTweede, regel"' if i % 10 == 0 else ""
            handle.write(
                f"{given},{middle},{family} {i},{email},{phone},{birthday},Firma {i % 997},"
                f"{rng.randint(36, 46)},{notes}\r\n"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="keep the file and database in DIR")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "bench.csv"
    db_path = folder / "bench.sqlite"
    for leftover in folder.glob("bench.sqlite*"):
        leftover.unlink()
    generate(csv_path, args.rows)
    open_database(path=db_path)
    try:
        started = time.perf_counter()
        source = open_import(csv_path, region="NL")
        report = run_import(source, lead_source="bought_list", tags=["bench"], backup=False)
        elapsed = time.perf_counter() - started
    finally:
        close_database()
    print(
        f"{args.rows} rows in {elapsed:.2f} s = {args.rows / elapsed:,.0f} rows/s "
        f"({report.contacts_created} created, {report.rejected} rejected, "
        f"{report.skipped_exact_duplicates} exact duplicates), "
        f"file {csv_path.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
