"""Settings…: each setting takes effect (language, currency, phone region, reminders, criteria)."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QSettings

from desktop_crm.i18n.formatting import LocaleFormats, set_preferred
from desktop_crm.services import qualification, reminders
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.records import ContactDraft, PhoneEntry
from desktop_crm.services.sales_defaults import load_sales_defaults
from desktop_crm.store import models as m
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.settings.dialog import SettingsDialog
from desktop_crm.ui.settings.preferences import load_preferences, stored_language


@pytest.fixture(autouse=True)
def no_preferences():
    set_preferred()
    yield
    set_preferred()


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot, db, settings, clock):
    dialog = SettingsDialog(settings=settings, clock=clock, ask_restart=False)
    qtbot.addWidget(dialog)
    return dialog


def _choose(box, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


def test_the_currency_setting_changes_every_amount(dialog, settings):
    set_preferred(currency="USD")
    assert LocaleFormats.current(language="en").money(0) == "$0.00"
    _choose(dialog.general.currency_box, "EUR")
    assert dialog.apply()
    assert LocaleFormats.current(language="en").money(12345) == "€123.45"
    assert load_preferences(settings).currency == "EUR"


def test_dutch_amounts_are_euros_even_on_an_american_system():
    """The "US$ 0,00" of the issue: Dutch text on an en_US system formats as nl, so EUR."""
    formats = LocaleFormats.current(language="nl", territory="US")
    assert formats.currency == "EUR"
    assert formats.money(0) == "€\xa00,00"


def test_the_phone_region_is_used_for_new_numbers(qtbot, db, settings, clock):
    window = MainWindow(clock=clock, settings=settings)
    qtbot.addWidget(window)
    window.window_actions.shell.settings.trigger()
    dialog = window.shell.dialog
    _choose(dialog.general.region_box, "BE")
    dialog.accept()  # saved on the window's writer thread, applied when it is in
    qtbot.waitUntil(window.runner.is_idle)
    assert window.region == "BE"
    saved = create_contact(
        ContactDraft(full_name="Lotte Peeters", phones=[PhoneEntry("0470 12 34 56")]),
        clock=clock,
        region=window.region,
    )
    assert get_contact(saved.id).phones[0].e164 == "+32470123456"
    assert load_preferences(settings).phone_region == "BE"


def test_choosing_dutch_is_stored_and_offers_a_restart(dialog, settings):
    _choose(dialog.general.language_box, "nl")
    assert dialog.apply()
    assert dialog.restart_needed
    assert stored_language(settings) == "nl"


def test_after_the_restart_the_window_speaks_dutch(qtbot, db, settings, clock):
    from argparse import Namespace

    from desktop_crm.ui.app import _apply_preferences

    settings.setValue("preferences/language", "nl")
    _apply_preferences(Namespace(lang=None, region=None), settings, "NL")
    window = MainWindow(clock=clock, settings=settings)
    qtbot.addWidget(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Bestand" in titles and "Help" in titles
    file_names = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Instellingen…" in file_names and "Nu back-up maken" in file_names


def test_alarm_time_card_days_and_sales_defaults_are_saved(dialog):
    dialog.reminders.alarm_time_edit.setTime(
        dialog.reminders.alarm_time_edit.time().fromString("08:30", "HH:mm")
    )
    dialog.reminders.card_days_spin.setValue(10)
    dialog.reminders.not_ready_spin.setValue(21)
    dialog.reminders.no_spin.setValue(3)
    assert dialog.apply()
    saved = reminders.load_settings()
    assert saved.alarm_time == time(8, 30) and saved.card_days == 10
    defaults = load_sales_defaults()
    assert (defaults.not_ready_days, defaults.no_months) == (21, 3)


def test_the_log_dialog_proposes_the_not_ready_default(qtbot, db, clock):
    from desktop_crm.services.sales_defaults import save_sales_defaults
    from desktop_crm.ui.detail.log_dialog import LogConversationDialog

    save_sales_defaults(not_ready_days=21, no_months=3)
    contact = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    log = LogConversationDialog(contact.id, "Sanne de Wit", clock=clock)
    qtbot.addWidget(log)
    proposed = log.follow_up_edit.dateTime().toPython().date()
    assert (proposed - clock.now().date()).days == 21


def test_criteria_can_be_added_renamed_reordered_and_removed(qtbot, dialog, clock):
    contact = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    tab = dialog.criteria
    answers = iter(["Has a website", "Fits our region"])
    tab._ask_text = lambda _label, _current: next(answers)
    before = tab.names()
    tab.add()
    assert tab.names() == [*before, "Has a website"]
    tab.list.setCurrentRow(0)
    with qtbot.waitSignal(tab.changed):
        tab.rename()
    assert tab.names()[0] == "Fits our region"
    assert [c.name for c in qualification.checklist(contact.id)][0] == "Fits our region"
    tab.list.setCurrentRow(len(tab.names()) - 1)
    tab.move_selected(-1)
    assert tab.names()[-2] == "Has a website"
    tab.remove()
    assert "Has a website" not in [c.name for c in qualification.checklist(contact.id)]


def test_an_empty_criterion_name_is_refused_beside_the_list(dialog):
    tab = dialog.criteria
    tab._ask_text = lambda _label, _current: "   "
    count = len(tab.names())
    tab.add()
    assert len(tab.names()) == count
    assert tab.error_label.isVisibleTo(tab) and tab.error_label.text()


def test_pipeline_stages_can_be_added_renamed_reordered_and_removed_when_empty(dialog, clock):
    from desktop_crm.services import deals

    tab = dialog.pipeline
    pipeline_id = tab.pipeline_id
    answers = iter(["Proposal sent", "Offer out"])
    tab._ask_text = lambda _label, _current: next(answers)
    tab.add()
    assert "Proposal sent" in tab.names()
    kinds = [s.kind for s in deals.pipeline_stages(pipeline_id)]
    assert kinds[-2:] == ["won", "lost"]  # a new stage goes before Won and Lost
    tab.list.setCurrentRow(tab.names().index("Proposal sent"))
    tab.rename()
    assert "Offer out" in tab.names()
    row = tab.names().index("Offer out")
    tab.move_selected(-1)
    assert tab.names().index("Offer out") == row - 1
    tab.probability_spin.setValue(35)
    tab._save_probability()
    stage = next(s for s in deals.pipeline_stages(pipeline_id) if s.name == "Offer out")
    assert stage.probability == 35
    contact = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    deal_id = deals.add_deal(contact.id, "Website", 100000, clock=clock).id
    first_stage = deals.pipeline_stages(pipeline_id)[0]
    assert m.Deal.get_by_id(deal_id).stage_id == first_stage.id
    tab.reload(select_id=first_stage.id)
    tab.remove()  # holds a deal: refused, with a message
    assert first_stage.name in tab.names() and tab.error_label.text()
    tab.list.setCurrentRow(tab.names().index("Offer out"))
    tab.remove()
    assert "Offer out" not in tab.names()


def test_a_custom_field_is_defined_renamed_with_its_values_and_exported(dialog, clock, tmp_path):
    import csv

    from desktop_crm.services.exporting import export_contacts
    from desktop_crm.store import models as m

    tab = dialog.custom_fields
    answers = iter(["VAT nr", "VAT number"])
    tab._ask_text = lambda _label, _current: next(answers)
    tab.add()
    assert tab.names() == ["VAT nr"]
    contact = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    m.CustomField.create(contact=contact.id, key="VAT nr", value="NL001234567B01")
    tab.list.setCurrentRow(0)
    tab.rename()
    assert tab.names() == ["VAT number"]
    assert get_contact(contact.id).custom_fields == (("VAT number", "NL001234567B01"),)
    target = tmp_path / "out.csv"
    export_contacts(target, "csv", clock=clock)
    row = next(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert row["VAT number"] == "NL001234567B01"
    tab.remove()
    assert tab.names() == []
    assert get_contact(contact.id).custom_fields  # the values stay


def test_a_custom_field_name_is_not_taken_twice(dialog):
    tab = dialog.custom_fields
    tab._ask_text = lambda _label, _current: "VAT number"
    tab.add()
    tab.add()
    assert tab.names() == ["VAT number"]
    assert tab.error_label.text()
