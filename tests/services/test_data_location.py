"""Where the data lives, as chosen in the window: remembered in the config folder, the
command line and environment first, a gone place said at start, folders checked and
copied on real SQLite files, servers probed on the real PostgreSQL."""

from __future__ import annotations

import socket
import sqlite3
import stat

import pytest

from desktop_crm.errors import DatabaseError, UserError
from desktop_crm.paths import DATABASE_FILE, DataPaths
from desktop_crm.services import data_location as where
from desktop_crm.services.backup import create_backup
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store.database import close_database, open_database
from desktop_crm.store.server_probe import probe_server
from tests.backends import POSTGRES_URL
from tests.data_location_fixtures import foreign_database, own_config  # noqa: F401


def _our_database(folder):
    folder.mkdir(parents=True, exist_ok=True)
    open_database(path=folder / DATABASE_FILE)
    close_database()
    return folder


def test_without_a_choice_the_start_uses_the_default_folder(tmp_path):
    paths = where.start_paths()
    assert paths.root == (tmp_path / "default-data" / "desktop-crm").resolve()
    assert paths.database_url is None


def test_a_chosen_folder_is_remembered_privately_in_the_config_folder(tmp_path):
    folder = _our_database(tmp_path / "synced")
    where.remember(where.Location(folder=folder))
    saved = tmp_path / "config" / "desktop-crm" / where.CHOICE_FILE
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert where.start_paths().root == folder.resolve()


def test_the_command_line_and_the_environment_win_over_the_choice(tmp_path, monkeypatch):
    where.remember(where.Location(folder=_our_database(tmp_path / "synced")))
    assert where.start_paths(data_dir=str(tmp_path / "given")).root == tmp_path / "given"
    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(tmp_path / "from-env"))
    assert where.start_paths().root == tmp_path / "from-env"


def test_a_chosen_folder_that_is_gone_is_said_and_nothing_is_created(tmp_path):
    folder = _our_database(tmp_path / "usb-stick")
    where.remember(where.Location(folder=folder))
    (folder / DATABASE_FILE).unlink()
    folder.rmdir()  # the drive is unplugged
    with pytest.raises(where.LocationMissing, match="usb-stick"):
        where.start_paths()
    assert not folder.exists()
    assert not (tmp_path / "default-data").exists()


def test_back_to_the_default_forgets_the_choice(tmp_path):
    where.remember(where.Location(folder=_our_database(tmp_path / "synced")))
    where.remember(where.Location())
    assert not (tmp_path / "config" / "desktop-crm" / where.CHOICE_FILE).exists()
    assert where.start_paths().root == (tmp_path / "default-data" / "desktop-crm").resolve()


def test_a_restart_after_a_choice_drops_the_path_override():
    argv = ["python", "-m", "desktop_crm", "--data-dir", "/d", "--lang", "nl", "--database=x"]
    assert where.restart_arguments(argv) == ["python", "-m", "desktop_crm", "--lang", "nl"]


def test_a_folder_with_our_database_is_opened_an_empty_one_is_not(tmp_path, data_paths):
    assert where.folder_holds_database(_our_database(tmp_path / "ours"), data_paths)
    (tmp_path / "empty").mkdir()
    assert not where.folder_holds_database(tmp_path / "empty", data_paths)


def test_a_foreign_database_is_refused_and_left_as_it_was(tmp_path, data_paths):
    folder = tmp_path / "other"
    before = foreign_database(folder)
    with pytest.raises(DatabaseError, match="another program"):
        where.folder_holds_database(folder, data_paths)
    assert (folder / DATABASE_FILE).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [DATABASE_FILE]


def test_a_read_only_folder_and_the_folder_in_use_are_refused(tmp_path, data_paths):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(UserError, match="read-only"):
        where.folder_holds_database(locked, data_paths)
    with pytest.raises(UserError, match="already"):
        where.folder_holds_database(data_paths.root, data_paths)


@pytest.mark.sqlite_only
def test_a_copy_holds_every_contact_and_the_backups(tmp_path, data_paths, db, clock):
    create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    made = create_backup(clock=clock)
    target = tmp_path / "synced"
    target.mkdir()
    location = where.copy_data_to(target, data_paths)
    assert location.folder == target
    copy = sqlite3.connect(target / DATABASE_FILE)
    assert copy.execute("SELECT display_name FROM contact").fetchall() == [("Sanne de Wit",)]
    copy.close()
    assert stat.S_IMODE((target / DATABASE_FILE).stat().st_mode) == 0o600
    assert (target / "backups" / made.path.name).read_bytes() == made.path.read_bytes()
    assert not list(target.rglob("*.part"))


def test_an_empty_start_marks_the_folder_and_opens_as_a_new_database(tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    where.remember(where.start_empty_in(folder))
    paths = where.start_paths()
    assert paths.root == folder.resolve()
    open_database(path=paths.database)
    close_database()
    assert where.folder_holds_database(folder, DataPaths(root=tmp_path / "elsewhere"))


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_nobody_listens_on_is_said_to_be_unreachable():
    with pytest.raises(DatabaseError, match="does not answer on port"):
        probe_server("127.0.0.1", _free_loopback_port(), "crm", "anna", "secret")


def test_a_remembered_server_that_is_down_is_said_at_start():
    account = where.ServerAccount("127.0.0.1", _free_loopback_port(), "crm", "anna")
    where.remember(where.Location(server=account), "secret")
    with pytest.raises(where.LocationMissing, match="does not answer"):
        where.start_paths()


needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="no PostgreSQL server")


def _server_of(url: str) -> tuple[str, int, str]:
    from urllib.parse import urlparse

    parts = urlparse(url)
    return parts.hostname or "", parts.port or 5432, parts.username or ""


@needs_postgres
def test_a_missing_database_on_the_server_is_named():
    host, port, user = _server_of(POSTGRES_URL)
    with pytest.raises(DatabaseError, match="no database called nosuch_crm"):
        probe_server(host, port, "nosuch_crm", user, "")


@needs_postgres
def test_an_unknown_user_on_the_server_is_named():
    host, port, _user = _server_of(POSTGRES_URL)
    with pytest.raises(DatabaseError, match="no user called nobody_here"):
        probe_server(host, port, "postgres", "nobody_here", "")


@needs_postgres
def test_a_remembered_server_starts_with_its_password_never_in_the_file(tmp_path):
    import psycopg2

    host, port, user = _server_of(POSTGRES_URL)
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS crm_location_test")
        cursor.execute("CREATE DATABASE crm_location_test")
    admin.close()
    found = probe_server(host, port, "crm_location_test", user, "")
    assert not found.holds_our_data  # empty: the first start sets it up
    account = where.ServerAccount(host, port, "crm_location_test", user)
    where.remember(where.Location(server=account), "s3cret/pw")
    saved = (tmp_path / "config" / "desktop-crm" / where.CHOICE_FILE).read_text()
    assert "s3cret" not in saved and "crm_location_test" in saved
    paths = where.start_paths()
    assert paths.database_url is not None and "s3cret%2Fpw" in paths.database_url
    assert "s3cret" not in where.describe(paths)
    open_database(url=account.url(""))
    close_database()
    assert probe_server(host, port, "crm_location_test", user, "").holds_our_data


def test_a_command_says_the_chosen_folder_is_gone_and_creates_nothing(tmp_path, capsys):
    from desktop_crm.cli.main import main

    folder = tmp_path / "usb-stick"
    where.remember(where.Location(folder=folder))
    assert main(["contacts", "list"]) == 2
    assert "usb-stick" in capsys.readouterr().err
    assert not folder.exists() and not (tmp_path / "default-data").exists()
