"""The full duplicate scan (issue 18) at 10,000 and 100,000 contacts: ≤ 3 s at 100k.

Each size is imported from the bench's own contact file (so names, typos of surnames,
companies and birthdays overlap as they do in real lists), then scanned in a fresh
process three times; the figure is the median."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from bench.dataset import write_contacts_csv
from bench.figures import PY, _child

_SCAN = """
import json, time
from pathlib import Path
from desktop_crm.store.database import open_database
from desktop_crm.services.duplicates import find_duplicates
open_database(path=Path({db!r}))
wall, cpu = [], []
for _ in range(3):
    started, used = time.perf_counter(), time.process_time()
    groups = find_duplicates()
    wall.append(time.perf_counter() - started)
    cpu.append(time.process_time() - used)
print(json.dumps({{"seconds": wall, "cpu": cpu, "groups": len(groups)}}))
"""
_IMPORT = (
    "from pathlib import Path;"
    "from desktop_crm.store.database import open_database;"
    "from desktop_crm.services.importing import open_import, run_import;"
    "open_database(path=Path({db!r}));"
    "run_import(open_import(Path({csv!r}), region='NL'), lead_source='bought_list', backup=False)"
)


def scan_time(db_path: Path) -> dict:
    _, _, out = _child([PY, "-c", _SCAN.format(db=str(db_path))])
    found = json.loads(out.strip().splitlines()[-1])
    return {
        "seconds": round(statistics.median(found["seconds"]), 2),
        # CPU time too: on a shared machine the wall clock also counts other programs.
        "cpu_seconds": round(statistics.median(found["cpu"]), 2),
        "groups": found["groups"],
    }


def duplicate_scan(work: Path, full_db: Path, full_rows: int) -> dict:
    """{contacts: {seconds, groups}} for 10k (imported here) and the full bench database."""
    small_csv = work / "contacts-10k.csv"
    small_db = work / "duplicates-10k.sqlite"
    for leftover in work.glob("duplicates-10k.sqlite*"):
        leftover.unlink()
    write_contacts_csv(small_csv, 10_000)
    _child([PY, "-c", _IMPORT.format(db=str(small_db), csv=str(small_csv))])
    return {"10000": scan_time(small_db), str(full_rows): scan_time(full_db)}
