"""The sales process's default dates, kept with the data: "not ready" follows up after N days,
"no" is contacted again after M months (DESIGN.md step 3: 14 days and 6 months)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_crm.domain.outcomes import FOLLOW_UP_AFTER, RECONTACT_AFTER_MONTHS, add_months
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.setting_rows import read_settings, stored_int, write_setting
from desktop_crm.store.database import write_transaction

NOT_READY_DAYS_KEY = "sales.not_ready_days"
NO_MONTHS_KEY = "sales.no_months"
MAX_NOT_READY_DAYS = 365
MAX_NO_MONTHS = 60


@dataclass(frozen=True)
class SalesDefaults:
    not_ready_days: int = FOLLOW_UP_AFTER.days
    no_months: int = RECONTACT_AFTER_MONTHS

    def follow_up_at(self, now: datetime) -> datetime:
        return now + timedelta(days=self.not_ready_days)

    def recontact_on(self, today: date) -> date:
        return add_months(today, self.no_months)


def load_sales_defaults() -> SalesDefaults:
    values = read_settings([NOT_READY_DAYS_KEY, NO_MONTHS_KEY])
    base = SalesDefaults()
    # A bad value written by another version must not stop logging a conversation.
    days = stored_int(values.get(NOT_READY_DAYS_KEY))
    if days is None or not 1 <= days <= MAX_NOT_READY_DAYS:
        days = base.not_ready_days
    months = stored_int(values.get(NO_MONTHS_KEY))
    if months is None or not 1 <= months <= MAX_NO_MONTHS:
        months = base.no_months
    return SalesDefaults(not_ready_days=days, no_months=months)


def save_sales_defaults(*, not_ready_days: int, no_months: int) -> SalesDefaults:
    """Change both defaults in one transaction; out of range changes nothing."""
    if not 1 <= not_ready_days <= MAX_NOT_READY_DAYS:
        raise ValidationError(
            _("A follow-up after “not ready” comes 1 to {limit} days later.").format(
                limit=MAX_NOT_READY_DAYS
            ),
            field="not_ready_days",
        )
    if not 1 <= no_months <= MAX_NO_MONTHS:
        raise ValidationError(
            _("Contact again after “no” comes 1 to {limit} months later.").format(
                limit=MAX_NO_MONTHS
            ),
            field="no_months",
        )
    with write_transaction():
        for key, value in ((NOT_READY_DAYS_KEY, not_ready_days), (NO_MONTHS_KEY, no_months)):
            write_setting(key, str(value))
    return load_sales_defaults()
