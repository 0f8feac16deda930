"""The reminders' settings kept in the database (shared by every install on it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from desktop_crm.domain.alarms import (
    DEFAULT_ALARM_TIME,
    DEFAULT_CARD_DAYS,
    MAX_CARD_DAYS,
    clamp_card_days,
    format_alarm_time,
    parse_alarm_time,
)
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.setting_rows import read_settings, stored_int, write_setting
from desktop_crm.store.database import write_transaction

CARD_DAYS_KEY = "reminders.birthday_card_days"
ALARM_TIME_KEY = "reminders.alarm_time"


@dataclass(frozen=True)
class ReminderSettings:
    card_days: int = DEFAULT_CARD_DAYS  # default lead time for birthday cards
    alarm_time: time = DEFAULT_ALARM_TIME  # when birthday and re-contact alarms go off


def load_settings() -> ReminderSettings:
    """The stored settings; a missing or unreadable value is its default."""
    values = read_settings([CARD_DAYS_KEY, ALARM_TIME_KEY])
    settings = ReminderSettings()
    # A value another version wrote badly must not stop the alarms: fall back to defaults.
    card_days = clamp_card_days(stored_int(values.get(CARD_DAYS_KEY)), settings.card_days)
    try:
        alarm_time = parse_alarm_time(values[ALARM_TIME_KEY])
    except (KeyError, ValueError):
        alarm_time = settings.alarm_time
    return ReminderSettings(card_days=card_days, alarm_time=alarm_time)


def save_settings(
    *, card_days: int | None = None, alarm_time: time | str | None = None
) -> ReminderSettings:
    """Change the default card lead time and/or the alarm time (shared by every install)."""
    updates: dict[str, str] = {}
    if card_days is not None:
        if not 0 <= card_days <= MAX_CARD_DAYS:
            raise ValidationError(
                _("A birthday card reminder can come 0 to {limit} days before.").format(
                    limit=MAX_CARD_DAYS
                ),
                field="card_days",
            )
        updates[CARD_DAYS_KEY] = str(card_days)
    if alarm_time is not None:
        if isinstance(alarm_time, str):
            try:
                alarm_time = parse_alarm_time(alarm_time)
            except ValueError:
                raise ValidationError(
                    _("“{value}” is not a time of day; use HH:MM, such as 09:00.").format(
                        value=alarm_time
                    ),
                    field="alarm_time",
                ) from None
        updates[ALARM_TIME_KEY] = format_alarm_time(alarm_time)
    with write_transaction():
        for key, value in updates.items():
            write_setting(key, value)
    return load_settings()
