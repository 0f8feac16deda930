"""The Insights figures: funnel, lead sources, deal forecast and activity for a period. No Qt.

Every figure is aggregated in SQL with portable expressions (no SQLite-only date
functions), so it works the same on PostgreSQL and stays fast with many contacts.
Calendar buckets (months, ISO weeks, days) follow the user's time zone: their
boundaries are computed in Python (`insight_period`) and handed to SQL as plain UTC values.
The figures are plain values (`insight_figures`); `insights_csv` writes them as CSV.

Contacts that are archived are left out of every figure, as on the pipeline board."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

import peewee as pw

from desktop_crm.domain.local_time import from_utc_naive
from desktop_crm.domain.stages import FUNNEL, Stage
from desktop_crm.services.insight_figures import (
    Activity,
    ActivityWeek,
    CurrencyForecast,
    DealForecast,
    ForecastMonth,
    Funnel,
    FunnelStep,
    LeadSourceFigures,
    LeadSourceRow,
    kind_label,
)
from desktop_crm.services.insight_period import Period, bucket_edges, utc_bounds
from desktop_crm.services.insights_csv import figures_as_rows, write_csv
from desktop_crm.store import models as m
from desktop_crm.store.database import current_database

# Re-exported: the Insights view and the tests take everything from here.
__all__ = [
    "Activity",
    "ActivityWeek",
    "CurrencyForecast",
    "DealForecast",
    "ForecastMonth",
    "Funnel",
    "FunnelStep",
    "LeadSourceFigures",
    "LeadSourceRow",
    "Period",
    "activity",
    "by_lead_source",
    "deal_forecast",
    "figures_as_rows",
    "funnel",
    "kind_label",
    "write_csv",
]

# ---- portable SQL over the period -------------------------------------------------------


def _bucket_case(
    column: pw.Node, edges: Sequence[datetime], first: int = 0, last: int | None = None
) -> pw.Node:
    """CASE that maps a UTC timestamp in [edges[0], edges[-1]) to its bucket's index.

    Plain comparisons only, so the same SQL runs on SQLite and PostgreSQL and the
    grouping happens in the database, with daylight-saving time handled exactly.
    Nested as a binary search: a row costs about log2(buckets) comparisons, not one
    per bucket, which matters for 53 weeks over many thousands of rows."""
    if last is None:
        last = len(edges) - 1  # buckets first … last-1
        if last == 1:
            # An expression, not a bare 0: PostgreSQL reads GROUP BY 0 as a column position.
            return pw.Case(None, [(column >= edges[0], 0)], None)
    if last - first == 1:
        return pw.Value(first)
    middle = (first + last) // 2
    return pw.Case(
        None,
        [(column < edges[middle], _bucket_case(column, edges, first, middle))],
        _bucket_case(column, edges, middle, last),
    )


def _local_date(value: datetime | str, tz: tzinfo | None) -> date:
    # Aggregates and raw rows come back as text on SQLite, as datetimes on PostgreSQL.
    return from_utc_naive(value, tz).date()


def _active_contacts(query: pw.ModelSelect) -> pw.ModelSelect:
    return query.where(m.Contact.archived == False)  # noqa: E712 - SQL, not Python


# ---- funnel and lead sources -------------------------------------------------------------


def _first_reach_query(period: Period, tz: tzinfo | None) -> pw.SelectQuery:
    """Per contact touched in the period: the first time it reached each funnel stage or beyond.

    A stage that was skipped (a lead who said yes straight away) counts as passed,
    so the funnel never loses someone who ran ahead. Only contacts with a stage
    change inside the period are grouped: the index on changed_at keeps this small."""
    sc = m.StageChange
    lo, hi = utc_bounds(period, tz)
    touched = sc.select(sc.contact).where((sc.changed_at >= lo) & (sc.changed_at < hi))
    columns = [
        pw.fn.MIN(
            pw.Case(None, [(sc.to_stage.in_([s.value for s in FUNNEL[i:]]), sc.changed_at)])
        ).alias(f"reach_{i}")
        for i in range(len(FUNNEL))
    ]
    query = (
        sc.select(sc.contact, m.Contact.lead_source.alias("source"), *columns)
        .join(m.Contact)
        .where(sc.contact.in_(touched))
        .group_by(sc.contact, m.Contact.lead_source)
    )
    return _active_contacts(query)


def _in_range(column: pw.Node, lo: datetime, hi: datetime) -> pw.Node:
    return pw.Case(None, [((column >= lo) & (column < hi), 1)], 0)


def _reach_counts(period: Period, tz: tzinfo | None) -> dict[str, list[int]]:
    """Per lead source: how many contacts first reached each funnel stage in the period."""
    lo, hi = utc_bounds(period, tz)
    firsts = _first_reach_query(period, tz)
    sums = [
        pw.fn.SUM(_in_range(getattr(firsts.c, f"reach_{i}"), lo, hi)) for i in range(len(FUNNEL))
    ]
    query = firsts.select_from(firsts.c.source, *sums).group_by(firsts.c.source)
    return {source: [int(n or 0) for n in counts] for source, *counts in query.tuples()}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def funnel(period: Period, *, tz: tzinfo | None = None) -> Funnel:
    """Contacts reaching lead, prospect, customer and repeat buyer for the first time in the period.

    The conversion of a step compares it with the step before in the same period;
    it can pass 100% when earlier leads become customers now."""
    totals = [0] * len(FUNNEL)
    for counts in _reach_counts(period, tz).values():
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    steps = tuple(
        FunnelStep(stage, totals[i], _ratio(totals[i], totals[i - 1]) if i else None)
        for i, stage in enumerate(FUNNEL)
    )
    return Funnel(period, steps)


def _median_days_to_customer(period: Period, tz: tzinfo | None) -> dict[str, float]:
    """Per source: the median of calendar days from first lead to first customer.

    Only the period's new customers are read, one row each; a median is not a
    portable SQL aggregate, so it is taken here."""
    lo, hi = utc_bounds(period, tz)
    firsts = _first_reach_query(period, tz)
    customer = getattr(firsts.c, f"reach_{FUNNEL.index(Stage.CUSTOMER)}")
    query = firsts.select_from(firsts.c.source, firsts.c.reach_0, customer).where(
        (customer >= lo) & (customer < hi)
    )
    days: dict[str, list[int]] = {}
    for source, lead_at, customer_at in query.tuples():
        elapsed = _local_date(customer_at, tz) - _local_date(lead_at, tz)
        days.setdefault(source, []).append(elapsed.days)
    return {source: float(statistics.median(values)) for source, values in days.items()}


def by_lead_source(period: Period, *, tz: tzinfo | None = None) -> LeadSourceFigures:
    """What each lead source brought in during the period; sources with new leads first."""
    lead, prospect, customer = (
        FUNNEL.index(s) for s in (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER)
    )
    medians = _median_days_to_customer(period, tz)
    rows = [
        LeadSourceRow(
            source,
            counts[lead],
            counts[prospect],
            counts[customer],
            _ratio(counts[customer], counts[lead]),
            medians.get(source),
        )
        for source, counts in _reach_counts(period, tz).items()
        if any(counts[: customer + 1])
    ]
    rows.sort(key=lambda row: (-row.leads, -row.customers, row.label.casefold()))
    return LeadSourceFigures(period, tuple(rows))


# ---- deals ------------------------------------------------------------------------------


def _deals_of_active_contacts(*columns: pw.Node) -> pw.ModelSelect:
    return _active_contacts(m.Deal.select(*columns).join(m.Contact))


def deal_forecast(period: Period, *, tz: tzinfo | None = None) -> DealForecast:
    """Open value and weighted value per month of expected close; won revenue per month closed."""
    months = period.months()
    index_of = {month: i for i, month in enumerate(months)}
    table: dict[
        str, list[list[int]]
    ] = {}  # currency → per month [open n, open, weighted n·p, won n, won]

    def slot(currency: str, i: int) -> list[int]:
        return table.setdefault(currency, [[0] * 5 for _ in months])[i]

    d = m.Deal
    # Expected close is a plain date: group by it in SQL, fold the days into months here.
    open_rows = (
        _deals_of_active_contacts(
            d.currency,
            d.expected_close,
            pw.fn.COUNT(d.id),
            pw.fn.SUM(d.value_minor),
            pw.fn.SUM(d.value_minor * d.probability),
        )
        .where(
            (d.status == "open")
            & (d.expected_close >= period.start)
            & (d.expected_close <= period.end)
        )
        .group_by(d.currency, d.expected_close)
        .tuples()
    )
    for currency, day, count, total, weighted in open_rows:
        day = date.fromisoformat(day) if isinstance(day, str) else day
        row = slot(currency, index_of[day.replace(day=1)])
        row[0] += count
        row[1] += int(total or 0)
        row[2] += int(weighted or 0)

    edges = bucket_edges(months, period, tz)
    bucket = _bucket_case(d.closed_at, edges)
    won_rows = (
        _deals_of_active_contacts(
            d.currency, bucket.alias("bucket"), pw.fn.COUNT(d.id), pw.fn.SUM(d.value_minor)
        )
        .where((d.status == "won") & (d.closed_at >= edges[0]) & (d.closed_at < edges[-1]))
        .group_by(d.currency, bucket)
        .tuples()
    )
    for currency, i, count, total in won_rows:
        row = slot(currency, int(i))
        row[3] += count
        row[4] += int(total or 0)

    undated = {
        currency: (count, int(total or 0))
        for currency, count, total in _deals_of_active_contacts(
            d.currency, pw.fn.COUNT(d.id), pw.fn.SUM(d.value_minor)
        )
        .where((d.status == "open") & d.expected_close.is_null())
        .group_by(d.currency)
        .tuples()
    }
    forecasts = []
    for currency in set(table) | set(undated):
        per_month = table.get(currency) or [[0] * 5 for _ in months]
        forecasts.append(
            CurrencyForecast(
                currency,
                tuple(
                    ForecastMonth(month, r[0], r[1], r[2] // 100, r[3], r[4])
                    for month, r in zip(months, per_month, strict=True)
                ),
                *undated.get(currency, (0, 0)),
            )
        )
    forecasts.sort(key=lambda f: (-f.deal_count, -f.undated_open_count, f.currency))
    return DealForecast(period, tuple(forecasts))


# ---- activity ---------------------------------------------------------------------------


def activity(period: Period, *, tz: tzinfo | None = None) -> Activity:
    """Conversations per ISO week and kind; follow-ups done per week, on time or late.

    A follow-up is on time when it was done no later than its due day (in the
    user's time zone): due at 09:00 and done that afternoon is not late."""
    weeks = period.weeks()
    edges = bucket_edges(weeks, period, tz)
    c = m.Conversation
    bucket = _bucket_case(c.happened_at, edges)
    talks: list[dict[str, int]] = [{} for _ in weeks]
    rows = (
        _active_contacts(
            c.select(bucket.alias("bucket"), c.kind, pw.fn.COUNT(c.id)).join(m.Contact)
        )
        .where((c.happened_at >= edges[0]) & (c.happened_at < edges[-1]))
        .group_by(bucket, c.kind)
        .tuples()
    )
    for i, kind, count in rows:
        talks[int(i)][kind] = count

    # Whether a follow-up was late depends on the due day in the user's zone, which
    # portable SQL cannot compute; only the follow-ups done in the period are read,
    # through the raw cursor because Peewee's per-row date parsing is the slow part.
    f = m.FollowUp
    on_time, late = [0] * len(weeks), [0] * len(weeks)
    query = _active_contacts(f.select(f.due_at, f.done_at).join(m.Contact)).where(
        (f.done_at >= edges[0]) & (f.done_at < edges[-1])
    )
    done = current_database().execute(query).fetchall()
    monday_index = {monday: i for i, monday in enumerate(weeks)}
    for due_at, done_at in done:
        done_day = _local_date(done_at, tz)
        i = monday_index[done_day - timedelta(days=done_day.weekday())]
        if done_day <= _local_date(due_at, tz):
            on_time[i] += 1
        else:
            late[i] += 1
    return Activity(
        period,
        tuple(
            ActivityWeek(monday, talks[i], on_time[i], late[i]) for i, monday in enumerate(weeks)
        ),
    )
