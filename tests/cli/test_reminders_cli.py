"""The command-line contract of `followups add` and `reminders due`, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest


def run(data_dir, *args, check=True) -> subprocess.CompletedProcess:
    # Local time is the point of --due and --at: pin the zone for the child process.
    env = dict(os.environ, DESKTOP_CRM_LANG="en", TZ="Europe/Amsterdam")
    env.pop("DESKTOP_CRM_DATABASE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def add_contact(data_dir, name: str, *extra: str) -> int:
    return json.loads(run(data_dir, "contacts", "add", name, *extra, "--json").stdout)["id"]


def due(data_dir, at: str) -> list[dict]:
    return json.loads(run(data_dir, "reminders", "due", "--at", at, "--json").stdout)


def test_follow_up_added_and_listed_as_due_without_being_marked_delivered(tmp_path):
    anna = add_contact(tmp_path, "Anna de Vries")
    added = json.loads(
        run(
            tmp_path,
            "followups", "add", str(anna), "--due", "2026-03-10T14:00",
            "--text", "Bel over de offerte", "--json",
        ).stdout
    )  # fmt: skip
    assert {"id", "contact_id", "due_at", "text"} <= set(added)
    assert added["contact_id"] == anna and added["text"] == "Bel over de offerte"
    assert datetime.fromisoformat(added["due_at"]) == datetime.fromisoformat(
        "2026-03-10T14:00:00+01:00"
    )
    assert due(tmp_path, "2026-03-10T13:59") == []
    first = due(tmp_path, "2026-03-10T14:00")
    assert [(r["kind"], r["contact_id"], r["full_name"], r["text"]) for r in first] == [
        ("follow_up", anna, "Anna de Vries", "Bel over de offerte")
    ]
    assert datetime.fromisoformat(first[0]["due_at"]) == datetime.fromisoformat(added["due_at"])
    # It only reads: asking again (and later, overdue) gives the same alarm, not raised.
    again = due(tmp_path, "2026-03-12T08:00")
    assert [r["key"] for r in again] == [first[0]["key"]] and again[0]["raised"] is False


def test_birthday_card_birthday_and_year_wrap(tmp_path):
    bea = add_contact(tmp_path, "Bea Bakker", "--birthday", "1980-03-17")
    cas = add_contact(tmp_path, "Cas", "--birthday=--01-02")
    assert [(r["kind"], r["contact_id"]) for r in due(tmp_path, "2026-03-10T09:00")] == [
        ("birthday_card", bea)
    ]
    on_the_day = due(tmp_path, "2026-03-17T09:00")
    assert {r["kind"] for r in on_the_day} == {"birthday_card", "birthday"}
    birthday = next(r for r in on_the_day if r["kind"] == "birthday")
    assert birthday["text"] == "Bea Bakker turns 46 today"
    assert due(tmp_path, "2026-03-18T00:00") == []
    wrap = due(tmp_path, "2025-12-26T09:00")
    assert [(r["kind"], r["contact_id"], r["key"]) for r in wrap] == [
        ("birthday_card", cas, f"birthday_card:{cas}:2026")
    ]


def test_text_output_without_json(tmp_path):
    anna = add_contact(tmp_path, "Anna")
    run(tmp_path, "followups", "add", str(anna), "--due", "2026-03-10T09:00", "--text", "Call")
    out = run(tmp_path, "reminders", "due", "--at", "2026-03-10T10:00").stdout
    assert out.strip() == "2026-03-10 09:00  Follow-up: Anna: Call"
    assert run(tmp_path, "reminders", "due", "--at", "2020-01-01T00:00").stdout.strip() == (
        "Nothing is due."
    )


@pytest.mark.parametrize(
    "args",
    [
        ("followups", "add", "999", "--due", "2026-03-10T09:00", "--text", "x"),
        ("followups", "add", "1", "--due", "2026-03-10 09:00", "--text", "x"),
        ("followups", "add", "1", "--due", "2026-02-30T09:00", "--text", "x"),
        ("followups", "add", "1", "--due", "0026-03-10T09:00", "--text", "x"),
        ("followups", "add", "1", "--due", "2026-03-10T09:00", "--text", "  "),
        ("followups", "add", "abc", "--due", "2026-03-10T09:00", "--text", "x"),
        ("followups", "add", "1", "--text", "x"),
        ("reminders", "due", "--at", "tomorrow"),
        ("reminders", "due", "--at", "2026-03-10T25:00"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(tmp_path, args):
    add_contact(tmp_path, "Anna")
    proc = run(tmp_path, *args, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("desktop-crm: ")
    assert due(tmp_path, "2026-12-31T23:59") == []
