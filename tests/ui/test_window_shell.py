"""The window shell: File and Help menus, the dialogs they open, export, backups, sample data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from desktop_crm import __version__
from desktop_crm.i18n.formatting import set_preferred
from desktop_crm.services.backup import create_backup, list_backups
from desktop_crm.services.contacts import archive_contacts, count_contacts, create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.backups_dialog import BackupsDialog
from desktop_crm.ui.export_dialog import ExportDialog
from desktop_crm.ui.help.about_dialog import AboutDialog
from desktop_crm.ui.help.shortcuts_dialog import ShortcutsDialog, plain_text
from desktop_crm.ui.import_wizard.history_dialog import ImportHistoryDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.settings.dialog import SettingsDialog

FILE_MENU = [
    ("New contact…", "Ctrl+N"),
    ("Import contacts…", "Ctrl+I"),
    ("Import history…", ""),
    ("Export…", ""),
    ("Back up now", ""),
    ("Restore from backup…", ""),
    ("Open data folder", ""),
    ("Settings…", "Ctrl+,"),
    ("Quit", "Ctrl+Q"),
]


@pytest.fixture(autouse=True)
def no_preferences():
    set_preferred()
    yield
    set_preferred()


@pytest.fixture
def window(qtbot, db, clock, tmp_path):
    for name in ("Sanne de Wit", "Joost Bakker", "Anna Jansen"):
        create_contact(ContactDraft(full_name=name, company="Bakkerij"), clock=clock)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(clock=clock, settings=settings)
    qtbot.addWidget(win)
    return win


def _menu(window: MainWindow, title: str) -> list[QAction]:
    for top in window.menuBar().actions():
        if plain_text(top) == title:
            return [a for a in top.menu().actions() if not a.isSeparator()]
    raise AssertionError(f"no menu {title}")


def test_the_file_menu_holds_every_action_under_its_name_and_shortcut(window):
    actions = {plain_text(a): a for a in _menu(window, "File")}
    for name, keys in FILE_MENU:
        assert name in actions, name
        shown = [k.toString() for k in actions[name].shortcuts()]
        assert (keys in shown) if keys else True, (name, shown)
    names = [plain_text(a) for a in _menu(window, "File")]
    assert names.index("Settings…") < names.index("Quit") == len(names) - 1


def test_the_help_menu_has_shortcuts_on_f1_and_ctrl_slash_and_about(window):
    help_actions = {plain_text(a): a for a in _menu(window, "Help")}
    keys = help_actions["Keyboard shortcuts"].shortcuts()
    assert QKeySequence("F1") in keys and QKeySequence("Ctrl+/") in keys
    assert "About Desktop CRM" in help_actions


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("import_history", ImportHistoryDialog),
        ("export", ExportDialog),
        ("restore_backup", BackupsDialog),
        ("settings", SettingsDialog),
        ("shortcuts", ShortcutsDialog),
        ("about", AboutDialog),
    ],
)
def test_each_menu_action_opens_what_it_says(window, action, kind):
    getattr(window.window_actions.shell, action).trigger()
    dialog = window.shell.dialog
    assert isinstance(dialog, kind)
    assert dialog.isVisible()
    dialog.done(QDialog.DialogCode.Rejected)


def test_quit_saves_pending_edits_then_asks_the_app_to_end(window, qtbot):
    saved = []
    window.detail.commit_pending = lambda: saved.append(True)  # the detail pane's hook
    with qtbot.waitSignal(window.shell.quit_requested):
        window.window_actions.quit.trigger()
    assert saved == [True]


def test_the_shortcuts_list_is_built_from_the_window_actions(window):
    extra = QAction("Frobnicate the pipeline", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+F"))
    window.addAction(extra)
    listed = ShortcutsDialog(window).texts()
    assert "Frobnicate the pipeline" in listed
    for name in ("New contact…", "Settings…", "Quit", "Keyboard shortcuts", "Find contacts"):
        assert name in listed


def test_about_shows_the_version_the_data_folder_and_the_licence(qtbot, tmp_path):
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == __version__
    assert dialog.folder_label.text() == str(tmp_path)
    assert dialog.licence_label.text()


# --- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "marker"), [("csv", "Sanne"), ("vcf", "BEGIN:VCARD"), ("ics", "BEGIN:VCALENDAR")]
)
def test_export_writes_each_format_off_the_gui_thread(qtbot, window, tmp_path, fmt, marker):
    target = tmp_path / f"out.{fmt}"
    dialog = ExportDialog(total=3, clock=window.clock, choose_path=lambda _n, _f: str(target))
    qtbot.addWidget(dialog)
    dialog.format_buttons[fmt].setChecked(True)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        assert dialog.start()
    dialog.wait()
    assert marker in target.read_text(encoding="utf-8-sig")
    assert dialog.result_value is not None and dialog.result_value.format == fmt


def test_export_takes_archived_contacts_along_only_when_asked(qtbot, db, clock, tmp_path):
    create_contact(ContactDraft(full_name="Kept Here"), clock=clock)
    gone = create_contact(ContactDraft(full_name="Archived Once"), clock=clock)
    archive_contacts([gone.id], clock=clock)
    written = []
    for include in (False, True):
        target = tmp_path / f"archived-{include}.csv"
        dialog = ExportDialog(total=1, clock=clock, choose_path=lambda _n, _f, t=target: str(t))
        qtbot.addWidget(dialog)
        assert dialog.archived_check.isEnabled()  # "All contacts" is chosen
        dialog.archived_check.setChecked(include)
        with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
            assert dialog.start()
        dialog.wait()
        written.append(target.read_text(encoding="utf-8-sig"))
    assert "Kept Here" in written[0] and "Archived Once" not in written[0]
    assert "Kept Here" in written[1] and "Archived Once" in written[1]


def test_export_of_the_selection_writes_only_the_selected_contacts(qtbot, window, tmp_path):
    ids = window.contact_list.model.ids
    target = tmp_path / "chosen.csv"
    dialog = ExportDialog(
        filtered_ids=list(ids),
        selected_ids=[ids[0]],
        total=3,
        clock=window.clock,
        choose_path=lambda _n, _f: str(target),
    )
    qtbot.addWidget(dialog)
    dialog.scope_buttons["selection"].setChecked(True)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        dialog.start()
    dialog.wait()
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert len(rows) == 1


def test_a_cancelled_export_writes_no_file(qtbot, window, tmp_path, clock):
    for number in range(450):
        create_contact(ContactDraft(full_name=f"Bulk Person {number}"), clock=clock)
    target = tmp_path / "big.csv"
    dialog = ExportDialog(total=453, clock=clock, choose_path=lambda _n, _f: str(target))
    qtbot.addWidget(dialog)
    dialog._task = None
    dialog.start()
    dialog.cancel()  # asked before the first progress report: the export stops there
    dialog.wait()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=30_000)
    assert not target.exists()
    assert dialog.result_value is None
    assert not list(tmp_path.glob(".export-*"))


def test_the_export_file_chooser_starts_in_the_folder_used_last(tmp_path):
    from desktop_crm.ui.file_dialogs import last_folder, remember_folder

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    (tmp_path / "exports").mkdir()
    remember_folder(settings, "export", tmp_path / "exports" / "contacts.csv")
    again = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert last_folder(again, "export") == str(tmp_path / "exports")
    assert last_folder(again, "import") == str(Path.home())


# --- backups ---------------------------------------------------------------------------------


def test_back_up_now_says_where_and_how_big(qtbot, window):
    with qtbot.waitSignal(window.shell.backup_made, timeout=30_000) as made:
        assert window.shell.back_up_now()
    window.shell.wait_for_backup()
    backup = made.args[0]
    assert backup.path.exists()
    message = window.statusBar().currentMessage()
    assert str(backup.path) in message and ("KB" in message or "bytes" in message)


def _restore_dialog(window: MainWindow, clock, **kwargs) -> BackupsDialog:
    return BackupsDialog(
        runner=window.runner, clock=clock, confirm=lambda _text: True, parent=window, **kwargs
    )


def test_restore_lists_backups_then_brings_the_views_back_to_that_data(qtbot, window, clock):
    create_backup("manual", clock=clock)  # three contacts
    create_contact(ContactDraft(full_name="Added After"), clock=clock)
    window.contact_list.reload()
    qtbot.waitUntil(window.runner.is_idle)  # the list reads off the GUI thread
    assert window.contact_list.model.rowCount() == 4
    dialog = _restore_dialog(window, clock)
    entry = dialog.entries[0]
    assert entry.contacts == 3 and entry.backup.size > 0
    assert dialog.table.item(0, 3).text() == "3"
    with qtbot.waitSignal(dialog.restored, timeout=30_000):
        assert dialog.restore_selected()
        assert dialog.busy and not dialog.restore_button.isEnabled()  # no double start
        assert not dialog.restore_selected()
    # The restore ran on the runner's writer thread, not on the GUI thread.
    assert dialog.restore_thread == "crm-mutation"
    assert count_contacts(clock=clock) == 3
    qtbot.waitUntil(window.runner.is_idle)  # the list reads off the GUI thread
    assert window.contact_list.model.rowCount() == 3  # the list reloaded from the bus
    reasons = [b.reason for b in list_backups(entry.backup.path.parent)]
    assert "before_restore" in reasons  # the state before the restore was kept
    assert len(dialog.entries) == 2
    assert not dialog.busy and dialog.restore_button.isEnabled()


def test_restore_waits_until_the_runners_earlier_work_has_finished(qtbot, window, clock):
    import threading

    create_backup("manual", clock=clock)
    qtbot.waitUntil(window.runner.is_idle)
    release = threading.Event()
    window.runner.query(lambda: release.wait(30), lambda _r: None)  # a slow read, still running
    dialog = _restore_dialog(window, clock)
    with qtbot.waitSignal(dialog.restored, timeout=30_000):
        assert dialog.restore_selected()
        # Not handed to the runner while the read holds the connection the restore closes.
        assert dialog._pending is not None and dialog.busy
        release.set()
    assert dialog._pending is None


def test_a_failing_restore_says_so_and_changes_nothing(qtbot, window, clock):
    backup = create_backup("manual", clock=clock)
    create_contact(ContactDraft(full_name="Added After"), clock=clock)
    dialog = _restore_dialog(window, clock)
    backup.path.write_bytes(b"not a database at all" * 100)  # broken after it was listed
    published = []
    window.bus.changed.connect(published.append)
    with qtbot.waitSignal(dialog.restore_failed, timeout=30_000) as failed:
        assert dialog.restore_selected()
    assert failed.args[0] == dialog.message_label.text() and failed.args[0]
    assert count_contacts(clock=clock) == 4
    assert published == []  # nothing to reload
    assert not dialog.busy and dialog.restore_button.isEnabled()


def test_restore_asks_once_and_a_no_changes_nothing(qtbot, window, clock):
    create_backup("manual", clock=clock)
    create_contact(ContactDraft(full_name="Added After"), clock=clock)
    asked = []
    dialog = BackupsDialog(
        runner=window.runner, clock=clock, confirm=lambda text: asked.append(text) or False
    )
    qtbot.addWidget(dialog)
    assert not dialog.restore_selected()
    assert len(asked) == 1
    assert count_contacts(clock=clock) == 4


# --- first start -----------------------------------------------------------------------------


@pytest.fixture
def empty_window(qtbot, db, clock, tmp_path):
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    return win


def test_the_empty_list_offers_import_add_and_sample_data(qtbot, empty_window, monkeypatch):
    empty = empty_window.contact_list.empty
    qtbot.waitUntil(empty_window.runner.is_idle)  # the list reads off the GUI thread
    assert empty_window.contact_list.stack.currentWidget() is empty
    assert set(empty.buttons) == {"import", "add", "sample"}
    assert "drop" in empty.hint_label.text()
    calls = []
    monkeypatch.setattr(empty_window, "start_import", lambda path: calls.append(("import", path)))
    monkeypatch.setattr(empty_window, "new_contact", lambda: calls.append(("add", None)))
    empty.buttons["import"].click()
    empty.buttons["add"].click()
    assert calls == [("import", None), ("add", None)]


def test_sample_data_comes_as_one_batch_and_goes_out_whole(qtbot, empty_window, clock):
    create_contact(ContactDraft(full_name="Real Customer"), clock=clock)
    shell = empty_window.shell
    with qtbot.waitSignal(empty_window.bus.changed, timeout=120_000):
        empty_window.contact_list.empty.buttons["sample"].click()
    shell.wait_for_sample()
    assert count_contacts(clock=clock) > 100
    # The action follows a look at the sample batches on a worker.
    qtbot.waitUntil(empty_window.window_actions.shell.remove_sample_data.isEnabled)
    assert shell.remove_sample_data_now()
    qtbot.waitUntil(empty_window.runner.is_idle)  # the removal runs on the writer thread
    assert count_contacts(clock=clock) == 1  # the real contact stays
    assert not empty_window.window_actions.shell.remove_sample_data.isEnabled()


# --- fits the screen -------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 720)])
def test_every_window_and_dialog_opens_within_the_screen(tmp_path, width, height):
    """A child process on an offscreen screen of that size (Qt's offscreen config file)."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpiX": 96,
                        "logicalDpiY": 96,
                        "dpr": 1,
                    }
                ]
            }
        )  # fmt: skip
    )
    data = tmp_path / "data"
    data.mkdir()
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "DESKTOP_CRM_LANG": "en",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_fit_probe", str(data)],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["area"] == [0, 0, width, height]
    assert set(found["windows"]) >= {"main", "settings", "export", "import-wizard", "about"}
    for name, (x, y, w, h) in found["windows"].items():
        assert w <= width and h <= height, (name, w, h)
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (name, x, y, w, h)


# --- screenshots of the dialogs --------------------------------------------------------------


@pytest.mark.parametrize(
    "view", ["settings", "export", "backups", "import-history", "shortcuts", "about"]
)
def test_the_command_line_screenshots_each_dialog(tmp_path, view):
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    shot = tmp_path / f"{view}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(tmp_path / "data"),
         "--screenshot", str(shot), "--view", view],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert 200 <= image.width() < 1280 and image.height() > 100  # the dialog, not the window


# --- accessible names ------------------------------------------------------------------------


def _unnamed_controls(dialog) -> list[str]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QProgressBar,
        QTabWidget,
    )

    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    kinds = (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QProgressBar,
        QTabWidget,
    )
    missing = []
    for widget in dialog.findChildren(QWidgetType):
        if not isinstance(widget, kinds) or widget in buddies:
            continue
        if type(widget).__name__ in ("QTabBar", "QScrollBar", "QToolButton", "QHeaderView"):
            continue  # Qt's own parts: tab titles and scroll bars name themselves
        if isinstance(widget.parent(), QAbstractSpinBox) or widget.objectName().startswith("qt_"):
            continue  # Qt's inner parts (a spin box's line edit, a table's corner button)
        if _inside(widget, QComboBox):
            continue  # a combo box's popup list: the box carries the name
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue  # a button's text is its accessible name
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


from PySide6.QtWidgets import QWidget as QWidgetType  # noqa: E402


def _inside(widget, kind) -> bool:
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parent()
    return False


@pytest.mark.parametrize("action", ["export", "restore_backup", "settings", "shortcuts", "about"])
def test_every_control_of_the_new_dialogs_has_an_accessible_name(window, action):
    getattr(window.window_actions.shell, action).trigger()
    dialog = window.shell.dialog
    if isinstance(dialog, SettingsDialog):
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
    assert _unnamed_controls(dialog) == []
    dialog.done(0)


def test_the_empty_state_buttons_have_accessible_names(empty_window):
    for button in empty_window.contact_list.empty.buttons.values():
        assert button.accessibleName()


# --- a server database -----------------------------------------------------------------------


def test_on_a_server_database_backups_say_they_are_the_servers(qtbot, clock, bus):
    import os

    from desktop_crm.store.database import close_database, open_database
    from desktop_crm.ui.operations import OperationRunner
    from tests.backends import reset_postgres

    url = os.environ.get("DESKTOP_CRM_TEST_POSTGRES", "")
    if not url:
        pytest.skip("no PostgreSQL server (set DESKTOP_CRM_TEST_POSTGRES; .ci/run does)")
    reset_postgres(url)
    open_database(url=url)
    try:
        dialog = BackupsDialog(runner=OperationRunner(bus), clock=clock)
        qtbot.addWidget(dialog)
        assert "server" in dialog.intro.text()
        assert not dialog.restore_button.isVisibleTo(dialog)
        assert not dialog.restore_selected()
    finally:
        close_database()


# --- import history after a restart ----------------------------------------------------------


def test_an_earlier_import_is_undone_from_the_menu_after_a_restart(
    qtbot, data_paths, clock, tmp_path
):
    import subprocess
    import sys

    from desktop_crm.store.database import close_database, open_database

    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Email\nEva Smit,eva@example.org\nGijs Kok,gijs@example.org\n", encoding="utf-8"
    )
    # The import ran in an earlier session: another process, through the command line.
    done = subprocess.run(
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(data_paths.root), "import", str(source)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    open_database(path=data_paths.database)
    try:
        window = MainWindow(clock=clock)
        qtbot.addWidget(window)
        qtbot.waitUntil(window.runner.is_idle)  # the list reads off the GUI thread
        assert window.contact_list.model.rowCount() == 2
        window.window_actions.shell.import_history.trigger()
        dialog = window.shell.dialog
        assert isinstance(dialog, ImportHistoryDialog)
        dialog._confirm = lambda _text: True
        assert dialog.table.item(0, 1).text() == "people.csv"
        with qtbot.waitSignal(dialog.undone, timeout=30_000):
            dialog.undo_button_at(0).click()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=30_000)
        qtbot.waitUntil(window.runner.is_idle)  # the list reads off the GUI thread
        assert window.contact_list.model.rowCount() == 0  # the list heard it on the bus
        dialog.done(0)
    finally:
        close_database()


# --- a close before the tray is up (the tray is a few start steps after the first paint) ----


def _tray(window: MainWindow, clock, tmp_path, monkeypatch):
    from desktop_crm.ui.notifier import Notifier
    from desktop_crm.ui.tray import TrayIcon

    monkeypatch.setattr(
        "PySide6.QtWidgets.QSystemTrayIcon.isSystemTrayAvailable", staticmethod(lambda: True)
    )
    settings = QSettings(str(tmp_path / "tray.ini"), QSettings.Format.IniFormat)
    tray = TrayIcon(Notifier(clock, runner=window.runner, parent=window), settings=settings)
    said: list[str] = []
    tray.message_shown.connect(lambda title, _text: said.append(title))
    return tray, said


def test_a_window_closed_before_the_tray_is_up_lives_on_in_it_and_says_so(
    qtbot, window, clock, tmp_path, monkeypatch
):
    window.show()
    window.close()  # before the start's tray step
    tray, said = _tray(window, clock, tmp_path, monkeypatch)
    quits: list[bool] = []
    window.shell.quit_requested.connect(lambda: quits.append(True))
    window.shell.attach_tray(tray)
    window.shell.tray_settled(True)
    assert said == ["Desktop CRM is still running"]
    assert quits == []


def test_a_window_closed_before_the_start_finds_no_tray_ends_the_app(qtbot, window):
    window.show()
    window.close()
    with qtbot.waitSignal(window.shell.quit_requested, timeout=5_000):
        window.shell.tray_settled(False)


def test_a_window_still_open_when_the_tray_comes_up_is_left_alone(
    qtbot, window, clock, tmp_path, monkeypatch
):
    window.show()
    tray, said = _tray(window, clock, tmp_path, monkeypatch)
    quits: list[bool] = []
    window.shell.quit_requested.connect(lambda: quits.append(True))
    window.shell.attach_tray(tray)
    window.shell.tray_settled(True)
    assert said == [] and quits == []
    window.close()  # a close after it: the hint, once
    assert said == ["Desktop CRM is still running"]
