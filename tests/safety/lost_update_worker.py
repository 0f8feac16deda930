"""A child process for the lost-update test: saves notes, or moves the stage, ROUNDS times.

`python -m tests.safety.lost_update_worker URL CONTACT_ID notes|stage ROUNDS`
prints `ready`, waits for a line on stdin, works, and prints a JSON summary."""

from __future__ import annotations

import json
import sys

from desktop_crm.errors import ConflictError
from desktop_crm.services.contacts import draft_from, get_contact, set_stage, update_contact
from desktop_crm.store.database import close_database, open_database


def save_notes(contact_id: int, rounds: int) -> dict[str, int]:
    saved = conflicts = lost = 0
    last_saved: str | None = None
    for i in range(rounds):
        details = get_contact(contact_id)
        if last_saved is not None and details.notes != last_saved:
            lost += 1  # a save reported as done is gone: someone wrote back an old row
        draft = draft_from(details)
        draft.notes = f"note {i}"
        try:
            update_contact(contact_id, draft, expected_version=details.version)
        except ConflictError:
            conflicts += 1
            continue
        saved += 1
        last_saved = draft.notes
    final = get_contact(contact_id).notes
    if last_saved is not None and final != last_saved:
        lost += 1
    return {"saved": saved, "conflicts": conflicts, "lost": lost}


def move_stages(contact_id: int, rounds: int) -> dict[str, int]:
    for i in range(rounds):
        set_stage([contact_id], "prospect" if i % 2 == 0 else "lead")
    return {"moves": rounds}


def main() -> None:
    url, contact_id, role, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    open_database(url=url)
    print("ready", flush=True)
    sys.stdin.readline()
    work = save_notes if role == "notes" else move_stages
    print(json.dumps(work(contact_id, rounds)), flush=True)
    close_database()


if __name__ == "__main__":
    main()
