"""Point 1: `export` never writes over the database, its journal files or the backups."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.safety.cli import contact_count, run_cli, seed


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    seed(folder, 3)
    assert run_cli("--data-dir", folder, "backup", "create").returncode == 0
    return folder


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_export_refuses_the_database_and_its_journal_files(data: Path, suffix: str) -> None:
    database = data / "desktop-crm.sqlite"
    target = Path(f"{database}{suffix}")
    before = _digest(database)
    done = run_cli("--data-dir", data, "export", target, "--format", "csv")
    assert done.returncode == 2, done.stderr
    assert "part of the Desktop CRM data" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _digest(database) == before
    assert contact_count(data) == 3


def test_export_refuses_a_link_to_the_database(data: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.csv"
    link.symlink_to(data / "desktop-crm.sqlite")
    done = run_cli("--data-dir", data, "export", link)
    assert done.returncode == 2
    assert contact_count(data) == 3


def test_export_refuses_the_backup_folder(data: Path) -> None:
    backups = data / "backups"
    before = sorted(p.name for p in backups.iterdir())
    existing = backups / before[0]
    for target in (backups / "x.csv", existing):
        done = run_cli("--data-dir", data, "export", target, "--format", "vcf")
        assert done.returncode == 2, done.stderr
    assert sorted(p.name for p in backups.iterdir()) == before


def test_export_elsewhere_is_atomic_and_leaves_no_temporary_file(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("--data-dir", data, "export", out / "all.csv")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["all.csv"]
