"""The Insights figures as CSV: rows a spreadsheet reads, numbers plain, formulas neutralised."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from functools import singledispatch
from pathlib import Path
from typing import Any

from babel.numbers import get_currency_precision

from desktop_crm.i18n import _
from desktop_crm.services.exporting.csv_export import neutralise
from desktop_crm.services.insight_figures import (
    Activity,
    DealForecast,
    Funnel,
    LeadSourceFigures,
    kind_label,
)


def _major_units(minor: int, currency: str) -> str:
    return str(Decimal(minor).scaleb(-get_currency_precision(currency)))


def _percent(fraction: float | None) -> str:
    return "" if fraction is None else f"{fraction * 100:.1f}"


@singledispatch
def figures_as_rows(figures: Any) -> list[list[str]]:
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
