"""Custom fields in the real window: defined in Settings, shown in the pane at once, typed
into, saved by a switch of contact, and renamed with their values."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop_crm.services.contacts import get_contact
from desktop_crm.ui.settings.dialog import SettingsDialog
from tests.ui.workflows.conftest import show_in_pane, type_into


def test_a_field_defined_in_settings_is_in_the_pane_and_follows_a_rename(
    qtbot, window, people, clock, tmp_path
):
    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(settings=settings, clock=clock, ask_restart=False, parent=window)
    qtbot.addWidget(dialog)
    dialog.criteria_changed.connect(window.bus.publish)  # as the window's Settings… does
    tab = dialog.custom_fields
    answers = iter(["VAT nr", "VAT number"])
    tab._ask_text = lambda _label, _current: next(answers)

    tab.add()
    qtbot.waitUntil(lambda: "VAT nr" in window.detail.fields.custom_rows.edits)
    edit = window.detail.fields.custom_rows.edits["VAT nr"]
    assert edit.accessibleName() == "VAT nr"
    type_into(qtbot, edit, "NL001234567B01")
    window.contact_list.select_contact(joost)  # leaving the contact saves the value
    qtbot.waitUntil(window.runner.is_idle)
    assert get_contact(anna).custom_fields == (("VAT nr", "NL001234567B01"),)

    show_in_pane(qtbot, window, anna)
    tab.list.setCurrentRow(0)
    tab.rename()
    qtbot.waitUntil(lambda: "VAT number" in window.detail.fields.custom_rows.edits)
    edits = window.detail.fields.custom_rows.edits
    assert list(edits) == ["VAT number"]
    assert edits["VAT number"].text() == "NL001234567B01"
    window.undo_stack.undo()  # the save of the value, by the switch
    qtbot.waitUntil(lambda: edits["VAT number"].text() == "")
    assert get_contact(anna).custom_fields == ()
