"""The notifier's count and first few, answered by the database: the same alarms, in the
same order, as the whole due list, and as worked out by hand for each case below."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_crm.services import reminders
from desktop_crm.store import models as m
from tests.conftest import AMSTERDAM

NOW = datetime(2026, 12, 28, 10, 0, tzinfo=AMSTERDAM)  # 09:00 UTC, after the 09:00 alarm time
TIES = 25  # follow-ups all due at one moment: the first few cut through them


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def person(name: str, **fields) -> int:
    return m.Contact.create(display_name=name, **fields).id


def follow_up(contact: int, due: datetime, **fields) -> int:
    return m.FollowUp.create(contact=contact, due_at=utc(due), text="Bellen", **fields).id


def delivered(key: str, **fields) -> None:
    m.AlarmDelivery.create(alarm_key=key, delivered_at=utc(NOW - timedelta(days=3)), **fields)


@pytest.fixture
def seeded(db) -> None:
    """Every case that decides whether an alarm is due, and whether it was raised before."""
    hour_ago, tomorrow = utc(NOW - timedelta(hours=1)), utc(NOW + timedelta(days=1))
    # Birthdays: the week across New Year, today, archived, acknowledged, snoozed, raised.
    ada = person("Ada", birthday_year=1990, birthday_month=1, birthday_day=2)  # card: wraps
    person("Bram", birthday_month=12, birthday_day=28)  # today: card and birthday
    person("Cor", birthday_year=1988, birthday_month=2, birthday_day=29)  # not this week
    person("Dirk", birthday_month=1, birthday_day=10)  # card from 3 January
    person("Eva", birthday_month=12, birthday_day=29, archived=True)
    fenna = person("Fenna", birthday_month=12, birthday_day=30)
    delivered(f"birthday_card:{fenna}:2026", acknowledged_at=hour_ago)
    gijs = person("Gijs", birthday_month=12, birthday_day=31)
    delivered(f"birthday_card:{gijs}:2026", snoozed_until=tomorrow)
    hans = person("Hans", birthday_month=12, birthday_day=29)
    delivered(f"birthday_card:{hans}:2026", snoozed_until=hour_ago)  # back, to raise again
    ilse = person("Ilse", birthday_month=12, birthday_day=30)
    delivered(f"birthday_card:{ilse}:2026")  # raised before
    # Follow-ups: overdue, done, archived, snoozed (on the follow-up and on its alarm).
    follow_up(ada, NOW - timedelta(days=3))
    bram = m.Contact.get(m.Contact.display_name == "Bram").id
    follow_up(bram, NOW - timedelta(days=2), done_at=hour_ago)
    follow_up(person("Joost", archived=True), NOW - timedelta(days=2))
    follow_up(person("Kees"), NOW - timedelta(days=2), snoozed_until=tomorrow)
    follow_up(person("Lies"), NOW - timedelta(days=2), snoozed_until=hour_ago)
    mies = follow_up(person("Mies"), NOW - timedelta(days=2))
    delivered(f"follow_up:{mies}:20261226T090000")  # raised before
    nico = follow_up(person("Nico"), NOW - timedelta(days=2))
    delivered(f"follow_up:{nico}:20261226T090000", snoozed_until=utc(NOW - timedelta(minutes=30)))
    olga = follow_up(person("Olga"), NOW - timedelta(days=2))
    delivered(f"follow_up:{olga}:20261226T090000", acknowledged_at=hour_ago)
    follow_up(person("Piet"), NOW + timedelta(days=1))
    for n in range(TIES, 0, -1):  # made in the reverse of their names' order
        follow_up(person(f"Quinten {n:02d}"), NOW - timedelta(days=1))
    person("Rob", stage="not_now", recontact_on=date(2026, 12, 20))
    person("Sara", stage="customer", recontact_on=date(2026, 12, 20))  # bought since


# Worked out by hand from the cases above.
DUE = Counter(
    [("follow_up", n) for n in ("Ada", "Lies", "Mies", "Nico")]
    + [("follow_up", f"Quinten {n:02d}") for n in range(1, TIES + 1)]
    + [("birthday_card", n) for n in ("Ada", "Bram", "Hans", "Ilse")]
    + [("birthday", "Bram"), ("recontact", "Rob")]
)
RAISED_BEFORE = {("follow_up", "Mies"), ("birthday_card", "Ilse")}


def kinds(due: list[reminders.Reminder]) -> Counter:
    return Counter((str(r.kind), r.full_name) for r in due)


@pytest.mark.parametrize("first", [1, 5, 20, 100])
def test_the_summary_counts_and_orders_what_is_due_as_worked_out_by_hand(seeded, first):
    summary = reminders.due_summary(NOW, first=first)

    assert summary.count == sum(DUE.values())
    assert kinds(summary.fresh) == DUE - Counter(RAISED_BEFORE)
    assert len(summary.first) == min(first, summary.count)
    assert kinds(summary.first) <= DUE
    moments = [r.due_at.astimezone(UTC) for r in summary.first]
    assert moments == sorted(moments)
    by_name = {(str(r.kind), r.full_name): r for r in reminders.due_summary(NOW, first=100).first}
    assert by_name["follow_up", "Lies"].due_at == NOW - timedelta(hours=1)  # its snooze's end
    assert by_name["follow_up", "Nico"].due_at == NOW - timedelta(minutes=30)
    assert by_name["birthday_card", "Hans"].due_at == NOW - timedelta(hours=1)
    assert by_name["birthday_card", "Ada"].occurs_on == date(2027, 1, 2)
    assert {k for k, r in by_name.items() if r.raised} == RAISED_BEFORE


@pytest.mark.parametrize("first", [1, 5, 20, 100])
def test_the_summary_agrees_with_the_whole_due_list(seeded, first):
    whole = reminders.due_reminders(NOW)

    summary = reminders.due_summary(NOW, first=first)

    assert summary.count == len(whole)
    assert summary.first == whole[:first]  # the same reminders, keys and order
    assert summary.fresh == [r for r in whole if not r.raised]


def test_after_a_claim_nothing_is_fresh_and_the_order_stays(seeded):
    claimed, _due = reminders.claim_due(reminders.due_summary(NOW, first=5).fresh, NOW)
    assert kinds(claimed) == DUE - Counter(RAISED_BEFORE)

    summary = reminders.due_summary(NOW, first=5)

    assert summary.fresh == [] and summary.count == sum(DUE.values())
    assert summary.first == reminders.due_reminders(NOW)[:5]
    assert all(r.raised for r in summary.first)


def test_29_february_is_due_on_28_february_in_a_common_year(seeded):
    week_before = datetime(2027, 2, 22, 10, 0, tzinfo=AMSTERDAM)

    summary = reminders.due_summary(week_before, first=100)

    cards = [r for r in summary.first if r.kind == "birthday_card" and r.full_name == "Cor"]
    assert [r.occurs_on for r in cards] == [date(2027, 2, 28)]
    assert summary.first == reminders.due_reminders(week_before)[:100]
    assert summary.count == len(reminders.due_reminders(week_before))


@pytest.fixture
def birthdays_only(db) -> None:
    """Birthday cases the first fixture lacks, with no follow-up before them: the first few
    cut through birthday and card alarms due at one moment."""
    for n in range(TIES, 0, -1):  # card due 27 December, made against their names' order
        person(f"Tijn {n:02d}", birthday_month=1, birthday_day=3)
    person("Lotte", birthday_month=2, birthday_day=10, birthday_card_days=45)  # card 27 Dec
    person("Mark", birthday_month=2, birthday_day=20, birthday_card_days=90)  # 60 at most
    person("Noor", birthday_month=12, birthday_day=30, birthday_card_days=0)  # no card
    person("Otto", birthday_month=12, birthday_day=30, birthday_card_days=-5)  # no card
    person("Puck", birthday_year=1990, birthday_month=2, birthday_day=29)  # never was: none
    person("Quirine", birthday_year=1988, birthday_month=2, birthday_day=29)
    person("Roos", birthday_year=2027, birthday_month=12, birthday_day=28)  # today, no age
    person("Stijn", birthday_month=1, birthday_day=4)  # card from 09:00 on 28 December


# Moments of the year where the birthday rule has a case of its own.
MOMENTS = [
    NOW,
    datetime(2026, 12, 28, 8, 59, tzinfo=AMSTERDAM),  # before today's alarm time
    datetime(2026, 12, 31, 23, 59, tzinfo=AMSTERDAM),  # the last minute of the year
    datetime(2027, 1, 1, 9, 0, tzinfo=AMSTERDAM),  # across New Year, at the alarm time
    datetime(2027, 1, 3, 12, 0, tzinfo=AMSTERDAM),  # the tied birthdays' day
    datetime(2027, 2, 22, 10, 0, tzinfo=AMSTERDAM),  # 28 Feb 2027 stands for 29 Feb
]

BIRTHDAYS_DUE = Counter(
    [("birthday_card", f"Tijn {n:02d}") for n in range(1, TIES + 1)]
    + [("birthday_card", n) for n in ("Lotte", "Mark", "Roos", "Stijn")]
    + [("birthday", "Roos")]
)


def test_birthday_lead_times_and_impossible_dates_as_worked_out_by_hand(birthdays_only):
    summary = reminders.due_summary(NOW, first=100)

    assert kinds(summary.first) == BIRTHDAYS_DUE
    assert summary.count == sum(BIRTHDAYS_DUE.values())
    assert kinds(summary.fresh) == BIRTHDAYS_DUE
    mark = next(r for r in summary.first if r.full_name == "Mark")
    assert mark.due_at == datetime(2026, 12, 22, 9, 0, tzinfo=AMSTERDAM)  # 60 days before
    assert all(r.age is None for r in summary.first if r.full_name == "Roos")


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("first", [1, 5, 20, 100])
def test_birthdays_in_the_summary_agree_with_the_whole_due_list(birthdays_only, moment, first):
    whole = reminders.due_reminders(moment)

    summary = reminders.due_summary(moment, first=first)

    assert summary.count == len(whole)
    assert summary.first == whole[:first]
    assert summary.fresh == [r for r in whole if not r.raised]


def test_claimed_acknowledged_and_snoozed_birthdays_agree_with_the_whole_due_list(
    birthdays_only,
):
    due = reminders.due_summary(NOW, first=100).first
    reminders.claim_due(due[:10], NOW)
    reminders.acknowledge(due[10].key, NOW)
    reminders.snooze(due[11].key, NOW + timedelta(hours=1), NOW)
    reminders.snooze(due[12].key, NOW + timedelta(minutes=5), NOW)
    later = NOW + timedelta(minutes=30)

    summary = reminders.due_summary(later, first=5)

    whole = reminders.due_reminders(later)
    assert summary.count == len(whole) == sum(BIRTHDAYS_DUE.values()) - 2
    assert summary.first == whole[:5]
    assert summary.fresh == [r for r in whole if not r.raised]
    assert len([r for r in whole if r.raised]) == 10


# --- the whole due list, as the retired Python rule gave it ----------------------------------

GOLDEN = Path(__file__).parents[1] / "fixtures" / "reminders_due_golden.txt"


def golden(fixture: str, moment: datetime) -> list[str]:
    """The written-out due list of `fixture` at `moment` (see the file's header)."""
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {fixture} {moment:%Y-%m-%d %H:%M%z}") + 1
    return list(itertools.takewhile(bool, lines[start:]))


def written_out(reminder: reminders.Reminder) -> str:
    def moment(value: datetime | None) -> str:
        return "-" if value is None else f"{value.astimezone(AMSTERDAM):%Y-%m-%d %H:%M%z}"

    return " | ".join(
        [
            str(reminder.kind),
            reminder.full_name,
            reminder.key,
            moment(reminder.due_at),
            moment(reminder.expires_at),
            reminder.occurs_on.isoformat() if reminder.occurs_on else "-",
            "-" if reminder.age is None else str(reminder.age),
            "raised" if reminder.raised else "new",
            reminder.note or "-",
        ]
    )


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("fixture", ["seeded", "birthdays_only"])
def test_the_whole_due_list_is_what_the_python_rule_gave(db, request, fixture, moment):
    """Before the SQL made the whole list, a birthday rule in Python did, and the two were
    held equal here; its answers are kept as written out, keys, times, ages and order."""
    request.getfixturevalue(fixture)

    due = reminders.due_reminders(moment)

    assert [written_out(r) for r in due] == golden(fixture, moment)
