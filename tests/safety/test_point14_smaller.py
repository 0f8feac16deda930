"""Point 14: `--birthday --02-29`, one pre-import backup an hour (full disk: see point 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_crm.services.backup import list_backups
from desktop_crm.services.importing.runner import ImportCancelled, import_file
from desktop_crm.store.database import close_database, open_database
from tests.safety.cli import run_cli, write_csv


def test_birthday_without_a_year_as_the_readme_shows_it(tmp_path: Path) -> None:
    done = run_cli(
        "--data-dir", tmp_path, "contacts", "add", "Leap Day", "--birthday", "--02-29", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["birthday"] == "--02-29"


def test_failed_import_attempts_share_one_backup(tmp_path: Path, clock) -> None:
    source = write_csv(tmp_path / "in.csv", [("Ann", "ann@example.com"), ("Bob", "bob@x.nl")])
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    open_database(path=folder / "desktop-crm.sqlite")
    try:
        for _attempt in range(3):  # the wizard's Cancel, three times
            with pytest.raises(ImportCancelled):
                import_file(source, clock=clock, cancel=lambda: True)
        kept = [b for b in list_backups(folder / "backups") if b.reason == "before_import"]
        assert len(kept) == 1
        import_file(source, clock=clock)  # done: its contacts are not in that backup
        import_file(source, clock=clock)
        kept = [b for b in list_backups(folder / "backups") if b.reason == "before_import"]
        assert len(kept) == 2
    finally:
        close_database()
