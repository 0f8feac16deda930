"""With the window's runner, Settings reads its reminders, defaults and lists on a worker:
no SQL on the GUI thread when it opens or after a write; OK asked before the values are in
waits for them (never saves the defaults shown meanwhile); a refused read is said and saves
nothing."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from desktop_crm.i18n.formatting import set_preferred
from desktop_crm.services import custom_fields, reminders
from desktop_crm.services.settings_save import save_reminders_and_defaults
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.settings.dialog import SettingsDialog

OK = QDialogButtonBox.StandardButton.Ok


@pytest.fixture(autouse=True)
def no_preferences():
    set_preferred()
    yield
    set_preferred()


@pytest.fixture
def stored(db) -> None:
    save_reminders_and_defaults(card_days=5, alarm_time="07:30", not_ready_days=21, no_months=9)
    custom_fields.define_field("VAT number")


def _dialog(qtbot, tmp_path, clock, runner) -> SettingsDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    widget = SettingsDialog(settings=settings, clock=clock, ask_restart=False, runner=runner)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_opening_reads_reminders_defaults_and_lists_off_the_gui_thread(
    qtbot, stored, tmp_path, clock, runner, gate, settle, gui_queries, failures
):
    dialog = _dialog(qtbot, tmp_path, clock, runner)
    assert not dialog.loaded and not dialog.reminders.isEnabled()
    assert not dialog.buttons.button(OK).isEnabled()
    gate.set()
    settle()
    assert gui_queries == [] and failures == []
    tab = dialog.reminders
    assert (tab.card_days_spin.value(), tab.alarm_time_text()) == (5, "07:30")
    assert (tab.not_ready_spin.value(), tab.no_spin.value()) == (21, 9)
    assert dialog.custom_fields.names() == ["VAT number"]
    assert len(dialog.criteria.names()) == 3 and dialog.pipeline.names()
    assert dialog.pipeline.idle_spin.isEnabled() and dialog.buttons.button(OK).isEnabled()
    assert not dialog.has_typed()  # the values that came in are not the user's typing


def test_a_write_and_the_lists_read_again_run_no_sql_on_the_gui_thread(
    qtbot, stored, tmp_path, clock, runner, settle, gui_queries
):
    dialog = _dialog(qtbot, tmp_path, clock, runner)
    settle()
    del gui_queries[:]
    dialog.custom_fields._ask_text = lambda _label, _current: "KvK number"
    dialog.custom_fields.add()
    dialog.pipeline.idle_spin.setValue(30)
    dialog.pipeline.idle_spin.editingFinished.emit()
    settle()
    assert gui_queries == []
    assert dialog.custom_fields.names() == ["VAT number", "KvK number"]
    assert dialog.pipeline.idle_spin.value() == 30


def test_ok_before_the_values_are_in_saves_the_stored_ones_not_the_defaults(
    qtbot, stored, tmp_path, clock, runner, gate, settle
):
    dialog = _dialog(qtbot, tmp_path, clock, runner)
    dialog.accept()  # Enter at once: waits for the values, then saves and closes
    assert dialog.isVisible()
    gate.set()
    settle()
    assert not dialog.isVisible()
    saved = reminders.load_settings()
    assert (saved.card_days, saved.alarm_time.strftime("%H:%M")) == (5, "07:30")


def test_a_refused_read_is_said_and_nothing_is_saved(
    qtbot, stored, tmp_path, clock, runner, settle, failures, monkeypatch
):
    def busy() -> None:
        raise sqlite3.OperationalError("database is locked")  # as SQLite says it

    monkeypatch.setattr(reminders, "load_settings", busy)
    dialog = _dialog(qtbot, tmp_path, clock, runner)
    settle()
    assert "busy in another program" in dialog.error_label.text()
    assert dialog.error_label.isVisible() and failures == []  # said once, here
    assert not dialog.buttons.button(OK).isEnabled() and dialog.apply() is False
    dialog.reminders.card_days_spin.setValue(1)
    dialog.discard()
    assert not dialog.isVisible()
    monkeypatch.undo()
    assert reminders.load_settings().card_days == 5  # nothing was written


def test_each_phone_region_shows_its_calling_code_without_loading_its_metadata(
    qtbot, stored, tmp_path, clock, runner, settle
):
    import phonenumbers

    from desktop_crm.ui.settings.general_tab import calling_codes

    codes = calling_codes()
    assert all(
        codes[region] == phonenumbers.country_code_for_region(region)
        for region in phonenumbers.SUPPORTED_REGIONS
    )
    dialog = _dialog(qtbot, tmp_path, clock, runner)
    box = dialog.general.region_box
    assert box.itemText(box.findData("NL")).endswith("(+31)")
    assert box.itemText(box.findData("BE")).endswith("(+32)")
    settle()


def test_the_first_settings_loads_its_modules_off_the_gui_thread_and_opens_once(
    qtbot, stored, clock, monkeypatch
):
    import sys
    import threading

    from desktop_crm.ui.main_window import MainWindow

    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.runner.is_idle)
    for name in [n for n in sys.modules if n.startswith("desktop_crm.ui.settings")]:
        monkeypatch.delitem(sys.modules, name)  # as in a session that never opened it
    loaded_on: list[str] = []
    real_import = __import__

    def watch(name, *args, **kwargs):
        if name == "desktop_crm.ui.settings.general_tab" and not loaded_on:
            loaded_on.append(threading.current_thread().name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", watch)
    window.window_actions.shell.settings.trigger()
    window.window_actions.shell.settings.trigger()  # a double click while it loads
    assert window.shell.dialog is None
    qtbot.waitUntil(lambda: window.shell.dialog is not None)
    qtbot.waitUntil(window.runner.is_idle)
    dialogs = [d for d in window.findChildren(FormDialog) if d.isVisible()]
    assert len(dialogs) == 1 and type(dialogs[0]).__name__ == "SettingsDialog"
    assert loaded_on and loaded_on[0] != threading.main_thread().name
    dialogs[0].discard()
