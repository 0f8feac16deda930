"""Settings › Reminders and follow-ups saved as one use case: one transaction, all or nothing."""

from __future__ import annotations

from desktop_crm.services.changes import Changes
from desktop_crm.services.reminder_settings import save_settings
from desktop_crm.services.sales_defaults import save_sales_defaults
from desktop_crm.store.database import write_transaction


def save_reminders_and_defaults(
    *, card_days: int, alarm_time: str, not_ready_days: int, no_months: int
) -> Changes:
    """The reminder settings and the sales defaults together; a refused value changes none."""
    with write_transaction():
        save_settings(card_days=card_days, alarm_time=alarm_time)
        save_sales_defaults(not_ready_days=not_ready_days, no_months=no_months)
    # Today's birthday and follow-up sections read these: the window reloads after `applied`.
    return Changes()
