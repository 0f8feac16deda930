"""Point 7: a backup made while the clock ran ahead never outranks yesterday's."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_crm.domain.clock import FixedClock
from desktop_crm.paths import DataPaths
from desktop_crm.services.backup import list_backups, rotate_backups
from desktop_crm.services.startup_check import check_at_start
from tests.safety.cli import run_cli, seed

FUTURE = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)


def _plant(folder: Path, source: Path, moment: datetime, reason: str = "daily") -> Path:
    """A backup file named and dated `moment`, as a wrong clock would have made it."""
    target = folder / f"backup-{moment.strftime('%Y%m%dT%H%M%S.%f')}Z-{reason}.sqlite"
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    os.utime(target, (moment.timestamp(), moment.timestamp()))
    return target


def _data_with_two_backups(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A 2031 backup holding 2 contacts and yesterday's holding 12."""
    small, big = tmp_path / "small", tmp_path / "big"
    seed(small, 2)
    seed(big, 12)
    for folder in (small, big):
        assert run_cli("--data-dir", folder, "backup", "create").returncode == 0
    backups = big / "backups"
    for made in backups.iterdir():
        made.unlink()
    yesterday = datetime.now(UTC) - timedelta(days=1)
    good = _plant(backups, big / "desktop-crm.sqlite", yesterday)
    future = _plant(backups, next((small / "backups").iterdir()), FUTURE)
    return big, good, future


def test_backup_list_puts_the_future_backup_last(tmp_path: Path) -> None:
    data, good, future = _data_with_two_backups(tmp_path)
    done = run_cli("--data-dir", data, "backup", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert [Path(b["path"]).name for b in json.loads(done.stdout)] == [good.name, future.name]


def test_recovery_offers_yesterdays_backup_not_the_future_one(tmp_path: Path) -> None:
    data, good, _future = _data_with_two_backups(tmp_path)
    (data / "desktop-crm.sqlite").write_bytes(b"this is no database" * 100)
    for sidecar in ("-wal", "-shm"):
        Path(f"{data / 'desktop-crm.sqlite'}{sidecar}").unlink(missing_ok=True)
    found = check_at_start(DataPaths(root=data))
    assert not found.ok
    assert found.candidate is not None and found.candidate.path == good


def test_a_future_backup_does_not_keep_a_rotation_slot_for_good(tmp_path: Path) -> None:
    data, _good, future = _data_with_two_backups(tmp_path)
    folder = data / "backups"
    now = datetime.now(UTC)
    for day in range(2, 12):  # a week and more of daily backups made with a right clock
        _plant(folder, data / "desktop-crm.sqlite", now - timedelta(days=day))
    rotate_backups(folder, FixedClock(now))
    names = [b.path.name for b in list_backups(folder)]
    assert future.name not in names
    assert len(names) >= 7
