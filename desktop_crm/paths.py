"""Where the database, backups, logs and local settings live.

Default: the user's data folder (platformdirs). `--data-dir DIR` or
DESKTOP_CRM_DATA_DIR puts everything in DIR. The folder is created 0700."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "desktop-crm"
DATABASE_FILE = "desktop-crm.sqlite"


@dataclass(frozen=True)
class DataPaths:
    root: Path
    database_url: str | None = None  # set: a server database instead of the SQLite file

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def local_settings(self) -> Path:
        """Settings of this machine (window state, language), never in a shared database."""
        return self.root / "settings.ini"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        return self


def resolve(data_dir: str | os.PathLike | None = None, database: str | None = None) -> DataPaths:
    """Command-line values first, then the environment, then the platform default."""
    chosen = data_dir or os.environ.get("DESKTOP_CRM_DATA_DIR")
    root = Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME))
    url = database or os.environ.get("DESKTOP_CRM_DATABASE") or None
    return DataPaths(root=root.resolve(), database_url=url)
