"""Point 2: on PostgreSQL a stage move never writes back a stale row over a saved edit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store.database import close_database, open_database
from tests.backends import POSTGRES_URL, reset_postgres
from tests.safety.cli import ROOT, cli_env

ROUNDS = 300

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="needs a PostgreSQL server (DESKTOP_CRM_TEST_POSTGRES)"
)


def _start(contact_id: int, role: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.safety.lost_update_worker", POSTGRES_URL]
        + [str(contact_id), role, str(ROUNDS)],
        env=cli_env(),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_notes_saved_while_another_desktop_moves_the_stage_are_never_lost() -> None:
    reset_postgres(POSTGRES_URL)
    open_database(url=POSTGRES_URL)
    try:
        contact_id = create_contact(ContactDraft(full_name="Ada Race")).id
    finally:
        close_database()
    workers = [_start(contact_id, "notes"), _start(contact_id, "stage")]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:  # both go at once
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0
        results.append(json.loads(out.strip().splitlines()[-1]))
    notes, stage = results
    assert stage["moves"] == ROUNDS
    assert notes["saved"] > 0
    assert notes["lost"] == 0, notes
    open_database(url=POSTGRES_URL)
    try:
        assert get_contact(contact_id).notes.startswith("note ")
    finally:
        close_database()
