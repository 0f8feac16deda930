"""The command-line contract of `duplicates`, `duplicates ignore`, `merge` and `unmerge`,
run as real processes (so every undo is an undo after a restart), on both back ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.backends import BACKENDS, POSTGRES_URL, database_args, reset_postgres


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path) -> list[str]:
    if request.param == "postgres":
        if not POSTGRES_URL:
            pytest.skip("no PostgreSQL server (set DESKTOP_CRM_TEST_POSTGRES; .ci/run does)")
        reset_postgres(POSTGRES_URL)
    return database_args(request, tmp_path / "data")


def run(target, *args, code=0):
    env = dict(os.environ, DESKTOP_CRM_LANG="en")
    env.pop("DESKTOP_CRM_DATABASE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_crm", *target, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == code, proc.stderr
    return proc


def _add(target, *args) -> int:
    return json.loads(run(target, "contacts", "add", *args, "--json").stdout)["id"]


def _one_line_error(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and not proc.stdout, proc.stderr
    return lines[0]


def test_find_merge_and_unmerge_through_the_command_line(target):
    jan = _add(target, "Jan de Vries", "--email", "jan@example.com", "--tag", "beurs")
    twin = _add(
        target,
        "Vries, Jan de",
        "--email",
        "JAN@example.com",
        "--phone",
        "06-12345678",
        "--stage",
        "prospect",
    )
    _add(target, "Anna Bakker", "--email", "anna@example.com")
    found = json.loads(run(target, "duplicates", "--json").stdout)
    assert len(found["groups"]) == 1
    group = found["groups"][0]
    assert group["contact_ids"] == [jan, twin]
    assert group["reasons"] == ["same_email", "similar_name"]
    assert 0 < group["score"] <= 1
    assert "same email" in run(target, "duplicates").stdout

    shown = {cid: run(target, "contacts", "show", str(cid), "--json").stdout for cid in (jan, twin)}
    merged = json.loads(run(target, "merge", str(jan), str(twin), "--json").stdout)
    assert merged == {"merge_id": merged["merge_id"], "kept": jan, "merged": [twin]}
    kept = json.loads(run(target, "contacts", "show", str(jan), "--json").stdout)
    assert kept["stage"] == "prospect" and kept["phone_e164"] == "+31612345678"
    gone = _one_line_error(run(target, "contacts", "show", str(twin), code=2))
    assert f"merged into Jan de Vries (number {jan})" in gone
    assert json.loads(run(target, "duplicates", "--json").stdout) == {"groups": []}

    # A new process: the undo works from what the database kept.
    undone = json.loads(run(target, "unmerge", str(merged["merge_id"]), "--json").stdout)
    assert undone == {"merge_id": merged["merge_id"], "kept": jan, "merged": [twin]}
    for cid, before in shown.items():
        assert run(target, "contacts", "show", str(cid), "--json").stdout == before

    _one_line_error(run(target, "unmerge", str(merged["merge_id"]), code=2))
    run(target, "duplicates", "ignore", str(twin), str(jan))
    assert json.loads(run(target, "duplicates", "--json").stdout) == {"groups": []}


def test_bad_input_exits_2_with_one_line_and_changes_nothing(target):
    jan = _add(target, "Jan de Vries", "--email", "jan@example.com")
    twin = _add(target, "J. de Vries", "--email", "jan@example.com")
    listed = run(target, "contacts", "list", "--json").stdout
    for args in (
        ("merge", str(jan), str(jan)),
        ("merge", str(jan), "99999"),
        ("merge", "99999", str(twin)),
        ("merge", str(jan), "abc"),
        ("merge", str(jan)),
        ("unmerge", "77"),
        ("unmerge", "x"),
        ("unmerge", str(2**63)),
        ("duplicates", "ignore", str(jan), str(jan)),
        ("duplicates", "ignore", str(jan), "99999"),
    ):
        _one_line_error(run(target, *args, code=2))
        assert run(target, "contacts", "list", "--json").stdout == listed
