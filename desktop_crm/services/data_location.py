"""Where the data lives, as chosen in the window (File › Database…): another folder, a
PostgreSQL server, or the default folder. The choice is remembered in a small file in the
user's config folder (it cannot live in the data folder it points at), the server's
password in the keyring or a 0600 file beside it; the command line and the environment
still win over it."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import platformdirs

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.paths import (
    APP_NAME,
    DATABASE_FILE,
    DataPaths,
    default_root,
    refuse_foreign_folder,
    resolve,
)
from desktop_crm.services.secrets import forget_secret, load_secret, store_secret

CHOICE_FILE = "database.json"
PASSWORD_FILE = "database-password"
KEYRING_SERVICE = "desktop-crm-database"
DEFAULT_PORT = 5432
# What a path override on the command line looks like; a restart after a new choice drops it.
PATH_OPTIONS = ("--data-dir", "--database")
PATH_VARIABLES = ("DESKTOP_CRM_DATA_DIR", "DESKTOP_CRM_DATABASE")


@dataclass(frozen=True)
class ServerAccount:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str) -> str:
        credentials = quote(self.user, safe="")
        if password:
            credentials += ":" + quote(password, safe="")
        return f"postgresql://{credentials}@{self.host}:{self.port}/{quote(self.database)}"

    def keyring_name(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class Location:
    """A folder, a server, or (neither) the default folder."""

    folder: Path | None = None
    server: ServerAccount | None = None


class LocationMissing(UserError):
    """The remembered folder or server cannot be reached at start."""


def config_folder() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


def remembered() -> Location:
    """The choice made in the window; the default folder when none was made (or the file
    is unreadable: a broken choice must not hide the user's default data)."""
    try:
        saved = json.loads((config_folder() / CHOICE_FILE).read_text(encoding="utf-8"))
        if "folder" in saved:
            return Location(folder=Path(saved["folder"]))
        if "server" in saved:
            return Location(server=ServerAccount(**saved["server"]))
    except (OSError, ValueError, TypeError):
        pass
    return Location()


def remember(location: Location, password: str = "") -> None:
    """Write the choice for the next start (atomically, 0600); the default folder removes it."""
    folder = config_folder()
    path = folder / CHOICE_FILE
    previous = remembered().server
    if previous is not None:
        forget_secret(KEYRING_SERVICE, previous.keyring_name(), folder / PASSWORD_FILE)
    if location.folder is None and location.server is None:
        path.unlink(missing_ok=True)
        return
    if location.server is not None:
        saved: dict = {"server": asdict(location.server)}
        if password:
            store_secret(
                KEYRING_SERVICE, location.server.keyring_name(), folder / PASSWORD_FILE, password
            )
    else:
        saved = {"folder": str(location.folder)}
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(saved, handle, indent=2)
    os.replace(partial, path)


def server_password(account: ServerAccount) -> str:
    found = load_secret(KEYRING_SERVICE, account.keyring_name(), config_folder() / PASSWORD_FILE)
    return found or ""


def start_paths(data_dir: str | None = None, database: str | None = None) -> DataPaths:
    """Where this start's data lives: the command line, then the environment, then the
    choice made in the window, then the default. LocationMissing when the chosen folder or
    server is not there: an empty database is never made somewhere else instead."""
    if data_dir or database or any(os.environ.get(name) for name in PATH_VARIABLES):
        return resolve(data_dir, database)
    location = remembered()
    if location.folder is not None:
        if not (location.folder / DATABASE_FILE).is_file():
            raise LocationMissing(
                _(
                    "The database folder {path} is not there (an unplugged drive, a folder "
                    "moved or renamed?)."
                ).format(path=location.folder)
            )
        return DataPaths(root=location.folder.resolve())
    if location.server is not None:
        from desktop_crm.store.server_probe import probe_server

        account = location.server
        password = server_password(account)
        try:
            probe_server(account.host, account.port, account.database, account.user, password)
        except UserError as exc:
            raise LocationMissing(exc.message) from exc
        return DataPaths(root=default_root(), database_url=account.url(password))
    return resolve()


def describe(paths: DataPaths) -> str:
    """Where the data lives now, for the user: the file, or the server without its password."""
    if not paths.database_url:
        return str(paths.database)
    from desktop_crm.store.database import redact_url

    return redact_url(paths.database_url)


def restart_arguments(argv: list[str]) -> list[str]:
    """`argv` without `--data-dir DIR` and `--database URL`: after a choice in the window
    the new start must use it, not the override this one was given."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in PATH_OPTIONS:
            skip = True
        elif not arg.startswith(tuple(option + "=" for option in PATH_OPTIONS)):
            kept.append(arg)
    return kept


# --- another folder ------------------------------------------------------------------------


def folder_holds_database(folder: Path, current: DataPaths) -> bool:
    """Whether `folder` holds a Desktop CRM database (True) or none yet (False); UserError,
    changing nothing, for a folder we may not write, a foreign or newer database, or the
    folder in use now."""
    from desktop_crm.store.file_checks import refuse_before_touching

    folder = folder.expanduser().resolve()
    if not current.database_url and folder == current.root:
        raise UserError(_("Your data lives in {path} already.").format(path=folder))
    refuse_foreign_folder(folder)
    if not folder.is_dir():
        raise UserError(_("{path} is not a folder.").format(path=folder))
    database = folder / DATABASE_FILE
    refuse_before_touching(database)
    return database.is_file()


def start_empty_in(folder: Path) -> Location:
    """An empty database file (0600) for the next start to set up: what marks the folder as
    chosen, so a start that finds it gone says so instead of starting empty again."""
    database = folder / DATABASE_FILE
    fd = os.open(database, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    return Location(folder=folder)


def copy_data_to(folder: Path, current: DataPaths) -> Location:
    """A consistent copy of the open SQLite database (the backup API, never a half-copied
    file: it appears under its name only when complete) and its backups in `folder`.
    Run where the database's writes are in order (the runner's writer)."""
    from desktop_crm.store.database import current_database
    from desktop_crm.store.sqlite_backup import backup_to

    if current.database_url:
        raise UserError(_("Data on a server cannot be copied to a folder here; use File › Export."))
    backup_to(current_database(), folder / DATABASE_FILE)
    _copy_backups(current.backups, folder / "backups")
    return Location(folder=folder)


def _copy_backups(source: Path, target: Path) -> None:
    """Finished backups only, each under its name only once complete."""
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for backup in sorted(source.glob("*.sqlite")):
        if backup.name.startswith(".") or (target / backup.name).exists():
            continue  # a restore's staging file, or a backup the folder has already
        partial = target / (backup.name + ".part")
        shutil.copyfile(backup, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target / backup.name)
