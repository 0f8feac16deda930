"""Point 9: a database or folder that is refused is left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.safety.cli import run_cli, seed

DB = "desktop-crm.sqlite"


def _fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file in the folder but the log: its mode and the hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.parent.name != "logs":
            mode = stat.S_IMODE(path.stat().st_mode)
            found[str(path.relative_to(folder))] = (
                mode,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found


def _refused(data: Path, words: str) -> None:
    before = _fingerprint(data)
    mode = stat.S_IMODE(data.stat().st_mode)
    done = run_cli("--data-dir", data, "contacts", "list")
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert _fingerprint(data) == before
    assert stat.S_IMODE(data.stat().st_mode) == mode


def _closed_database(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    seed(data, 2)
    conn = sqlite3.connect(data / DB)
    conn.execute("PRAGMA journal_mode=DELETE")  # a rollback-journal database
    conn.close()
    return data


def test_a_newer_schema_in_rollback_journal_mode_is_left_alone(tmp_path: Path) -> None:
    data = _closed_database(tmp_path)
    conn = sqlite3.connect(data / DB)
    conn.execute("UPDATE app_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    os.chmod(data / DB, 0o640)
    _refused(data, "newer version")
    assert not Path(f"{data / DB}-wal").exists()


def test_a_foreign_sqlite_file_is_refused_not_adopted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    conn = sqlite3.connect(data / DB)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    os.chmod(data / DB, 0o600)
    _refused(data, "another program's database")
    conn = sqlite3.connect(data / DB)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert names == ["invoices"]


def test_a_read_only_database_stays_read_only(tmp_path: Path) -> None:
    data = _closed_database(tmp_path)
    os.chmod(data / DB, 0o444)
    _refused(data, "read-only")
    assert stat.S_IMODE((data / DB).stat().st_mode) == 0o444


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_a_read_only_data_folder_stays_read_only(tmp_path: Path) -> None:
    data = _closed_database(tmp_path)
    os.chmod(data, 0o500)
    try:
        _refused(data, "read-only")
        assert stat.S_IMODE(data.stat().st_mode) == 0o500
    finally:
        os.chmod(data, 0o700)
