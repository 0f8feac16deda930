"""One desktop on a shared database, driven by a test: the same services the window uses.

Usage: python -m tests.shared.desktop_process URL ACTION [ARGS...]; prints one JSON line."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from desktop_crm.errors import UserError
from desktop_crm.services import contacts as cs
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.reminders import claim_new_alarms
from desktop_crm.store.database import open_database


def _wait_for(path: Path, timeout: float = 30.0) -> None:
    """A start line for both processes, so the race is a real one."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.005)


def main() -> None:
    url, action, *args = sys.argv[1:]
    open_database(url=url)
    if action == "watch":  # wait until someone else changes something, then list names
        start = change_marker()
        print(json.dumps({"ready": True}), flush=True)
        deadline = time.monotonic() + 30
        while change_marker() == start and time.monotonic() < deadline:
            time.sleep(0.2)
        names = [c.full_name for c in cs.list_contacts()]
        print(json.dumps({"changed": change_marker() != start, "names": names}), flush=True)
    elif action == "edit":  # contact id, version read when the form opened, new company
        contact_id, version, company, barrier = int(args[0]), int(args[1]), args[2], Path(args[3])
        draft = cs.draft_from(cs.get_contact(contact_id))
        draft.company = company
        _wait_for(barrier)
        try:
            cs.update_contact(contact_id, draft, expected_version=version)
            print(json.dumps({"saved": True}))
        except UserError as exc:
            print(json.dumps({"saved": False, "message": exc.message}))
    elif action == "claim":  # the notifier's check at a moment
        at, barrier = datetime.fromisoformat(args[0]), Path(args[1])
        _wait_for(barrier)
        print(json.dumps({"claimed": [r.key for r in claim_new_alarms(at)]}))


if __name__ == "__main__":
    main()
