"""Two desktops on one PostgreSQL database: they see each other's changes, a conflicting
edit is refused with a message, and a due alarm is raised by exactly one of them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.services import contacts as cs
from desktop_crm.services.followups import add_follow_up
from desktop_crm.services.records import ContactDraft
from desktop_crm.store.database import close_database, open_database
from tests.backends import POSTGRES_URL, reset_postgres

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="no PostgreSQL server (.ci/run starts one)"
)
ROOT = Path(__file__).resolve().parents[2]


def desktop(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.shared.desktop_process", POSTGRES_URL, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def shared_db():
    reset_postgres(POSTGRES_URL)
    database = open_database(url=POSTGRES_URL)
    yield database
    close_database()


def test_a_change_on_one_desktop_appears_on_the_other(shared_db):
    watcher = desktop("watch")
    assert json.loads(watcher.stdout.readline())["ready"]
    writer = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_crm",
            "--database",
            POSTGRES_URL,
            "contacts",
            "add",
            "Femke Visser",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert writer.returncode == 0, writer.stderr
    seen = result(watcher)
    assert seen["changed"] and seen["names"] == ["Femke Visser"]


def test_a_conflicting_edit_is_refused_with_a_message(shared_db, tmp_path):
    contact = cs.get_contact(cs.create_contact(ContactDraft(full_name="Joost Kok")).id)
    barrier = tmp_path / "go"
    first = desktop("edit", str(contact.id), str(contact.version), "Kok Catering", str(barrier))
    second = desktop("edit", str(contact.id), str(contact.version), "Kok & Zn", str(barrier))
    barrier.touch()
    outcomes = [result(first), result(second)]
    assert sorted(o["saved"] for o in outcomes) == [False, True]
    refused = next(o for o in outcomes if not o["saved"])
    assert "changed elsewhere" in refused["message"]
    saved_company = "Kok Catering" if outcomes[0]["saved"] else "Kok & Zn"
    assert cs.get_contact(contact.id).company == saved_company


def test_a_due_alarm_is_raised_by_exactly_one_desktop(shared_db, tmp_path):
    now = datetime.now().astimezone().replace(microsecond=0)
    ids = [cs.create_contact(ContactDraft(full_name=f"Klant {i}")).id for i in range(5)]
    for cid in ids:
        add_follow_up(cid, now - timedelta(minutes=5), "Bellen")
    barrier = tmp_path / "go"
    desktops = [desktop("claim", now.isoformat(), str(barrier)) for _ in range(2)]
    barrier.touch()
    claims = [result(p)["claimed"] for p in desktops]
    everything = claims[0] + claims[1]
    assert len(everything) == 5 and len(set(everything)) == 5
