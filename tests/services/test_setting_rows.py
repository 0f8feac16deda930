"""Settings kept with the data: written by key, read back, and a damaged one is its default."""

from __future__ import annotations

import pytest

from desktop_crm.services import reminder_settings, sales_defaults
from desktop_crm.services.setting_rows import read_settings, stored_int, write_setting
from desktop_crm.store.database import write_transaction


def test_a_setting_written_twice_keeps_the_last_value(db):
    with write_transaction():
        write_setting("a", "1")
        write_setting("a", "2")
        write_setting("b", "x")
    assert read_settings(["a", "b", "never"]) == {"a": "2", "b": "x"}


@pytest.mark.parametrize(
    ("text", "expected"), [("12", 12), (" 3 ", 3), ("", None), ("7.5", None), (None, None)]
)
def test_a_stored_number_is_read_or_none(text, expected):
    assert stored_int(text) == expected


@pytest.mark.parametrize("text", ["soon", "0", "9999", ""])
def test_damaged_sales_defaults_fall_back_to_the_defaults(db, text):
    with write_transaction():
        write_setting(sales_defaults.NOT_READY_DAYS_KEY, text)
        write_setting(sales_defaults.NO_MONTHS_KEY, text)
    assert sales_defaults.load_sales_defaults() == sales_defaults.SalesDefaults()


def test_saved_defaults_are_read_back(db):
    sales_defaults.save_sales_defaults(not_ready_days=10, no_months=3)
    reminder_settings.save_settings(card_days=61 - 1)
    assert sales_defaults.load_sales_defaults() == sales_defaults.SalesDefaults(10, 3)
    assert reminder_settings.load_settings().card_days == 60


def test_a_card_lead_time_beyond_the_limit_is_held_to_it(db):
    with write_transaction():
        write_setting(reminder_settings.CARD_DAYS_KEY, "400")
    assert reminder_settings.load_settings().card_days == 60
    with write_transaction():
        write_setting(reminder_settings.CARD_DAYS_KEY, "lots")
    assert reminder_settings.load_settings() == reminder_settings.ReminderSettings()
