"""Settings › Reminders and follow-ups is saved in one transaction: a refused value saves none."""

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services import reminders
from desktop_crm.services.sales_defaults import load_sales_defaults
from desktop_crm.services.settings_save import save_reminders_and_defaults


def test_both_are_saved_together(db):
    save_reminders_and_defaults(card_days=9, alarm_time="08:30", not_ready_days=10, no_months=4)
    assert reminders.load_settings().card_days == 9
    assert load_sales_defaults().no_months == 4


def test_a_refused_default_leaves_the_reminder_settings_as_they_were(db):
    before = reminders.load_settings()
    with pytest.raises(ValidationError):
        save_reminders_and_defaults(
            card_days=before.card_days + 5, alarm_time="07:00", not_ready_days=10, no_months=0
        )
    assert reminders.load_settings() == before
