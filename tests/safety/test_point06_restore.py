"""Point 6: restore gives up on a held database, cleans its staging files, checks the schema."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.safety.cli import contact_count, run_cli, seed


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    seed(folder, 4)
    return folder


def _a_backup(data: Path) -> Path:
    done = run_cli("--data-dir", data, "backup", "create")
    assert done.returncode == 0, done.stderr
    return sorted((data / "backups").glob("backup-*.sqlite"))[-1]


def test_restore_while_another_program_holds_the_database_says_it_is_in_use(data: Path) -> None:
    backup = _a_backup(data)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE contact SET notes = notes')\n"
            "print('held', flush=True); sys.stdin.readline(); c.execute('ROLLBACK')",
            str(data / "desktop-crm.sqlite"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = run_cli("--data-dir", data, "backup", "restore", backup, "--yes", timeout=120)
    finally:
        holder.communicate("\n", timeout=30)
    assert done.returncode == 2, done.stderr
    assert "in use" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not list((data / "backups").glob(".restore-*"))
    assert contact_count(data) == 4


def test_staging_files_of_a_killed_copy_are_removed_at_the_next_start(data: Path) -> None:
    backups = data / "backups"
    left = [
        backups / ".restore-0123456789abcdef.sqlite",
        backups / "backup-20260101T000000.000000Z-daily.sqlite.part",
    ]
    for path in left:
        path.write_bytes(b"\0" * 58_000)
    assert contact_count(data) == 4  # any command opens the database
    assert not [p for p in left if p.exists()]


def test_a_backup_without_the_search_tables_is_refused(data: Path) -> None:
    backup = _a_backup(data)
    conn = sqlite3.connect(backup)
    conn.execute("DROP TABLE contact_fts_tri")
    conn.execute("DROP TABLE contact_fts_word")
    conn.commit()
    conn.close()
    before = (data / "desktop-crm.sqlite").stat().st_size
    done = run_cli("--data-dir", data, "backup", "restore", backup, "--yes")
    assert done.returncode == 2, done.stderr
    assert "incomplete" in done.stderr
    assert (data / "desktop-crm.sqlite").stat().st_size == before
    found = run_cli("--data-dir", data, "contacts", "list", "--search", "Person 3", "--json")
    assert found.returncode == 0 and '"Person 3"' in found.stdout
    assert not list((data / "backups").glob(".restore-*"))
