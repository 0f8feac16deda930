"""The iCalendar form of a time: written in UTC from any zone, read back as the same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.local_time import ical_utc, parse_ical_utc

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_an_aware_time_is_written_in_utc():
    assert ical_utc(datetime(2026, 7, 1, 9, 30, tzinfo=AMSTERDAM)) == "20260701T073000Z"


def test_a_naive_time_is_the_databases_utc():
    assert ical_utc(datetime(2026, 1, 30, 9, 0)) == "20260130T090000Z"
    assert ical_utc("2026-01-30 09:00:00") == "20260130T090000Z"


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 31)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_what_is_written_is_read_back_as_the_same_moment(naive, offset_minutes):
    moment = naive.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    read = parse_ical_utc(ical_utc(moment))
    assert read == moment and read is not None and read.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" 20260130T090000Z ", datetime(2026, 1, 30, 9, tzinfo=UTC)),
        ("20260130T090000", datetime(2026, 1, 30, 9, tzinfo=UTC)),  # floating: taken as UTC
        ("20260130", datetime(2026, 1, 30, tzinfo=UTC)),  # a whole day
        ("", None),
        ("tomorrow", None),
    ],
)
def test_the_forms_a_server_writes_are_read(text, expected):
    assert parse_ical_utc(text) == expected
