"""The Insights figures: funnel, lead sources, deal forecast and activity for a period. No Qt.

Every figure is aggregated in SQL with portable expressions (no SQLite-only date
functions), so it works the same on PostgreSQL and stays fast with many contacts.
Calendar buckets (months, ISO weeks, days) follow the user's time zone: their
boundaries are computed here in Python and handed to SQL as plain UTC values.

Contacts that are archived are left out of every figure, as on the pipeline board."""

from __future__ import annotations

import csv
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import singledispatch
from pathlib import Path

import peewee as pw
from babel.numbers import get_currency_precision

from desktop_crm.domain import lead_sources
from desktop_crm.domain.local_time import from_utc_naive, start_of_day, to_utc_naive
from desktop_crm.domain.stages import FUNNEL, Stage
from desktop_crm.i18n import _
from desktop_crm.services.conversations import Kind
from desktop_crm.services.exporting.csv_export import neutralise
from desktop_crm.store import models as m
from desktop_crm.store.database import current_database

# ---- the period ------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included, in the user's time zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @classmethod
    def this_month(cls, today: date) -> Period:
        first = today.replace(day=1)
        return cls(first, _add_months(first, 1) - timedelta(days=1))

    @classmethod
    def this_quarter(cls, today: date) -> Period:
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return cls(first, _add_months(first, 3) - timedelta(days=1))

    @classmethod
    def this_year(cls, today: date) -> Period:
        return cls(date(today.year, 1, 1), date(today.year, 12, 31))

    @classmethod
    def last_12_months(cls, today: date) -> Period:
        """Whole months: the current one and the eleven before it, so every bar is a full month."""
        first = today.replace(day=1)
        return cls(_add_months(first, -11), _add_months(first, 1) - timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        result, month = [], self.start.replace(day=1)
        while month <= self.end:
            result.append(month)
            month = _add_months(month, 1)
        return result

    def weeks(self) -> list[date]:
        """The Monday of every ISO week the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        result = []
        while monday <= self.end:
            result.append(monday)
            monday += timedelta(days=7)
        return result


def _utc_midnight(day: date, tz: tzinfo | None) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC the database stores."""
    return to_utc_naive(start_of_day(day, tz))


def _bounds(period: Period, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """[from, until) in UTC: the period's first local midnight up to the one after its last day."""
    return _utc_midnight(period.start, tz), _utc_midnight(period.end + timedelta(days=1), tz)


def _bucket_edges(starts: Sequence[date], period: Period, tz: tzinfo | None) -> list[datetime]:
    """UTC edges of calendar buckets clipped to the period: len(starts) + 1 values."""
    lo, hi = _bounds(period, tz)
    inner = [_utc_midnight(day, tz) for day in starts[1:]]
    return [lo, *inner, hi]


def _bucket_case(column, edges: Sequence[datetime], first: int = 0, last: int | None = None):
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


@dataclass(frozen=True)
class FunnelStep:
    stage: Stage
    count: int  # contacts that first reached this stage (or a later one) in the period
    conversion: float | None  # count / the step before's count; None for the first or a 0 before

    @property
    def label(self) -> str:
        return self.stage.label


@dataclass(frozen=True)
class Funnel:
    period: Period
    steps: tuple[FunnelStep, ...]

    @property
    def is_empty(self) -> bool:
        return all(step.count == 0 for step in self.steps)


@dataclass(frozen=True)
class LeadSourceRow:
    source: str  # the code as stored ('bought_list') or the user's free text; '' when unknown
    leads: int
    prospects: int
    customers: int
    conversion: float | None  # customers / leads; None without leads
    median_days_to_customer: float | None  # over this period's new customers from this source

    @property
    def label(self) -> str:
        return lead_sources.label(self.source) or _("Not recorded")


@dataclass(frozen=True)
class LeadSourceFigures:
    period: Period
    rows: tuple[LeadSourceRow, ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _first_reach_query(period: Period, tz: tzinfo | None):
    """Per contact touched in the period: the first time it reached each funnel stage or beyond.

    A stage that was skipped (a lead who said yes straight away) counts as passed,
    so the funnel never loses someone who ran ahead. Only contacts with a stage
    change inside the period are grouped: the index on changed_at keeps this small."""
    sc = m.StageChange
    lo, hi = _bounds(period, tz)
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


def _in_range(column, lo: datetime, hi: datetime):
    return pw.Case(None, [((column >= lo) & (column < hi), 1)], 0)


def _reach_counts(period: Period, tz: tzinfo | None) -> dict[str, list[int]]:
    """Per lead source: how many contacts first reached each funnel stage in the period."""
    lo, hi = _bounds(period, tz)
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
    lo, hi = _bounds(period, tz)
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


@dataclass(frozen=True)
class ForecastMonth:
    month: date  # the first day of the month
    open_count: int  # open deals expected to close this month
    open_minor: int
    weighted_minor: int  # sum of value × probability, rounded down to the minor unit
    won_count: int  # deals won (closed) this month
    won_minor: int


@dataclass(frozen=True)
class CurrencyForecast:
    currency: str
    months: tuple[ForecastMonth, ...]
    undated_open_count: int  # open deals without an expected close date: in no month
    undated_open_minor: int

    @property
    def deal_count(self) -> int:
        return sum(m_.open_count + m_.won_count for m_ in self.months)

    @property
    def is_empty(self) -> bool:
        return self.deal_count == 0


@dataclass(frozen=True)
class DealForecast:
    """One forecast per currency (amounts in different currencies are never added up)."""

    period: Period
    currencies: tuple[CurrencyForecast, ...]  # the currency with the most deals first

    @property
    def is_empty(self) -> bool:
        return all(c.is_empty for c in self.currencies)

    def for_currency(self, currency: str | None) -> CurrencyForecast | None:
        """The preferred currency when it has deals, else the busiest one; None without deals."""
        for forecast in self.currencies:
            if forecast.currency == currency and not forecast.is_empty:
                return forecast
        return self.currencies[0] if self.currencies else None


def _deals_of_active_contacts(*columns) -> pw.ModelSelect:
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

    edges = _bucket_edges(months, period, tz)
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


@dataclass(frozen=True)
class ActivityWeek:
    week_start: date  # the Monday of the ISO week (the period may cut the week short)
    conversations: dict[str, int] = field(default_factory=dict)  # kind → count
    follow_ups_on_time: int = 0
    follow_ups_late: int = 0

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _day = self.week_start.isocalendar()
        return year, week

    @property
    def conversation_count(self) -> int:
        return sum(self.conversations.values())


@dataclass(frozen=True)
class Activity:
    period: Period
    weeks: tuple[ActivityWeek, ...]

    @property
    def conversation_count(self) -> int:
        return sum(w.conversation_count for w in self.weeks)

    @property
    def follow_ups_on_time(self) -> int:
        return sum(w.follow_ups_on_time for w in self.weeks)

    @property
    def follow_ups_late(self) -> int:
        return sum(w.follow_ups_late for w in self.weeks)

    @property
    def kinds(self) -> list[str]:
        """Every kind of conversation that occurs, most frequent first."""
        totals: dict[str, int] = {}
        for week in self.weeks:
            for kind, count in week.conversations.items():
                totals[kind] = totals.get(kind, 0) + count
        return sorted(totals, key=lambda kind: (-totals[kind], kind))

    @property
    def is_empty(self) -> bool:
        return not (self.conversation_count or self.follow_ups_on_time or self.follow_ups_late)


def activity(period: Period, *, tz: tzinfo | None = None) -> Activity:
    """Conversations per ISO week and kind; follow-ups done per week, on time or late.

    A follow-up is on time when it was done no later than its due day (in the
    user's time zone): due at 09:00 and done that afternoon is not late."""
    weeks = period.weeks()
    edges = _bucket_edges(weeks, period, tz)
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


def kind_label(kind: str) -> str:
    """A conversation kind in the user's language; an unknown code as stored."""
    try:
        return Kind(kind).label
    except ValueError:
        return kind


# ---- CSV --------------------------------------------------------------------------------


def _major_units(minor: int, currency: str) -> str:
    return str(Decimal(minor).scaleb(-get_currency_precision(currency)))


def _percent(fraction: float | None) -> str:
    return "" if fraction is None else f"{fraction * 100:.1f}"


@singledispatch
def figures_as_rows(figures) -> list[list[str]]:
    """A figure as CSV rows: a header, then one row per bar. Numbers stay plain (1234.50, 37.5)."""
    raise TypeError(f"no CSV form for {type(figures).__name__}")


@figures_as_rows.register
def _funnel_rows(figures: Funnel) -> list[list[str]]:
    header = [_("Stage"), _("Contacts"), _("Conversion from the step before (%)")]
    return [header] + [[s.label, str(s.count), _percent(s.conversion)] for s in figures.steps]


@figures_as_rows.register
def _lead_source_rows(figures: LeadSourceFigures) -> list[list[str]]:
    header = [
        _("Lead source"),
        _("Leads"),
        _("Prospects"),
        _("Customers"),
        _("Conversion lead to customer (%)"),
        _("Median days from lead to customer"),
    ]
    return [header] + [
        [
            row.label,
            str(row.leads),
            str(row.prospects),
            str(row.customers),
            _percent(row.conversion),
            "" if row.median_days_to_customer is None else f"{row.median_days_to_customer:g}",
        ]
        for row in figures.rows
    ]


@figures_as_rows.register
def _forecast_rows(figures: DealForecast) -> list[list[str]]:
    header = [
        _("Month"),
        _("Currency"),
        _("Open deals"),
        _("Open value"),
        _("Weighted value"),
        _("Won deals"),
        _("Won value"),
    ]
    rows = [header]
    for forecast in figures.currencies:
        code = forecast.currency
        for month in forecast.months:
            rows.append(
                [
                    month.month.strftime("%Y-%m"),
                    code,
                    str(month.open_count),
                    _major_units(month.open_minor, code),
                    _major_units(month.weighted_minor, code),
                    str(month.won_count),
                    _major_units(month.won_minor, code),
                ]
            )
        if forecast.undated_open_count:
            rows.append(
                [
                    _("No expected close date"),
                    code,
                    str(forecast.undated_open_count),
                    _major_units(forecast.undated_open_minor, code),
                    "",
                    "",
                    "",
                ]
            )
    return rows


@figures_as_rows.register
def _activity_rows(figures: Activity) -> list[list[str]]:
    kinds = figures.kinds
    header = [_("Week"), _("Week starts")] + [kind_label(k) for k in kinds]
    header += [_("Conversations"), _("Follow-ups done on time"), _("Follow-ups done late")]
    rows = [header]
    for week in figures.weeks:
        year, number = week.iso_week
        rows.append(
            [f"{year}-W{number:02d}", week.week_start.isoformat()]
            + [str(week.conversations.get(k, 0)) for k in kinds]
            + [
                str(week.conversation_count),
                str(week.follow_ups_on_time),
                str(week.follow_ups_late),
            ]
        )
    return rows


def _neutralise(cell: str) -> str:
    """The export's formula guard, except that a plain (negative) number stays a number."""
    try:
        float(cell)
        return cell
    except ValueError:
        return neutralise(cell)


def write_csv(path: Path | str, rows: Sequence[Sequence[str]]) -> None:
    """Write rows as UTF-8 CSV with a byte-order mark, which spreadsheets need to read accents."""
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([_neutralise(str(cell)) for cell in row])
