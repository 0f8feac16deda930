"""What the tests of File › Database… share: the user's config folder in the test's own
temporary folder, and a SQLite database of another program."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_crm.paths import DATABASE_FILE
from desktop_crm.services.data_location import PATH_VARIABLES


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch):
    """The config and default data folders are the test's; no path override from outside."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "default-data"))
    for name in PATH_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def foreign_database(folder: Path) -> bytes:
    """`folder` holding another program's SQLite file under our file's name; its bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / DATABASE_FILE)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    return (folder / DATABASE_FILE).read_bytes()
