"""The Insights figures, checked one by one on a small hand-made history in Amsterdam time."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_crm.domain.clock import FixedClock
from desktop_crm.domain.stages import Stage
from desktop_crm.services import conversations, deals, followups
from desktop_crm.services import insights as ins
from desktop_crm.services.contacts import create_contact, set_stage
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from tests.conftest import AMSTERDAM

Q1 = ins.Period(date(2026, 1, 1), date(2026, 3, 31))


def at(*parts: int) -> datetime:
    """A local Amsterdam time."""
    return datetime(*parts, tzinfo=AMSTERDAM)


def person(source: str, *history: tuple[str, datetime], archived: bool = False) -> int:
    """A contact with its stage history written as rows at exact moments."""
    first_at = history[0][1]
    contact = m.Contact.create(
        display_name=f"{source} {first_at:%m%d%H%M}",
        lead_source=source,
        stage=history[-1][0],
        archived=archived,
        created_at=to_storage(first_at),
    )
    previous = None
    for stage, moment in history:
        m.StageChange.create(
            contact=contact,
            from_stage=previous,
            to_stage=stage,
            changed_at=to_storage(moment),
            cause="manual",
        )
        previous = stage
    return contact.id


@pytest.fixture
def people(db, clock):
    """The contacts; the comment on each says what it adds to the figures of Q1 2026."""
    ids = {}
    # Lead before the period; prospect and customer inside: 43 days from lead to customer.
    ids["a"] = person(
        "internet",
        ("lead", at(2025, 12, 20, 10)),
        ("prospect", at(2026, 1, 10, 10)),
        ("customer", at(2026, 2, 1, 10)),
    )
    # Every step inside: 59 days.
    ids["b"] = person(
        "internet",
        ("lead", at(2026, 1, 5, 9)),
        ("prospect", at(2026, 1, 20, 9)),
        ("customer", at(2026, 3, 5, 9)),
    )
    ids["c"] = person("internet", ("lead", at(2026, 2, 10, 12)))
    # Disqualified the day after: still a lead reached in the period.
    ids["d"] = person(
        "bought_list", ("lead", at(2026, 1, 15, 9)), ("disqualified", at(2026, 1, 16, 9))
    )
    # Lead late on 31 January local time; skips prospect: counts as one all the same. 2 days.
    ids["e"] = person(
        "bought_list", ("lead", at(2026, 1, 31, 23, 30)), ("customer", at(2026, 2, 2, 8))
    )
    # Lead on New Year's Eve local time (before the period); prospect on 31 March at 23:30
    # (inside); customer at 00:30 on 1 April local time, which is still 31 March in UTC (outside).
    ids["f"] = person(
        "phone_book",
        ("lead", at(2025, 12, 31, 23, 30)),
        ("prospect", at(2026, 3, 31, 23, 30)),
        ("customer", at(2026, 4, 1, 0, 30)),
    )
    # A customer of last year who buys again: only the repeat buyer step is in the period.
    ids["g"] = person(
        "in_person",
        ("lead", at(2025, 6, 1, 9)),
        ("customer", at(2025, 7, 1, 9)),
        ("repeat_buyer", at(2026, 2, 15, 9)),
    )
    # Added straight as a customer: lead, prospect and customer at once, 0 days.
    ids["h"] = person("in_person", ("customer", at(2026, 3, 1, 9)))
    # Archived: left out everywhere.
    ids["i"] = person("referral", ("lead", at(2026, 1, 10, 9)), archived=True)
    # Back and forth: prospect, not now, prospect again counts once.
    ids["j"] = person(
        "referral",
        ("lead", at(2026, 1, 2, 9)),
        ("prospect", at(2026, 1, 3, 9)),
        ("not_now", at(2026, 1, 20, 9)),
        ("prospect", at(2026, 2, 1, 9)),
    )
    # Made through the services, without a lead source.
    clock.set(at(2026, 3, 10, 11))
    ids["k"] = create_contact(ContactDraft(full_name="Kees Kok"), clock=clock).id
    # A customer since November who went away and came back: nothing new in the period.
    ids["l"] = person(
        "internet",
        ("lead", at(2025, 10, 1, 9)),
        ("customer", at(2025, 11, 1, 9)),
        ("not_now", at(2026, 1, 5, 9)),
        ("customer", at(2026, 2, 20, 9)),
    )
    return ids


# ---- the period ---------------------------------------------------------------------


def test_period_presets_cover_whole_calendar_units():
    today = date(2026, 8, 17)
    assert ins.Period.this_month(today) == ins.Period(date(2026, 8, 1), date(2026, 8, 31))
    assert ins.Period.this_quarter(today) == ins.Period(date(2026, 7, 1), date(2026, 9, 30))
    assert ins.Period.this_year(today) == ins.Period(date(2026, 1, 1), date(2026, 12, 31))
    assert ins.Period.this_month(date(2024, 2, 10)).end == date(2024, 2, 29)
    assert ins.Period.this_quarter(date(2026, 12, 31)).start == date(2026, 10, 1)


def test_the_last_12_months_are_the_whole_months_before_this_one_and_this_one_so_far():
    today = date(2026, 8, 17)
    assert ins.Period.last_12_months(today) == ins.Period(date(2025, 8, 1), date(2026, 8, 17))
    # On 1 December it was the calendar year, 31 December included.
    december = ins.Period.last_12_months(date(2026, 12, 1))
    assert december == ins.Period(date(2025, 12, 1), date(2026, 12, 1))
    assert len(december.months()) == 13
    leap = ins.Period.last_12_months(date(2028, 2, 29))
    assert leap == ins.Period(date(2027, 2, 1), date(2028, 2, 29))


def test_period_lists_its_months_and_iso_weeks():
    period = ins.Period(date(2025, 12, 30), date(2026, 2, 2))
    assert period.months() == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    weeks = period.weeks()
    assert weeks[0] == date(2025, 12, 29) and weeks[-1] == date(2026, 2, 2)
    assert len(weeks) == 6
    assert all(w.weekday() == 0 for w in weeks)


def test_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        ins.Period(date(2026, 2, 1), date(2026, 1, 31))


# ---- funnel and lead sources --------------------------------------------------------


def test_funnel_counts_first_arrivals_at_each_stage_in_the_period(people):
    figures = ins.funnel(Q1, tz=AMSTERDAM)
    assert [(s.stage, s.count) for s in figures.steps] == [
        (Stage.LEAD, 7),  # b c d e h j k
        (Stage.PROSPECT, 6),  # a b e f h j
        (Stage.CUSTOMER, 4),  # a b e h
        (Stage.REPEAT_BUYER, 1),  # g
    ]
    assert [s.conversion for s in figures.steps] == [None, 6 / 7, 4 / 6, 1 / 4]
    assert not figures.is_empty


def test_funnel_uses_the_local_calendar_not_utc(people):
    march = ins.Period(date(2026, 3, 1), date(2026, 3, 31))
    april = ins.Period(date(2026, 4, 1), date(2026, 4, 30))
    # f became a customer at 00:30 on 1 April in Amsterdam (22:30 UTC on 31 March).
    assert [s.count for s in ins.funnel(march, tz=AMSTERDAM).steps] == [2, 2, 2, 0]
    assert [s.count for s in ins.funnel(april, tz=AMSTERDAM).steps] == [0, 0, 1, 0]


def test_funnel_counts_stage_changes_made_through_the_services(people, clock):
    clock.set(at(2026, 3, 20, 15))
    set_stage([people["k"]], Stage.PROSPECT, clock=clock)
    steps = ins.funnel(Q1, tz=AMSTERDAM).steps
    assert [s.count for s in steps] == [7, 7, 4, 1]


def test_by_lead_source_gives_counts_conversion_and_median_days(people):
    rows = ins.by_lead_source(Q1, tz=AMSTERDAM).rows
    assert [
        (r.source, r.leads, r.prospects, r.customers, r.conversion, r.median_days_to_customer)
        for r in rows
    ] == [
        ("internet", 2, 2, 2, 1.0, 51.0),  # a: 43 days, b: 59 days
        ("bought_list", 2, 1, 1, 0.5, 2.0),
        ("in_person", 1, 1, 1, 1.0, 0.0),  # g only became a repeat buyer
        ("", 1, 0, 0, 0.0, None),
        ("referral", 1, 1, 0, 0.0, None),  # i is archived
        ("phone_book", 0, 1, 0, None, None),
    ]
    assert rows[3].label == "Not recorded"
    assert rows[0].label == "Internet"


def test_empty_database_gives_empty_figures(db):
    assert ins.funnel(Q1, tz=AMSTERDAM).is_empty
    assert [s.conversion for s in ins.funnel(Q1, tz=AMSTERDAM).steps] == [None] * 4
    assert ins.by_lead_source(Q1, tz=AMSTERDAM).is_empty
    assert ins.deal_forecast(Q1, tz=AMSTERDAM).is_empty
    assert ins.deal_forecast(Q1, tz=AMSTERDAM).for_currency("EUR") is None
    empty = ins.activity(Q1, tz=AMSTERDAM)
    assert empty.is_empty and len(empty.weeks) == 14


# ---- deals ----------------------------------------------------------------------------


def _deal(contact_id, value, *, currency="EUR", probability=0, expected=None, created=None):
    return deals.add_deal(
        contact_id,
        "Deal",
        value,
        currency=currency,
        probability=probability,
        expected_close=expected,
        clock=FixedClock(created or at(2025, 12, 1, 9)),
    ).id


def _close(deal_id, kind, moment):
    stage = next(s for s in deals.pipeline_stages(1) if s.kind == kind)
    deals.move_deal(deal_id, stage.id, reason="Test", clock=FixedClock(moment))


@pytest.fixture
def deal_book(people):
    _deal(people["a"], 100_000, probability=50, expected=date(2026, 1, 15))
    _deal(people["b"], 33_333, probability=33, expected=date(2026, 1, 31))
    _deal(people["c"], 50_000, probability=10, expected=date(2026, 4, 1))  # after the period
    _deal(people["c"], 20_000, probability=40)  # no expected close
    _close(_deal(people["e"], 250_000), "won", at(2026, 2, 28, 23, 30))  # 22:30 UTC: February
    _close(_deal(people["h"], 120_000), "won", at(2026, 3, 31, 23, 30))  # March in Amsterdam
    _close(_deal(people["h"], 90_000), "won", at(2026, 4, 1, 0, 30))  # April in Amsterdam
    _close(_deal(people["g"], 80_000), "lost", at(2026, 2, 10, 12))
    _deal(people["i"], 999_900, probability=90, expected=date(2026, 2, 1))  # archived contact
    _deal(people["j"], 40_000, currency="USD", probability=25, expected=date(2026, 3, 10))
    _deal(people["k"], 7_000, probability=100, expected=date(2026, 3, 1))


def test_deal_forecast_per_month_and_currency(deal_book):
    forecast = ins.deal_forecast(Q1, tz=AMSTERDAM)
    assert [c.currency for c in forecast.currencies] == ["EUR", "USD"]
    eur, usd = forecast.currencies
    assert eur.months == (
        # weighted: (100000 × 50 + 33333 × 33) / 100 = 60999.89, rounded down
        ins.ForecastMonth(date(2026, 1, 1), 2, 133_333, 60_999, 0, 0),
        ins.ForecastMonth(date(2026, 2, 1), 0, 0, 0, 1, 250_000),
        ins.ForecastMonth(date(2026, 3, 1), 1, 7_000, 7_000, 1, 120_000),
    )
    assert (eur.undated_open_count, eur.undated_open_minor) == (1, 20_000)
    assert eur.deal_count == 5
    assert usd.months == (
        ins.ForecastMonth(date(2026, 1, 1), 0, 0, 0, 0, 0),
        ins.ForecastMonth(date(2026, 2, 1), 0, 0, 0, 0, 0),
        ins.ForecastMonth(date(2026, 3, 1), 1, 40_000, 10_000, 0, 0),
    )
    assert (usd.undated_open_count, usd.undated_open_minor) == (0, 0)
    assert forecast.for_currency("USD") is usd
    assert forecast.for_currency("GBP") is eur


def test_won_deal_counts_in_the_local_month_it_closed(deal_book):
    april = ins.deal_forecast(ins.Period(date(2026, 4, 1), date(2026, 4, 30)), tz=AMSTERDAM)
    eur = april.for_currency("EUR")
    assert eur.months == (ins.ForecastMonth(date(2026, 4, 1), 1, 50_000, 5_000, 1, 90_000),)


# ---- activity -------------------------------------------------------------------------

EARLY_MARCH = ins.Period(date(2026, 3, 1), date(2026, 3, 15))  # a Sunday to a Sunday


def _talk(contact_id, kind, moment):
    conversations.log_conversation(
        contact_id, kind, "", happened_at=moment, clock=FixedClock(moment)
    )


def _follow_up(contact_id, due, done=None):
    row = followups.add_follow_up(contact_id, due, "Call back", clock=FixedClock(due))
    if done is not None:
        followups.mark_done(row.id, clock=FixedClock(done))


@pytest.fixture
def busy_march(people):
    a, archived = people["a"], people["i"]
    _talk(a, "call", at(2026, 2, 28, 23, 30))  # before the period
    _talk(a, "call", at(2026, 3, 1, 0, 30))  # 28 February in UTC, 1 March here: week 9
    _talk(a, "call", at(2026, 3, 2, 9))
    _talk(a, "presentation", at(2026, 3, 3, 14))
    _talk(a, "email", at(2026, 3, 8, 23, 59))
    _talk(a, "meeting", at(2026, 3, 9, 10))
    _talk(a, "meeting", at(2026, 3, 9, 11))
    _talk(a, "note", at(2026, 3, 15, 23, 30))
    _talk(a, "call", at(2026, 3, 16, 0, 30))  # after the period
    _talk(archived, "call", at(2026, 3, 10, 9))
    _follow_up(a, at(2026, 3, 3, 9), at(2026, 3, 3, 17))  # same day: on time
    _follow_up(a, at(2026, 3, 3, 9), at(2026, 3, 4, 8))  # late
    _follow_up(a, at(2026, 3, 10, 10), at(2026, 3, 5, 9))  # early: on time
    _follow_up(a, at(2026, 3, 12, 9), at(2026, 3, 15, 23, 30))  # late
    _follow_up(a, at(2026, 2, 20, 9), at(2026, 3, 1, 0, 30))  # late, week 9
    _follow_up(a, at(2026, 3, 14, 23, 30), at(2026, 3, 15, 0, 30))  # same UTC day, late here
    _follow_up(a, at(2026, 3, 2, 9))  # not done
    _follow_up(a, at(2026, 3, 13, 9), at(2026, 3, 16, 0, 30))  # done after the period
    _follow_up(archived, at(2026, 3, 9, 9), at(2026, 3, 10, 9))


def test_activity_counts_conversations_per_iso_week_and_kind(busy_march):
    figures = ins.activity(EARLY_MARCH, tz=AMSTERDAM)
    assert [(w.week_start, w.iso_week, w.conversations) for w in figures.weeks] == [
        (date(2026, 2, 23), (2026, 9), {"call": 1}),
        (date(2026, 3, 2), (2026, 10), {"call": 1, "presentation": 1, "email": 1}),
        (date(2026, 3, 9), (2026, 11), {"meeting": 2, "note": 1}),
    ]
    assert figures.conversation_count == 7
    assert figures.kinds == ["call", "meeting", "email", "note", "presentation"]


def test_activity_splits_follow_ups_done_on_time_and_late_by_local_due_day(busy_march):
    figures = ins.activity(EARLY_MARCH, tz=AMSTERDAM)
    assert [(w.follow_ups_on_time, w.follow_ups_late) for w in figures.weeks] == [
        (0, 1),
        (2, 1),
        (0, 2),
    ]
    assert (figures.follow_ups_on_time, figures.follow_ups_late) == (2, 4)


# ---- CSV -------------------------------------------------------------------------------


def test_every_figure_exports_as_rows(deal_book, busy_march):
    assert ins.figures_as_rows(ins.funnel(Q1, tz=AMSTERDAM)) == [
        ["Stage", "Contacts", "Conversion from the step before (%)"],
        ["Lead", "7", ""],
        ["Prospect", "6", "85.7"],
        ["Customer", "4", "66.7"],
        ["Repeat buyer", "1", "25.0"],
    ]
    sources = ins.figures_as_rows(ins.by_lead_source(Q1, tz=AMSTERDAM))
    assert sources[0][0] == "Lead source"
    assert sources[1] == ["Internet", "2", "2", "2", "100.0", "51"]
    assert sources[-1] == ["Phone book", "0", "1", "0", "", ""]
    assert ins.figures_as_rows(ins.deal_forecast(Q1, tz=AMSTERDAM)) == [
        [
            "Month",
            "Currency",
            "Open deals",
            "Open value",
            "Weighted value",
            "Won deals",
            "Won value",
        ],
        ["2026-01", "EUR", "2", "1333.33", "609.99", "0", "0.00"],
        ["2026-02", "EUR", "0", "0.00", "0.00", "1", "2500.00"],
        ["2026-03", "EUR", "1", "70.00", "70.00", "1", "1200.00"],
        ["No expected close date", "EUR", "1", "200.00", "", "", ""],
        ["2026-01", "USD", "0", "0.00", "0.00", "0", "0.00"],
        ["2026-02", "USD", "0", "0.00", "0.00", "0", "0.00"],
        ["2026-03", "USD", "1", "400.00", "100.00", "0", "0.00"],
    ]
    weeks = ins.figures_as_rows(ins.activity(EARLY_MARCH, tz=AMSTERDAM))
    assert weeks[0] == [
        "Week",
        "Week starts",
        "Call",
        "Meeting",
        "Email",
        "Note",
        "Presentation",
        "Conversations",
        "Follow-ups done on time",
        "Follow-ups done late",
    ]
    assert weeks[2] == ["2026-W10", "2026-03-02", "1", "0", "1", "0", "1", "3", "2", "1"]


def test_csv_file_neutralises_formulas_and_keeps_accents(tmp_path):
    path = tmp_path / "figures.csv"
    ins.write_csv(path, [["Herkomst", "Aantal"], ['=HYPERLINK("x")', "-3"], ["Café", "@sum"]])
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "Herkomst,Aantal",
        '"\'=HYPERLINK(""x"")",-3',
        "Café,'@sum",
    ]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_figures_in_dutch(deal_book):
    from desktop_crm.i18n import set_language

    set_language("nl")
    rows = ins.figures_as_rows(ins.funnel(Q1, tz=AMSTERDAM))
    assert rows[3][0] == "Klant"


def test_a_one_day_period_is_one_bucket(busy_march):
    day = ins.activity(ins.Period(date(2026, 3, 3), date(2026, 3, 3)), tz=AMSTERDAM)
    assert [(w.week_start, w.conversations) for w in day.weeks] == [
        (date(2026, 3, 2), {"presentation": 1})
    ]
    assert (day.follow_ups_on_time, day.follow_ups_late) == (1, 0)
