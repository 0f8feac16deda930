"""Point 8 (and 14's full disk): every listed user error is one clear line, exit 2, no change."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.safety.cli import contact_count, run_cli, seed, write_csv
from tests.safety.disk import fill, small_disk


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_exit_2(done, words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.startswith("desktop-crm: ")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "should not have" not in done.stderr
    assert words in done.stderr, done.stderr


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    seed(folder, 3)
    return folder


def test_invalid_utf8_in_an_argument(data: Path) -> None:
    done = run_cli("--data-dir", data, "contacts", "add", b"Caf\xe9 \xff")
    _one_line_exit_2(done, "not valid text")
    assert contact_count(data) == 3


def test_an_id_of_two_to_the_63(data: Path) -> None:
    done = run_cli("--data-dir", data, "contacts", "show", str(2**63))
    _one_line_exit_2(done, "not a contact number")


def test_a_5000_character_path(data: Path) -> None:
    long_dir = "/tmp/" + "d" * 5000
    done = run_cli("--data-dir", long_dir, "contacts", "list")
    _one_line_exit_2(done, "too long")
    done = run_cli("--data-dir", data, "export", "/tmp/" + "e" * 5000 + ".csv")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_a_locked_database_during_a_migration(tmp_path: Path) -> None:
    import shutil
    import sqlite3
    import subprocess
    import sys

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.sqlite"
    shutil.copyfile(fixture, data / "desktop-crm.sqlite")
    conn = sqlite3.connect(data / "desktop-crm.sqlite")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE app_meta SET value = value')\n"
            "print('held', flush=True); sys.stdin.readline(); c.execute('ROLLBACK')",
            str(data / "desktop-crm.sqlite"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = run_cli("--data-dir", data, "contacts", "list", timeout=120)
    finally:
        holder.communicate("\n", timeout=30)
    _one_line_exit_2(done, "busy")
    conn = sqlite3.connect(data / "desktop-crm.sqlite")
    version = conn.execute("SELECT value FROM app_meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert version == ("1",)


def test_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        seed(data, 3)
        source = write_csv(tmp_path / "more.csv", [(f"New {i}", f"n{i}@x.nl") for i in range(300)])
        fill(disk)
        database = data / "desktop-crm.sqlite"
        before = _digest(database)

        _one_line_exit_2(
            run_cli("--data-dir", data, "contacts", "add", "Full Disk"), "disk is full"
        )
        _one_line_exit_2(run_cli("--data-dir", data, "import", source), "disk is full")
        _one_line_exit_2(run_cli("--data-dir", data, "undo-import", "1"), "disk is full")

        # Reads still work, and nothing was changed.
        assert contact_count(data) == 3
        found = run_cli("--data-dir", data, "contacts", "list", "--search", "Person 2")
        assert found.returncode == 0 and "Person 2" in found.stdout
        assert _digest(database) == before


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_data_folder_or_file_owned_by_someone_else(data: Path, what: str) -> None:
    target = data if what == "folder" else data / "desktop-crm.sqlite"
    os.chown(target, 65534, 65534)
    before = _digest(data / "desktop-crm.sqlite")
    try:
        done = run_cli("--data-dir", data, "contacts", "add", "Not Mine")
        _one_line_exit_2(done, "another user")
        assert target.stat().st_uid == 65534
        assert _digest(data / "desktop-crm.sqlite") == before
    finally:
        os.chown(target, 0, 0)


def test_a_read_only_file_system(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        seed(data, 3)
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False
        )
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        done = run_cli("--data-dir", data, "contacts", "add", "Nowhere")
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "should not have" not in done.stderr
