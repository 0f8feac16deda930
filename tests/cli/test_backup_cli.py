"""The `desktop-crm backup` contract: create/list as JSON, restore only when confirmed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm.cli.main import main
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def _add(data_dir: Path, name: str) -> None:
    open_database(path=data_dir / "desktop-crm.sqlite")
    try:
        m.Contact.create(display_name=name)
    finally:
        close_database()


def _names(data_dir: Path) -> set[str]:
    open_database(path=data_dir / "desktop-crm.sqlite")
    try:
        return {c.display_name for c in m.Contact.select()}
    finally:
        close_database()


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def _create(data_dir: Path, capsys) -> dict:
    assert _run(data_dir, "backup", "create", "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_create_json_prints_the_backup(data_dir, capsys):
    _add(data_dir, "Ada")
    made = _create(data_dir, capsys)
    assert set(made) == {"path", "created_at", "size", "reason"}
    assert made["reason"] == "manual"
    path = Path(made["path"])
    assert path.parent == data_dir.resolve() / "backups"
    assert path.stat().st_size == made["size"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert datetime.fromisoformat(made["created_at"]).tzinfo is not None


def test_list_json_is_a_list_of_backups(data_dir, capsys):
    assert _run(data_dir, "backup", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    first = _create(data_dir, capsys)
    assert _run(data_dir, "backup", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [first]
    for item in listed:
        datetime.fromisoformat(item["created_at"])
        assert isinstance(item["size"], int)


def test_list_as_text_names_each_backup(data_dir, capsys):
    made = _create(data_dir, capsys)
    assert _run(data_dir, "backup", "list") == 0
    out = capsys.readouterr().out
    assert made["path"] in out and "manual" in out


def test_restore_without_yes_and_without_a_terminal_refuses(data_dir, capsys):
    _add(data_dir, "Ada")
    made = _create(data_dir, capsys)
    _add(data_dir, "Grace")
    assert _run(data_dir, "backup", "restore", made["path"]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and err.count("\n") == 1
    assert _names(data_dir) == {"Ada", "Grace"}


def test_restore_with_yes_restores_and_keeps_the_state_before(data_dir, capsys):
    _add(data_dir, "Ada")
    made = _create(data_dir, capsys)
    _add(data_dir, "Grace")
    assert _run(data_dir, "backup", "restore", made["path"], "--yes") == 0
    assert "Restored" in capsys.readouterr().out
    assert _names(data_dir) == {"Ada"}
    _run(data_dir, "backup", "list", "--json")
    reasons = [b["reason"] for b in json.loads(capsys.readouterr().out)]
    assert "before_restore" in reasons


@pytest.mark.parametrize("answer, restored", [("n", False), ("", False), ("y", True)])
def test_restore_asks_on_a_terminal(data_dir, capsys, monkeypatch, answer, restored):
    _add(data_dir, "Ada")
    made = _create(data_dir, capsys)
    _add(data_dir, "Grace")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    code = _run(data_dir, "backup", "restore", made["path"])
    assert code == (0 if restored else 1)
    assert _names(data_dir) == ({"Ada"} if restored else {"Ada", "Grace"})


@pytest.mark.parametrize("yes", [[], ["--yes"]])
def test_restore_of_a_missing_file_is_one_line_and_exit_2(data_dir, capsys, tmp_path, yes):
    _add(data_dir, "Ada")
    assert _run(data_dir, "backup", "restore", str(tmp_path / "missing.sqlite"), *yes) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.sqlite" in err


def test_restore_of_a_file_that_is_no_backup_is_one_line_and_exit_2(data_dir, capsys, tmp_path):
    _add(data_dir, "Ada")
    junk = tmp_path / "contacts.csv"
    junk.write_text("name,email\nAda,ada@example.org\n")
    assert _run(data_dir, "backup", "restore", str(junk), "--yes") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Desktop CRM backup" in err
    assert _names(data_dir) == {"Ada"}


def test_a_server_database_says_backups_are_the_servers_job(capsys):
    url = "postgresql://sales:secret@db.example/crm"
    assert main(["--database", url, "backup", "create"]) == 2
    err = capsys.readouterr().err
    assert "server" in err and "secret" not in err
    assert main(["--database", url, "backup", "restore", __file__, "--yes"]) == 2


def test_the_installed_command_refuses_restore_without_a_terminal(data_dir, tmp_path):
    """The acceptance check runs a real process with stdin not a terminal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESKTOP_CRM_LANG": "en"}
    base = [sys.executable, "-m", "desktop_crm", "--data-dir", str(data_dir), "backup"]
    created = subprocess.run(
        [*base, "create", "--json"], capture_output=True, text=True, env=env, check=True
    )
    path = json.loads(created.stdout)["path"]
    refused = subprocess.run(
        [*base, "restore", path], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL
    )
    assert refused.returncode == 2
    assert "--yes" in refused.stderr and refused.stderr.count("\n") == 1
    bad = subprocess.run(
        [*base, "restore", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
