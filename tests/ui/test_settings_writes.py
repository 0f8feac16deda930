"""With the window's runner, the Settings lists (qualification criteria, custom fields, deal
pipeline stages) write on the writer thread: the edit is one transaction, no SQL runs on
the GUI thread for it, a second click while it is on its way sends nothing, and a refused
write (a locked database) is said beside the list and changes nothing.
Settings reads its reminders, defaults and lists on a worker too: no SQL on the GUI thread
when it opens or after a write; OK asked before the values are in waits for them (never
saves the defaults shown meanwhile); a refused read is said and saves nothing; the first
open loads its modules off the GUI thread and opens once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from desktop_crm.i18n.formatting import set_preferred
from desktop_crm.services import custom_fields, deals, reminders
from desktop_crm.services.settings_save import save_reminders_and_defaults
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.settings.dialog import SettingsDialog
from tests.ui.locked_database import locked_by_another_program


@pytest.fixture(autouse=True)
def no_preferences():
    set_preferred()
    yield
    set_preferred()


@pytest.fixture
def dialog(qtbot, db, tmp_path, clock, runner, settle) -> SettingsDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    widget = SettingsDialog(settings=settings, clock=clock, ask_restart=False, runner=runner)
    qtbot.addWidget(widget)
    settle()  # the stored reminders and lists are read on a worker (their tab is off till then)
    assert widget.loaded
    return widget


def _answer(tab, *texts: str) -> None:
    answers = iter(texts)
    tab._ask_text = lambda _label, _current: next(answers)


def test_a_custom_field_and_a_pipeline_stage_are_written_off_the_gui_thread(
    dialog, settle, gui_queries, failures
):
    seen = []
    dialog.criteria_changed.connect(seen.append)
    _answer(dialog.custom_fields, "VAT number")
    pipeline = dialog.pipeline
    _answer(pipeline, "Proposal sent")
    reads_before = len(gui_queries)
    dialog.custom_fields.add()
    pipeline.add()
    assert gui_queries[reads_before:] == []  # sent; the lists are read again when it is in
    settle()
    assert failures == []
    assert custom_fields.defined_fields() == ["VAT number"]
    assert "Proposal sent" in [s.name for s in deals.pipeline_stages(pipeline.pipeline_id)]
    assert dialog.custom_fields.names() == ["VAT number"] and "Proposal sent" in pipeline.names()
    assert len(seen) == 2 and all(c.everything or c.deals for c in seen)


def test_a_second_click_while_the_first_is_on_its_way_sends_nothing(dialog, runner, settle):
    tab = dialog.custom_fields
    _answer(tab, "VAT number", "KvK number")
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))  # the writer is busy with an earlier write
    tab.add()
    assert not tab.editor.add_button.isEnabled()
    tab.add()  # sends nothing (Add… is off; a keyboard shortcut would call this)
    release.set()
    settle()
    assert custom_fields.defined_fields() == ["VAT number"]
    assert tab.editor.add_button.isEnabled()


def test_a_refused_write_is_said_beside_the_list_and_changes_nothing(
    dialog, runner, settle, data_paths, failures
):
    tab = dialog.criteria
    names = tab.names()
    _answer(tab, "Lives nearby")
    with locked_by_another_program(runner, data_paths.database):
        tab.add()
        settle()
    assert "busy in another program" in tab.error_label.text()
    assert tab.error_label.isVisibleTo(tab) and failures == []
    assert tab.names() == names and tab.editor.add_button.isEnabled()


def test_opened_from_the_window_the_lists_write_through_its_runner(qtbot, db, clock):
    from desktop_crm.ui.main_window import MainWindow

    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    settings = window.shell.open_settings()
    editors = (settings.criteria.editor, settings.custom_fields.editor, settings.pipeline.editor)
    assert all(editor.runner is window.runner for editor in editors)
    settings.close()
    qtbot.waitUntil(window.runner.is_idle)


def test_ok_saves_reminders_and_defaults_off_the_gui_thread_once(
    qtbot, dialog, runner, settle, gui_queries, failures
):
    from desktop_crm.services import reminders
    from desktop_crm.services.sales_defaults import load_sales_defaults

    applied = []
    dialog.applied.connect(applied.append)
    dialog.show()
    dialog.reminders.card_days_spin.setValue(9)
    dialog.reminders.no_spin.setValue(4)
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))
    del gui_queries[:]
    dialog.accept()
    dialog.accept()  # Enter again while the first is on its way
    assert dialog.isVisible() and not dialog.buttons.isEnabled()
    release.set()
    settle()
    assert gui_queries == [] and failures == [] and len(applied) == 1
    assert not dialog.isVisible()
    assert reminders.load_settings().card_days == 9 and load_sales_defaults().no_months == 4


def test_a_refused_ok_keeps_the_dialog_and_what_was_typed(
    dialog, runner, settle, data_paths, failures
):
    from desktop_crm.services import reminders

    before = reminders.load_settings().card_days
    dialog.show()
    dialog.reminders.card_days_spin.setValue(before + 3)
    with locked_by_another_program(runner, data_paths.database):
        dialog.accept()
        settle()
    assert dialog.isVisible() and "busy in another program" in dialog.error_label.text()
    assert dialog.reminders.card_days_spin.value() == before + 3 and dialog.buttons.isEnabled()
    assert reminders.load_settings().card_days == before and failures == []


def test_a_probability_and_idle_days_typed_while_a_write_is_on_its_way_are_saved_after_it(
    dialog, runner, settle, failures
):
    from desktop_crm.services import pipeline_stages

    tab = dialog.pipeline
    _answer(tab, "Proposal sent")
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))  # the writer is busy with an earlier write
    tab.add()  # the list's write on its way
    tab.list.setCurrentRow(0)
    stage_id = tab.stages[0].id
    tab.probability_spin.setValue(35)
    tab.probability_spin.editingFinished.emit()
    tab.idle_spin.setValue(tab.idle_spin.value() + 7)
    tab.idle_spin.editingFinished.emit()
    release.set()
    settle()
    assert failures == [] and "Proposal sent" in tab.names()
    probabilities = {s.id: s.probability for s in deals.pipeline_stages(tab.pipeline_id)}
    assert probabilities[stage_id] == 35
    assert pipeline_stages.load_idle_days() == tab.idle_spin.value()


# --- what Settings reads ------------------------------------------------------------------

OK = QDialogButtonBox.StandardButton.Ok


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


def test_the_first_settings_loads_its_qt_modules_on_the_gui_thread_and_opens_once(
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
    loaded_on: set[str] = set()
    real_import = __import__

    def watch(name, *args, **kwargs):
        if name.startswith(("desktop_crm.ui.settings", "PySide6")):
            loaded_on.add(threading.current_thread().name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", watch)
    window.window_actions.shell.settings.trigger()
    window.window_actions.shell.settings.trigger()  # a double click while it loads
    assert window.shell.dialog is None
    qtbot.waitUntil(lambda: window.shell.dialog is not None)
    qtbot.waitUntil(window.runner.is_idle)
    dialogs = [d for d in window.findChildren(FormDialog) if d.isVisible()]
    assert len(dialogs) == 1 and type(dialogs[0]).__name__ == "SettingsDialog"
    # A worker that made PySide6's classes while the GUI thread ran crashed the app
    # (ui/load_ahead.py); its Qt-free part (tests/ui/test_load_ahead.py) is the worker's.
    assert loaded_on == {threading.main_thread().name}
    dialogs[0].discard()
