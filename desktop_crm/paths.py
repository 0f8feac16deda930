"""Where the database, backups, logs and local settings live.

Default: the user's data folder (platformdirs). `--data-dir DIR` or
DESKTOP_CRM_DATA_DIR puts everything in DIR. The folder is created 0700."""

from __future__ import annotations

import os
import stat
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
        """Create the folders 0700; refuse, changing nothing, a folder we may not write."""
        for folder in (self.root, self.backups, self.logs):
            refuse_foreign_folder(folder)
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            make_private(folder)
        return self


def make_private(path: Path) -> None:
    """Take away what group and others may do; never add a permission the owner lacks."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def stat_if_ours(
    path: Path, error: type[Exception], *, unreadable: str, foreign: str, read_only: str
) -> os.stat_result | None:
    """`path`'s status when it is ours to change, None when it does not exist; `error` with
    the matching message ({path}, {reason}) when it cannot be read, belongs to another user
    or is read-only. Checked by owner and mode bits, not by trying: root may write anywhere,
    and a refusal must leave the file or folder exactly as it was (issue 15.9)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise error(unreadable.format(path=path, reason=exc.strerror or exc)) from exc
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise error(foreign.format(path=path))
    if not info.st_mode & stat.S_IWUSR:
        raise error(read_only.format(path=path))
    return info


def refuse_foreign_folder(folder: Path) -> None:
    """UserError for an existing folder that belongs to another user or is read-only."""
    from desktop_crm.errors import UserError
    from desktop_crm.i18n import _

    unreadable = _("The folder {path} cannot be used: {reason}")
    not_a_folder = _("{path} is not a folder.")
    info = stat_if_ours(
        folder,
        UserError,
        unreadable=unreadable,
        foreign=_("The folder {path} belongs to another user; nothing was changed."),
        read_only=_("The folder {path} is read-only; nothing was changed."),
    )
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UserError(not_a_folder.format(path=folder))


def resolve(data_dir: str | os.PathLike | None = None, database: str | None = None) -> DataPaths:
    """Command-line values first, then the environment, then the platform default."""
    chosen = data_dir or os.environ.get("DESKTOP_CRM_DATA_DIR")
    root = Path(chosen).expanduser().resolve() if chosen else default_root()
    url = database or os.environ.get("DESKTOP_CRM_DATABASE") or None
    return DataPaths(root=root, database_url=url)


def default_root() -> Path:
    """The platform's data folder for the app (on Linux ~/.local/share/desktop-crm)."""
    return Path(platformdirs.user_data_dir(APP_NAME)).resolve()
