"""Property tests for the alarm date rules: lead time, expiry, 29 February, year wrap, DST."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_crm.domain.alarms import (
    AlarmKind,
    BirthdayRule,
    SnoozeChoice,
    birthday_alarms_due,
    birthday_alarms_for_year,
    birthday_days,
    follow_up_key,
    next_daily_alarm,
    parse_alarm_key,
    recontact_alarm,
    snooze_until,
)
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.local_time import local_moment, local_zone_of

# Zones with DST in spring and autumn (north and south), a half-hour DST and none at all;
# none of them skipped a whole calendar day in the years drawn.
ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Amsterdam",
        "America/New_York",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Kolkata",
        "UTC",
    )
]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

zones = st.sampled_from(ZONES)
years = st.integers(min_value=1995, max_value=2090)
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31))
alarm_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
lead_days = st.integers(min_value=0, max_value=60)


@st.composite
def birthdays(draw) -> Birthday:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 29 if month == 2 else calendar.monthrange(2001, month)[1]))
    year = draw(st.none() | st.integers(1900, 2080))
    if (month, day) == (2, 29) and year is not None and not calendar.isleap(year):
        while not calendar.isleap(year):  # someone born on a real 29 February
            year -= 1
    return Birthday(month, day, year)


@st.composite
def moments(draw, zone_strategy=zones) -> datetime:
    """An aware moment, drawn in UTC so that gap and overlap hours are equally likely."""
    zone = draw(zone_strategy)
    naive = draw(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2089, 12, 31)))
    return naive.replace(tzinfo=UTC).astimezone(zone)


# --- local time and DST -----------------------------------------------------------------


@given(days, alarm_times, zones)
def test_local_moment_lands_on_the_day_at_the_wall_time_or_just_after_a_gap(day, at, zone):
    moment = local_moment(day, at, zone)
    assert moment.date() == day
    wall = datetime.combine(day, moment.time()) - datetime.combine(day, at)
    # Equal, or moved forward by a spring-forward gap (at most an hour anywhere here).
    assert timedelta(0) <= wall <= timedelta(hours=1)
    # Round trip through UTC: the stored value gives the same moment back.
    assert moment.astimezone(UTC).astimezone(zone) == moment


@given(days, alarm_times, zones)
def test_local_moment_takes_the_first_of_two_repeated_wall_times(day, at, zone):
    moment = local_moment(day, at, zone)
    earlier = (moment.astimezone(UTC) - timedelta(hours=1)).astimezone(zone)
    # If an hour earlier shows the same wall time (the autumn overlap), we'd be late by an hour.
    assert not (earlier.date() == day and earlier.time() == moment.time())


def test_alarm_in_the_spring_gap_moves_forward():
    moment = local_moment(date(2026, 3, 29), time(2, 30), AMSTERDAM)
    assert moment.time() == time(3, 30)
    assert moment.utcoffset() == timedelta(hours=2)


def test_alarm_in_the_autumn_overlap_takes_the_first_moment():
    moment = local_moment(date(2026, 10, 25), time(2, 30), AMSTERDAM)
    assert moment.astimezone(UTC).time() == time(0, 30)


def test_fixed_system_offset_means_system_rules_but_utc_stays_utc():
    now = datetime.now().astimezone()
    assert local_zone_of(now) is None
    assert (
        local_zone_of(datetime(2026, 3, 10, tzinfo=UTC)) is UTC
        or local_zone_of(datetime(2026, 3, 10, tzinfo=UTC)) is None
    )  # on a machine whose zone is UTC both are right
    assert local_zone_of(datetime(2026, 3, 10, tzinfo=AMSTERDAM)) is AMSTERDAM
    odd = timezone(timedelta(hours=5, minutes=45))
    if datetime(2026, 3, 10).astimezone().utcoffset() != odd.utcoffset(None):
        assert local_zone_of(datetime(2026, 3, 10, tzinfo=odd)) is odd


# --- birthdays --------------------------------------------------------------------------


@given(birthdays(), years, lead_days, alarm_times, zones)
def test_card_comes_lead_days_before_at_the_alarm_time_and_both_expire_after_the_day(
    birthday, year, lead, at, zone
):
    alarms = birthday_alarms_for_year(1, birthday, year, card_days=lead, alarm_time=at, zone=zone)
    by_kind = {a.kind: a for a in alarms}
    assert (AlarmKind.BIRTHDAY_CARD in by_kind) == (lead > 0)
    bday = by_kind[AlarmKind.BIRTHDAY]
    assert bday.due_at.date() == birthday.in_year(year)
    assert bday.expires_at.date() == birthday.in_year(year) + timedelta(days=1)
    assert bday.expires_at.time() <= time(1, 0)  # midnight, or just after a midnight gap
    assert bday.key == f"birthday:1:{year:04d}"
    if lead:
        card = by_kind[AlarmKind.BIRTHDAY_CARD]
        assert card.due_at.date() == birthday.in_year(year) - timedelta(days=lead)
        assert card.due_at.astimezone(UTC) < bday.due_at.astimezone(UTC)
        assert card.expires_at == bday.expires_at
        assert card.key == f"birthday_card:1:{year:04d}"
    for alarm in alarms:
        assert alarm.due_at.astimezone(UTC) < alarm.expires_at.astimezone(UTC)


@given(birthdays(), moments(), lead_days, alarm_times)
def test_due_alarms_are_due_and_not_expired_and_about_a_birthday_in_reach(birthday, now, lead, at):
    zone = now.tzinfo
    due = birthday_alarms_due(1, birthday, now, card_days=lead, alarm_time=at, zone=zone)
    today = now.date()
    for alarm in due:
        assert (
            alarm.due_at.astimezone(UTC) <= now.astimezone(UTC) < alarm.expires_at.astimezone(UTC)
        )
        assert today <= alarm.occurs_on <= today + timedelta(days=lead)
        if alarm.kind == AlarmKind.BIRTHDAY:
            assert alarm.occurs_on == today
    assert len({a.key for a in due}) == len(due)
    # Every occurrence in the window is on one of the days the query asks for.
    if due:
        asked = {(month, day) for month, day, _year, _ahead in birthday_days(today, lead)}
        assert (birthday.month, birthday.day) in asked


@given(birthdays(), moments(), lead_days, alarm_times)
def test_the_fast_rule_for_many_contacts_equals_the_reference(birthday, now, lead, at):
    zone = now.tzinfo
    reference = birthday_alarms_due(4, birthday, now, card_days=lead, alarm_time=at, zone=zone)
    rule = BirthdayRule(now, alarm_time=at, zone=zone)
    made = [
        rule.alarm(alarm.kind, 4, birthday, int(alarm.key.rsplit(":", 1)[1]), lead)
        for alarm in reference
    ]
    assert made == reference


@given(birthdays(), years, lead_days, zones)
@settings(max_examples=60, deadline=None)
def test_sweeping_a_year_raises_each_alarm_in_one_unbroken_stretch(birthday, year, lead, zone):
    """Hour by hour around one birthday: each key is due in one stretch, never again after."""
    occurs = birthday.in_year(year)
    start = local_moment(occurs - timedelta(days=lead + 2), time(0), zone)
    end = local_moment(occurs + timedelta(days=2), time(0), zone)
    seen: dict[str, list[int]] = {}
    moment, step = start.astimezone(UTC), 0
    while moment < end.astimezone(UTC):
        for alarm in birthday_alarms_due(
            7, birthday, moment.astimezone(zone), card_days=lead, zone=zone
        ):
            seen.setdefault(alarm.key, []).append(step)
        moment += timedelta(hours=1)
        step += 1
    expected = {f"birthday:7:{year:04d}"} | ({f"birthday_card:7:{year:04d}"} if lead else set())
    assert set(seen) == expected
    for steps in seen.values():
        assert steps == list(range(steps[0], steps[0] + len(steps)))


@given(st.integers(1, 60), st.integers(1, 31), years, zones)
def test_early_january_birthdays_are_announced_in_late_december(lead, jan_day, year, zone):
    assume(jan_day <= lead)
    birthday = Birthday(1, jan_day)
    card_day = date(year + 1, 1, jan_day) - timedelta(days=lead)
    assert card_day.year == year
    now = local_moment(card_day, time(9, 0), zone)
    due = birthday_alarms_due(3, birthday, now, card_days=lead, zone=zone)
    assert [a.key for a in due] == [f"birthday_card:3:{year + 1:04d}"]
    days = birthday_days(card_day, lead)
    # The query's days wrap the year: December's (and earlier) in this year, January's next.
    assert days[0][:3] == (card_day.month, card_day.day, year)
    assert days[-1][:3] == (1, jan_day, year + 1)


@given(years, zones)
def test_29_february_falls_on_28_february_in_a_common_year(year, zone):
    birthday = Birthday(2, 29, 1988)
    (card, bday) = birthday_alarms_for_year(1, birthday, year, card_days=7, zone=zone)
    expected = date(year, 2, 29) if calendar.isleap(year) else date(year, 2, 28)
    assert bday.occurs_on == expected == bday.due_at.date()
    assert card.due_at.date() == expected - timedelta(days=7)
    on_the_day = birthday_alarms_due(1, birthday, bday.due_at, card_days=7, zone=zone)
    assert {a.kind for a in on_the_day} == {AlarmKind.BIRTHDAY_CARD, AlarmKind.BIRTHDAY}
    assert bday.age == year - 1988
    # The query for 28 February of a common year also fetches 29 February birthdays.
    assert (2, 29, year, 0) in birthday_days(expected, 0)


@given(days, st.integers(0, 60))
def test_birthday_days_are_exactly_the_days_in_reach_each_in_the_year_it_falls(today, lead):
    asked = birthday_days(today, lead)
    wanted = [today + timedelta(days=n) for n in range(lead + 1)]
    assert [(m, d, y, n) for m, d, y, n in asked if (m, d) != (2, 29) or calendar.isleap(y)] == [
        (day.month, day.day, day.year, n) for n, day in enumerate(wanted)
    ]
    # In a common year 29 February's birthdays are asked for on 28 February, once.
    leap_days = [(y, n) for m, d, y, n in asked if (m, d) == (2, 29) and not calendar.isleap(y)]
    assert leap_days == [
        (day.year, n)
        for n, day in enumerate(wanted)
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year)
    ]


def test_birthday_alarm_with_the_new_age_and_without_a_year():
    now = datetime(2026, 3, 15, 9, 0, tzinfo=AMSTERDAM)
    with_year = birthday_alarms_due(1, Birthday(3, 15, 1980), now, card_days=7, zone=AMSTERDAM)
    assert {a.age for a in with_year} == {46}
    without = birthday_alarms_due(1, Birthday(3, 15), now, card_days=7, zone=AMSTERDAM)
    assert {a.age for a in without} == {None}


def test_birthday_is_not_due_before_the_alarm_time_nor_after_the_day():
    birthday = Birthday(3, 15)
    before = datetime(2026, 3, 15, 8, 59, tzinfo=AMSTERDAM)
    kinds = {a.kind for a in birthday_alarms_due(1, birthday, before, card_days=7, zone=AMSTERDAM)}
    assert kinds == {AlarmKind.BIRTHDAY_CARD}
    after = datetime(2026, 3, 16, 0, 0, tzinfo=AMSTERDAM)
    assert birthday_alarms_due(1, birthday, after, card_days=7, zone=AMSTERDAM) == []


# --- re-contact, follow-ups, snooze, scheduling ------------------------------------------


@given(days, moments())
def test_recontact_stays_due_from_its_alarm_time_on(on, now):
    alarm = recontact_alarm(5, on, zone=now.tzinfo)
    assert alarm.expires_at is None
    assert alarm.is_due(now) == (now.astimezone(UTC) >= alarm.due_at.astimezone(UTC))
    assert parse_alarm_key(alarm.key) == (AlarmKind.RECONTACT, 5, on.isoformat())


@given(moments(), st.integers(1, 10_000))
def test_follow_up_key_is_the_same_moment_in_any_zone(moment, follow_up_id):
    in_utc = moment.astimezone(UTC)
    assert follow_up_key(follow_up_id, moment) == follow_up_key(follow_up_id, in_utc)
    kind, ref, _ = parse_alarm_key(follow_up_key(follow_up_id, moment))
    assert (kind, ref) == (AlarmKind.FOLLOW_UP, follow_up_id)


@given(moments(), alarm_times)
def test_snooze_is_real_time_and_tomorrow_is_the_alarm_time_of_the_next_day(now, at):
    zone = now.tzinfo
    quarter = snooze_until(SnoozeChoice.MINUTES_15, now, alarm_time=at, zone=zone)
    assert quarter.astimezone(UTC) - now.astimezone(UTC) == timedelta(minutes=15)
    hour = snooze_until(SnoozeChoice.HOUR_1, now, alarm_time=at, zone=zone)
    assert hour.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=1)
    tomorrow = snooze_until(SnoozeChoice.TOMORROW, now, alarm_time=at, zone=zone)
    assert tomorrow.date() == now.date() + timedelta(days=1)
    assert tomorrow.astimezone(UTC) > now.astimezone(UTC)


@given(moments(), alarm_times)
def test_next_daily_alarm_is_the_first_alarm_time_after_now(now, at):
    nxt = next_daily_alarm(now, at, now.tzinfo)
    assert nxt.astimezone(UTC) > now.astimezone(UTC)
    assert nxt.astimezone(UTC) - now.astimezone(UTC) <= timedelta(hours=25)


@pytest.mark.parametrize("key", ["", "birthday", "nope:1:2026", "birthday:x:2026"])
def test_malformed_keys_are_refused(key):
    with pytest.raises(ValueError):
        parse_alarm_key(key)
