"""The birthday query against the domain's reference rule: the SQL alone decides which
birthday and card alarms are due, so it is held to birthday_alarms_due around many
birthdays, lead times, alarm times and zones, on both back ends."""

from __future__ import annotations

from datetime import UTC, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.domain.alarms import AlarmKind, birthday_alarms_due
from desktop_crm.domain.local_time import start_of_day
from desktop_crm.services import reminders
from desktop_crm.services.reminder_settings import ReminderSettings
from desktop_crm.store import models as m
from tests.domain.test_alarms import alarm_times, birthdays, lead_days, years, zones

own_leads = st.none() | lead_days  # a contact's own card lead time, or the default's


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    birthdays(),
    years,
    st.integers(-62 * 24, 2 * 24),  # hours from the birthday's midnight
    zones,
    lead_days,
    own_leads,
    alarm_times,
)
def test_the_birthday_query_finds_what_the_reference_rule_says_is_due(
    db, birthday, year, hours, zone, default_lead, own_lead, at
):
    m.Contact.delete().execute()  # one contact per example: the database outlives it
    cid = m.Contact.create(
        display_name="Jarig",
        birthday_year=birthday.year,
        birthday_month=birthday.month,
        birthday_day=birthday.day,
        birthday_card_days=own_lead,
    ).id
    now = start_of_day(birthday.in_year(year), zone) + timedelta(hours=hours)
    lead = default_lead if own_lead is None else own_lead

    due = reminders.due_reminders(
        now, settings=ReminderSettings(card_days=default_lead, alarm_time=at)
    )

    expected = birthday_alarms_due(cid, birthday, now, card_days=lead, alarm_time=at, zone=zone)

    def seen(alarm) -> tuple:
        return (
            str(alarm.kind),
            alarm.key,
            alarm.due_at.astimezone(UTC),
            alarm.expires_at.astimezone(UTC),
            alarm.occurs_on,
            alarm.age,
        )

    assert sorted(seen(r) for r in due if r.kind != AlarmKind.RECONTACT) == sorted(
        seen(a) for a in expected
    )
