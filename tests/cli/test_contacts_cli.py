"""The command-line contract of `contacts add|list|show` and `demo`, run as a real process."""

import json
import os
import subprocess
import sys

import pytest

from tests.backends import BACKENDS, POSTGRES_URL, database_args, reset_postgres


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path) -> list[str]:
    """Where the commands write: a SQLite file in a data folder, or the PostgreSQL server."""
    if request.param == "postgres":
        if not POSTGRES_URL:
            pytest.skip("no PostgreSQL server (set DESKTOP_CRM_TEST_POSTGRES; .ci/run does)")
        reset_postgres(POSTGRES_URL)
    return database_args(request, tmp_path / "data")


def run(target, *args, check=True):
    env = dict(os.environ, DESKTOP_CRM_LANG="en")
    env.pop("DESKTOP_CRM_DATABASE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_crm", *target, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_add_then_show_and_list_as_json(target):
    added = json.loads(
        run(
            target,
            "contacts",
            "add",
            "Jan  de Vries",
            "--email",
            " Jan@Example.COM ",
            "--email",
            "jan@work.example.org",
            "--phone",
            "06-12345678",
            "--company",
            "De Vries BV",
            "--birthday=--03-14",
            "--source",
            "phone book",
            "--stage",
            "prospect",
            "--tag",
            "beurs",
            "--tag",
            "klant",
            "--json",
        ).stdout
    )
    assert added["full_name"] == "Jan de Vries"
    assert added["primary_email"] == "jan@example.com"
    assert added["phone_e164"] == "+31612345678"
    assert added["birthday"] == "--03-14"
    assert added["stage"] == "prospect"
    assert added["lead_source"] == "phone_book"
    assert added["company"] == "De Vries BV"
    assert added["tags"] == ["beurs", "klant"]
    shown = json.loads(run(target, "contacts", "show", str(added["id"]), "--json").stdout)
    assert shown["id"] == added["id"] and shown["full_name"] == "Jan de Vries"
    listed = json.loads(run(target, "contacts", "list", "--search", "vries", "--json").stdout)
    assert [c["id"] for c in listed] == [added["id"]]
    assert json.loads(run(target, "contacts", "list", "--stage", "lead", "--json").stdout) == []


def test_birthday_with_a_year(target):
    added = json.loads(
        run(target, "contacts", "add", "Eva", "--birthday", "1990-02-28", "--json").stdout
    )
    assert added["birthday"] == "1990-02-28"


@pytest.mark.parametrize(
    "args",
    [
        ("contacts", "add", "X", "--birthday", "1990-02-31"),
        ("contacts", "add", "X", "--birthday", "14-03-1990"),
        ("contacts", "add", "X", "--stage", "sleeping"),
        ("contacts", "add", "X", "--email", "x@@example.com"),
        ("contacts", "show", "999"),
        ("contacts", "show", "abc"),
        ("contacts", "list", "--stage", "nope"),
        ("contacts", "frobnicate"),
    ],
)
def test_user_errors_exit_2_with_one_line_and_change_nothing(target, args):
    proc = run(target, *args, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    listed = json.loads(run(target, "contacts", "list", "--json").stdout)
    assert listed == []


def test_demo_fills_every_stage(target):
    run(target, "demo")
    listed = json.loads(run(target, "contacts", "list", "--json").stdout)
    assert len(listed) >= 200
    stages = {c["stage"] for c in listed}
    assert stages == {"lead", "prospect", "customer", "repeat_buyer", "not_now", "disqualified"}
    names = " ".join(c["full_name"] for c in listed)
    assert "de " in names or "van " in names  # Dutch names
    assert any(c["birthday"] for c in listed)


def test_version(tmp_path):
    proc = run(["--data-dir", str(tmp_path)], "--version")
    assert proc.stdout.startswith("desktop-crm ")


def test_data_dir_from_the_environment(tmp_path):
    env = dict(os.environ, DESKTOP_CRM_DATA_DIR=str(tmp_path / "env-data"))
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_crm", "contacts", "add", "Env", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env-data" / "desktop-crm.sqlite").exists()
