"""The Insights figures as plain values: funnel, lead sources, deal forecast, activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _
from desktop_crm.services.conversations import Kind
from desktop_crm.services.insight_period import Period


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


def kind_label(kind: str) -> str:
    """A conversation kind in the user's language; an unknown code as stored."""
    try:
        return Kind(kind).label
    except ValueError:
        return kind
