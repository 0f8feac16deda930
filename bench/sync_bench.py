"""Sync figures against a real Radicale on loopback: the first sync of 5,000 contacts, an
incremental sync of 10 changes, and the requests an unchanged sync costs.
`python -m bench.sync_bench [--contacts N]` (part of `make bench`)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dataset import write_contacts_csv  # noqa: E402
from desktop_crm.domain.clock import SystemClock  # noqa: E402
from desktop_crm.errors import ValidationError  # noqa: E402
from desktop_crm.services.contact_queries import get_contact  # noqa: E402
from desktop_crm.services.contacts import draft_from, update_contact  # noqa: E402
from desktop_crm.services.importing import open_import, run_import  # noqa: E402
from desktop_crm.services.sync.engine import run_sync  # noqa: E402
from desktop_crm.services.sync.setup import add_account  # noqa: E402
from desktop_crm.services.sync.webdav import DavClient  # noqa: E402
from desktop_crm.store import models as m  # noqa: E402
from desktop_crm.store.database import close_database, open_database  # noqa: E402
from tests.sync.servers import PASSWORD, USER, start_radicale  # noqa: E402


def _timed_sync(data: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    report, _changes = run_sync(data, region="NL", clock=SystemClock())
    return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "sync.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="desktop-crm-sync-bench-"))
    server = start_radicale(work)
    try:
        csv_path = work / "contacts.csv"
        write_contacts_csv(csv_path, args.contacts)
        data = work / "data"
        data.mkdir(mode=0o700)
        open_database(path=data / "desktop-crm.sqlite")
        run_import(open_import(csv_path, region="NL"), lead_source="bought_list", backup=False)
        add_account(data, server.url, USER, PASSWORD)
        contacts = m.Contact.select().count()
        print(f"first sync of {contacts:,} contacts to Radicale …", flush=True)
        first_s, first = _timed_sync(data)
        print(f"  first sync: {first_s:.1f} s", flush=True)
        edited = 0
        for (contact_id,) in m.Contact.select(m.Contact.id).tuples():
            draft = draft_from(get_contact(contact_id))
            draft.job_title = "Changed for the bench"
            try:
                update_contact(contact_id, draft, region="NL")
            except ValidationError:
                continue  # a number the import kept as written; the editor asks to fix it
            edited += 1
            if edited == 10:
                break
        incremental_s, incremental = _timed_sync(data)
        made: list[str] = []
        original = DavClient.request

        def counting(self, method, href, **kwargs):  # type: ignore[no-untyped-def]
            made.append(method)
            return original(self, method, href, **kwargs)

        DavClient.request = counting  # type: ignore[method-assign]
        unchanged_s, _unchanged = _timed_sync(data)
        DavClient.request = original  # type: ignore[method-assign]
        results = {
            "contacts": contacts,
            "first_sync_seconds": round(first_s, 1),
            "first_sync_cards_per_second": round(first["contacts"]["sent"] / first_s),
            "incremental_10_changes_seconds": round(incremental_s, 2),
            "incremental_updated_there": incremental["contacts"]["updated_there"],
            "unchanged_sync_seconds": round(unchanged_s, 3),
            "unchanged_sync_requests": len(made),
        }
    finally:
        close_database()
        server.stop()
    for key, value in results.items():
        print(f"  {key:34} {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
