"""Backup rotation: 7 daily, 4 weekly, 12 monthly, and never the newest copy."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.retention import RetentionPolicy, backups_to_keep

NOW = datetime(2026, 3, 10, 10, 0)


def _daily_for(days: int, hour: int = 3) -> list[tuple[str, datetime]]:
    start = NOW.replace(hour=hour)
    return [(f"d{i}", start - timedelta(days=i)) for i in range(days)]


def test_no_backups_keeps_nothing():
    assert backups_to_keep([], NOW) == set()


def test_a_year_of_daily_backups_keeps_seven_days_four_weeks_twelve_months():
    backups = _daily_for(400)
    kept = backups_to_keep(backups, NOW)
    moments = sorted((dict(backups)[k] for k in kept), reverse=True)
    # The 7 newest days are all kept.
    assert [m.date() for m in moments[:7]] == [(NOW - timedelta(days=i)).date() for i in range(7)]
    assert len(kept) <= 7 + 4 + 12
    assert len(kept) >= 7 + 4 + 10  # weeks and months overlap at most a little
    # The oldest copy kept is about a year old: the monthly rule reaches back.
    assert NOW - moments[-1] > timedelta(days=300)


def test_weekly_rule_reaches_past_the_days_the_daily_rule_keeps():
    backups = _daily_for(60)
    kept = backups_to_keep(backups, NOW, RetentionPolicy(daily=7, weekly=4, monthly=0))
    assert len(kept) == 11
    oldest = min(dict(backups)[k] for k in kept)
    assert NOW - oldest > timedelta(days=27)


def test_only_the_newest_backup_of_a_day_counts_for_that_day():
    day = NOW - timedelta(days=3)
    backups = [("early", day.replace(hour=8)), ("late", day.replace(hour=20))]
    backups += [("today", NOW - timedelta(hours=1))]
    kept = backups_to_keep(backups, NOW)
    assert "late" in kept
    assert "early" not in kept


def test_everything_from_the_last_day_is_kept():
    backups = [(f"b{i}", NOW - timedelta(hours=i)) for i in range(0, 30, 2)]
    kept = backups_to_keep(backups, NOW, RetentionPolicy(daily=1, weekly=0, monthly=0))
    young = {k for k, m in backups if NOW - m < timedelta(hours=24)}
    assert young <= kept


def test_a_long_pause_never_deletes_the_last_copies():
    backups = [("old1", NOW - timedelta(days=800)), ("old2", NOW - timedelta(days=801))]
    assert backups_to_keep(backups, NOW) == {"old1", "old2"}


def test_newest_is_kept_even_with_an_empty_policy():
    backups = _daily_for(5)
    kept = backups_to_keep(backups, NOW + timedelta(days=10), RetentionPolicy(0, 0, 0))
    assert kept == {"d0"}


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1))


@given(st.lists(moments, max_size=200), moments)
def test_selection_is_a_bounded_subset_including_the_newest(times, now):
    backups = list(enumerate(times))
    kept = backups_to_keep(backups, now)
    assert kept <= {k for k, _ in backups}
    if backups:
        newest = max(backups, key=lambda b: b[1])[1]
        assert any(dict(backups)[k] == newest for k in kept)
        young = sum(1 for _, m in backups if now - m < timedelta(hours=24))
        assert len(kept) <= 7 + 4 + 12 + 1 + young


@given(st.lists(moments, max_size=120, unique=True), moments)
def test_rotating_twice_deletes_nothing_more(times, now):
    backups = list(enumerate(times))
    kept = backups_to_keep(backups, now)
    survivors = [(k, m) for k, m in backups if k in kept]
    assert backups_to_keep(survivors, now) == kept
