"""File › Database…: the dialog driven offscreen over a real SQLite file; its checks and the
copy run on the window's runner; the choice lands in the config folder for the next start."""

from __future__ import annotations

import socket
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QSpinBox

from desktop_crm.paths import DATABASE_FILE
from desktop_crm.services import data_location as where
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.database_dialog import DatabaseDialog
from desktop_crm.ui.help.shortcuts_dialog import plain_text
from desktop_crm.ui.main_window import MainWindow
from tests.data_location_fixtures import foreign_database, own_config  # noqa: F401


@pytest.fixture
def window(qtbot, db, clock, data_paths):
    create_contact(ContactDraft(given_name="Sanne", family_name="de Wit"), clock=clock)
    win = MainWindow(clock=clock)
    win.shell.data_paths = data_paths
    qtbot.addWidget(win)
    return win


@pytest.fixture
def dialog(window) -> DatabaseDialog:
    window.window_actions.shell.database.trigger()
    opened = window.shell.dialog
    assert isinstance(opened, DatabaseDialog)
    return opened


def _choice_file(tmp_path):
    return tmp_path / "config" / "desktop-crm" / where.CHOICE_FILE


def _wait(qtbot, window) -> None:
    qtbot.waitUntil(window.runner.is_idle)


def test_the_dialog_shows_the_file_in_use_and_names_every_control(dialog, data_paths):
    assert dialog.current.text() == str(data_paths.database)
    assert plain_text(dialog.parentWidget().window_actions.shell.database) == "Database…"
    for kind in (QAbstractButton, QLineEdit, QSpinBox):
        for control in dialog.findChildren(kind):
            if control.parentWidget() is not dialog.port:  # the port's own text field
                assert control.accessibleName(), control
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password


def test_an_empty_folder_gets_a_copy_that_the_next_start_opens(qtbot, window, dialog, tmp_path):
    target = tmp_path / "synced"
    target.mkdir()
    dialog.use_folder(target)
    _wait(qtbot, window)
    assert dialog.copy_button.isVisible() and dialog.empty_button.isVisible()
    with qtbot.waitSignal(window.shell.restart_elsewhere_requested):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    paths = where.start_paths()
    assert paths.root == target.resolve()
    copy = sqlite3.connect(paths.database)
    assert copy.execute("SELECT display_name FROM contact").fetchall() == [("Sanne de Wit",)]
    copy.close()


def test_an_edit_not_yet_saved_in_the_pane_is_in_the_copy(qtbot, window, dialog, tmp_path):
    window.detail.show_contact(1)
    qtbot.waitUntil(lambda: window.detail.contact_id == 1 and window.runner.is_idle())
    fields = window.detail.fields
    fields.company_edit.setText("Bakkerij de Wit")
    fields.company_edit.textEdited.emit("Bakkerij de Wit")
    assert fields.is_dirty
    (tmp_path / "synced").mkdir()
    dialog.use_folder(tmp_path / "synced")
    _wait(qtbot, window)
    with qtbot.waitSignal(window.shell.restart_elsewhere_requested):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copy = sqlite3.connect(tmp_path / "synced" / DATABASE_FILE)
    assert copy.execute("SELECT company FROM contact").fetchall() == [("Bakkerij de Wit",)]
    copy.close()


def test_restart_now_after_a_choice_restarts_without_the_path_override(
    qtbot, window, dialog, tmp_path
):
    (tmp_path / "fresh").mkdir()
    dialog.use_folder(tmp_path / "fresh")
    _wait(qtbot, window)
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, window)
    assert "starts empty" in dialog.status.text()
    assert where.start_paths().root == (tmp_path / "fresh").resolve()
    with qtbot.waitSignal(window.shell.restart_elsewhere_requested):
        qtbot.mouseClick(dialog.restart_button, Qt.MouseButton.LeftButton)


def test_a_folder_with_our_data_is_chosen_at_once(qtbot, window, dialog, tmp_path, data_paths):
    # Another Desktop CRM folder: a copy of ours made by the same service.
    other = tmp_path / "other"
    other.mkdir()
    window.runner.mutate(lambda: where.copy_data_to(other, data_paths))
    _wait(qtbot, window)
    dialog.use_folder(other)
    _wait(qtbot, window)
    assert not dialog.restart_button.isHidden()
    assert where.start_paths().root == other.resolve()


def test_a_foreign_database_is_refused_with_nothing_changed(qtbot, window, dialog, tmp_path):
    folder = tmp_path / "foreign"
    before = foreign_database(folder)
    dialog.use_folder(folder)
    _wait(qtbot, window)
    assert "another program" in dialog.status.text()
    assert (folder / DATABASE_FILE).read_bytes() == before
    assert not _choice_file(tmp_path).exists()
    assert dialog.restart_button.isHidden()


def test_test_connection_says_an_unreachable_server_does_not_answer(qtbot, window, dialog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.user.setText("anna")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "does not answer" in dialog.status.text())
    assert dialog.test_button.isEnabled()


def test_back_to_the_default_folder_forgets_the_choice(
    qtbot, window, dialog, tmp_path, monkeypatch
):
    where.remember(where.Location(folder=tmp_path))
    # This start's folder came from the environment: the default is still the platform's.
    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(tmp_path / "from-env"))
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, window)
    assert not _choice_file(tmp_path).exists()
    platform_default = str((tmp_path / "default-data" / "desktop-crm").resolve())
    assert f"default folder {platform_default}" in dialog.status.text()
