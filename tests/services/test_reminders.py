"""Reminders: what is due when, each alarm raised exactly once, acknowledge and snooze."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest

from desktop_crm.domain.alarms import AlarmKind, SnoozeChoice, birthday_days
from desktop_crm.errors import ValidationError
from desktop_crm.services import followups, reminder_queries, reminders
from desktop_crm.store import models as m
from desktop_crm.store.database import current_database
from tests.conftest import AMSTERDAM


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def person(name: str, **fields) -> int:
    return m.Contact.create(display_name=name, **fields).id


def kinds(due: list[reminders.Reminder]) -> list[tuple[str, str]]:
    return [(str(r.kind), r.full_name) for r in due]


# --- what is due --------------------------------------------------------------------------


def test_follow_up_is_due_at_its_time_and_stays_due_until_done(db, clock):
    anna = person("Anna")
    view = followups.add_follow_up(anna, at(2026, 3, 10, 14, 0), "Call back", clock=clock)
    assert reminders.due_reminders(at(2026, 3, 10, 13, 59)) == []
    due = reminders.due_reminders(at(2026, 3, 10, 14, 0))
    assert kinds(due) == [("follow_up", "Anna")]
    assert due[0].text == "Call back" and due[0].follow_up_id == view.id
    assert kinds(reminders.due_reminders(at(2026, 4, 1, 9, 0))) == [("follow_up", "Anna")]
    reminders.acknowledge(due[0].key, at(2026, 4, 1, 9, 0))
    assert reminders.due_reminders(at(2026, 4, 1, 9, 0)) == []
    assert followups.get_follow_up(view.id).is_done


def test_birthday_card_then_birthday_with_the_new_age_then_expiry(db):
    person("Bea", birthday_year=1980, birthday_month=3, birthday_day=17)
    assert reminders.due_reminders(at(2026, 3, 10, 8, 59)) == []
    card = reminders.due_reminders(at(2026, 3, 10, 9, 0))
    assert kinds(card) == [("birthday_card", "Bea")]
    assert card[0].key == "birthday_card:1:2026"
    assert card[0].text == "Send a birthday card to Bea, who turns 46 on March 17"
    on_the_day = reminders.due_reminders(at(2026, 3, 17, 9, 0))
    assert {r.kind for r in on_the_day} == {AlarmKind.BIRTHDAY_CARD, AlarmKind.BIRTHDAY}
    birthday = next(r for r in on_the_day if r.kind == AlarmKind.BIRTHDAY)
    assert birthday.age == 46 and birthday.text == "Bea turns 46 today"
    assert reminders.due_reminders(at(2026, 3, 18, 0, 0)) == []


def test_early_january_birthday_card_in_late_december(db):
    person("Cas", birthday_month=1, birthday_day=2)
    due = reminders.due_reminders(at(2025, 12, 26, 9, 0))
    assert [r.key for r in due] == ["birthday_card:1:2026"]
    assert due[0].age is None


def test_29_february_birthday_on_28_february_in_a_common_year(db):
    person("Dirk", birthday_year=1988, birthday_month=2, birthday_day=29)
    due = reminders.due_reminders(at(2026, 2, 28, 9, 0))
    assert {r.kind for r in due} == {AlarmKind.BIRTHDAY_CARD, AlarmKind.BIRTHDAY}
    assert reminders.due_reminders(at(2026, 3, 1, 9, 0)) == []


def test_per_contact_and_default_card_lead_time(db):
    person("Eva", birthday_month=4, birthday_day=30, birthday_card_days=21)
    person("Frits", birthday_month=4, birthday_day=30)
    person("Gijs", birthday_month=4, birthday_day=30, birthday_card_days=0)
    assert kinds(reminders.due_reminders(at(2026, 4, 9, 9, 0))) == [("birthday_card", "Eva")]
    assert kinds(reminders.due_reminders(at(2026, 4, 23, 9, 0))) == [
        ("birthday_card", "Eva"),
        ("birthday_card", "Frits"),
    ]
    reminders.save_settings(card_days=3)
    assert kinds(reminders.due_reminders(at(2026, 4, 23, 9, 0))) == [("birthday_card", "Eva")]


def test_a_long_own_lead_time_is_found_beyond_the_default_window_and_cached(db):
    person("Eva", birthday_month=4, birthday_day=30, birthday_card_days=40)
    person("Frits", birthday_month=4, birthday_day=30)
    cache = reminders.LeadTimeCache()
    now = at(2026, 3, 21, 9, 0)
    assert kinds(reminders.due_reminders(now, lead_cache=cache)) == [("birthday_card", "Eva")]
    assert cache.get(7) == 40
    m.Contact.update(birthday_card_days=None, updated_at=datetime(2030, 1, 1)).execute()
    assert reminders.due_reminders(now, lead_cache=cache) == []
    assert cache.get(7) == 7


def test_recontact_is_due_on_its_date_and_until_acknowledged(db):
    person("Hans", recontact_on=datetime(2026, 9, 10).date(), stage="not_now")
    assert reminders.due_reminders(at(2026, 9, 10, 8, 0)) == []
    due = reminders.due_reminders(at(2026, 9, 12, 9, 0))
    assert kinds(due) == [("recontact", "Hans")]
    reminders.acknowledge(due[0].key, at(2026, 9, 12, 9, 0))
    assert reminders.due_reminders(at(2026, 9, 20, 9, 0)) == []


def test_archived_contacts_raise_nothing(db, clock):
    ida = person("Ida", birthday_month=3, birthday_day=10, recontact_on=clock.now().date())
    followups.add_follow_up(ida, clock.now(), "Call", clock=clock)
    m.Contact.update(archived=True).where(m.Contact.id == ida).execute()
    assert reminders.due_reminders(at(2026, 3, 10, 12, 0)) == []


def test_alarm_time_setting_moves_date_alarms(db):
    person("Jet", birthday_month=3, birthday_day=17)
    reminders.save_settings(alarm_time="07:30")
    assert reminders.load_settings().alarm_time == time(7, 30)
    assert kinds(reminders.due_reminders(at(2026, 3, 10, 7, 30))) == [("birthday_card", "Jet")]


@pytest.mark.parametrize(
    "values", [{"card_days": -1}, {"card_days": 61}, {"alarm_time": "25:00"}, {"alarm_time": "9h"}]
)
def test_bad_settings_are_refused_and_change_nothing(db, values):
    with pytest.raises(ValidationError):
        reminders.save_settings(**values)
    assert reminders.load_settings() == reminders.ReminderSettings()


def test_a_damaged_setting_falls_back_to_the_default(db):
    m.Setting.create(key=reminders.ALARM_TIME_KEY, value="soon")
    assert reminders.load_settings().alarm_time == time(9, 0)


# --- raised exactly once --------------------------------------------------------------------


def test_each_alarm_is_claimed_once_and_due_reminders_only_reads(db, clock):
    anna = person("Anna", birthday_month=3, birthday_day=12)
    followups.add_follow_up(anna, at(2026, 3, 10, 9, 30), "Call", clock=clock)
    now = at(2026, 3, 10, 10, 0)
    assert len(reminders.due_reminders(now)) == 2
    assert m.AlarmDelivery.select().count() == 0
    first = reminders.claim_new_alarms(now)
    assert {r.kind for r in first} == {AlarmKind.FOLLOW_UP, AlarmKind.BIRTHDAY_CARD}
    assert reminders.claim_new_alarms(now) == []
    assert reminders.claim_new_alarms(now + timedelta(hours=3)) == []
    # Still due (shown in the tray and Today), just not raised again.
    assert all(r.raised for r in reminders.due_reminders(now + timedelta(hours=3)))
    # The birthday itself is a new alarm two days later.
    later = reminders.claim_new_alarms(at(2026, 3, 12, 9, 0))
    assert [r.kind for r in later] == [AlarmKind.BIRTHDAY]


def test_snoozed_birthday_comes_back_once(db):
    person("Bea", birthday_month=3, birthday_day=17)
    now = at(2026, 3, 10, 9, 0)
    (card,) = reminders.claim_new_alarms(now)
    until = reminders.snooze_for(SnoozeChoice.HOUR_1, now)
    reminders.snooze(card.key, until, now)
    assert reminders.due_reminders(now + timedelta(minutes=59)) == []
    assert reminders.claim_new_alarms(now + timedelta(minutes=59)) == []
    back = reminders.claim_new_alarms(until)
    assert [r.key for r in back] == [card.key]
    assert reminders.claim_new_alarms(until + timedelta(minutes=1)) == []


def test_snooze_until_tomorrow_after_the_birthday_lets_it_expire(db):
    person("Bea", birthday_month=3, birthday_day=17)
    now = at(2026, 3, 17, 9, 0)
    for reminder in reminders.claim_new_alarms(now):
        reminders.snooze(reminder.key, reminders.snooze_for(SnoozeChoice.TOMORROW, now), now)
    assert reminders.due_reminders(at(2026, 3, 18, 9, 0)) == []


def test_snoozed_follow_up_is_raised_again_at_its_new_time(db, clock):
    anna = person("Anna")
    followups.add_follow_up(anna, at(2026, 3, 10, 9, 0), "Call", clock=clock)
    now = at(2026, 3, 10, 10, 0)
    (alarm,) = reminders.claim_new_alarms(now)
    until = reminders.snooze_for(SnoozeChoice.MINUTES_15, now)
    reminders.snooze_all([alarm.key], until, now)
    assert reminders.due_reminders(now + timedelta(minutes=14)) == []
    (again,) = reminders.claim_new_alarms(until)
    assert again.follow_up_id == alarm.follow_up_id and again.key != alarm.key
    assert again.due_at == until
    assert reminders.claim_new_alarms(until + timedelta(hours=2)) == []


def test_snooze_into_the_past_is_refused(db):
    person("Bea", birthday_month=3, birthday_day=17)
    now = at(2026, 3, 10, 9, 0)
    (card,) = reminders.due_reminders(now)
    with pytest.raises(ValidationError):
        reminders.snooze(card.key, now, now)


def test_concurrent_claims_from_many_connections_raise_each_alarm_once(db):
    """Threads stand in for apps: Peewee gives each thread its own connection, so on
    PostgreSQL (and on the SQLite file) the unique delivery row alone decides who raises."""
    for n in range(40):
        person(f"P{n}", birthday_month=3, birthday_day=12)
    now = at(2026, 3, 10, 10, 0)
    results: list[list[str]] = []
    barrier = threading.Barrier(6)

    def app() -> None:
        try:
            barrier.wait()
            results.append([r.key for r in reminders.claim_new_alarms(now)])
        finally:
            db.close()

    threads = [threading.Thread(target=app) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [key for keys in results for key in keys]
    assert len(results) == 6
    assert len(claimed) == len(set(claimed)) == 40
    # A snooze taken back by two apps at once comes back in only one of them.
    reminders.snooze(claimed[0], now + timedelta(minutes=15), now)
    back: list[list[str]] = []
    barrier = threading.Barrier(4)

    def app_after_snooze() -> None:
        try:
            barrier.wait()
            back.append([r.key for r in reminders.claim_new_alarms(now + timedelta(minutes=15))])
        finally:
            db.close()

    threads = [threading.Thread(target=app_after_snooze) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(key for keys in back for key in keys) == [claimed[0]]


# --- scheduling, cheap queries, housekeeping ----------------------------------------------


def test_next_due_is_the_next_follow_up_or_the_daily_alarm_time(db, clock):
    anna = person("Anna")
    now = at(2026, 3, 10, 10, 0)
    assert reminders.next_due_at(now) == at(2026, 3, 11, 9, 0)
    followups.add_follow_up(anna, at(2026, 3, 10, 16, 15), "Call", clock=clock)
    assert reminders.next_due_at(now) == at(2026, 3, 10, 16, 15)


@pytest.mark.sqlite_only
def test_birthday_query_uses_the_month_day_index_on_both_sides_of_new_year(db):
    # The window's birthdays, as the alarms and Today both read them (_birthdays_on).
    days = birthday_days(datetime(2025, 12, 28).date(), 7)
    sql, params = reminder_queries.birthdays_in_window_sql(days, 50)
    plan = " ".join(
        str(row[-1]) for row in current_database().execute_sql("EXPLAIN QUERY PLAN " + sql, params)
    )
    assert "INDEX contact_birthday_month_birthday_day" in plan
    assert "SCAN c" not in plan.replace("USING", "")


def test_old_birthday_deliveries_are_pruned_but_follow_ups_kept(db):
    old = datetime(2024, 1, 1)
    for key in ("birthday:1:2024", "birthday_card:1:2024", "follow_up:1:20240101T090000"):
        m.AlarmDelivery.create(alarm_key=key, delivered_at=old)
    assert reminders.prune_deliveries(at(2026, 3, 10, 10, 0)) == 2
    assert [d.alarm_key for d in m.AlarmDelivery.select()] == ["follow_up:1:20240101T090000"]
