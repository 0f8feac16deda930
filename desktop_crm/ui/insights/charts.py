"""Drawing each Insights figure as a Qt chart; the numbers come ready-made from the service."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

from babel import dates as babel_dates
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.insights import Activity, CurrencyForecast, Funnel, LeadSourceFigures
from desktop_crm.ui.insights.chart_style import (
    funnel_colour,
    index_axis,
    new_chart,
    series_colour,
    style_axis,
    value_axis,
)

MOST_SOURCES = 8  # more bars than this become unreadable; the table lists them all


def _bar_set(name: str, values: Sequence[float], colour: QColor) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour)
    return bar_set


def bar_width(categories: int, widest: float = 0.8) -> float:
    """Narrower bars when there are few categories: one month should not fill the chart."""
    return min(widest, 0.25 + 0.06 * categories)


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Category axes key on the label text; two sources typed alike must still be two bars."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        result.append(label + "\u200b" * count)
    return result


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrapped_label(text: str, width: int = 9, lines: int = 2) -> str:
    """An axis label on up to `lines` lines; Qt Charts elides one long line to '…' instead.

    Axis labels are rich text, so the user's own words are escaped first."""
    parts = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [" ".join(parts[lines - 1 :])]
    parts = [_shorten(part, width + 4) for part in parts]
    return "<span>" + "<br>".join(html.escape(part) for part in parts) + "</span>"


def funnel_step_label(figures: Funnel, index: int, fmt: LocaleFormats) -> str:
    """'Prospect' over '139 · 62%': the count and the conversion from the step before."""
    step = figures.steps[index]
    count = fmt.number(step.count)
    figure = (
        count
        if step.conversion is None
        else _("{count} · {rate}").format(count=count, rate=fmt.percent(step.conversion))
    )
    return f"<span><b>{html.escape(step.label)}</b><br>{html.escape(figure)}</span>"


def funnel_chart(figures: Funnel, fmt: LocaleFormats) -> QChart:
    """Centred horizontal bars, widest at the top: a funnel, each stage in its own colour."""
    chart = new_chart()
    chart.legend().setVisible(False)
    # Horizontal bar categories run bottom to top: feed them reversed so the lead is on top.
    steps = list(reversed(figures.steps))
    counts = [step.count for step in steps]
    top = max(counts) or 1
    series = QHorizontalStackedBarSeries()
    series.setBarWidth(0.78)
    # An invisible first segment centres each bar.
    spacer = _bar_set("", [(top - c) / 2 for c in counts], QColor(Qt.GlobalColor.transparent))
    series.append(spacer)
    for i, step in enumerate(steps):
        values = [step.count if j == i else 0 for j in range(len(counts))]
        series.append(_bar_set(step.label, values, funnel_colour(step.stage.value)))
    chart.addSeries(series)
    stages = QBarCategoryAxis()
    labels = [funnel_step_label(figures, i, fmt) for i in range(len(counts))]
    stages.append(unique_labels(list(reversed(labels))))
    stages.setLineVisible(False)
    stages.setGridLineVisible(False)
    chart.addAxis(style_axis(stages), Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(stages)
    width = QValueAxis()
    width.setRange(0, top)
    width.setVisible(False)
    chart.addAxis(width, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(width)
    return chart


def lead_source_chart(figures: LeadSourceFigures, fmt: LocaleFormats) -> QChart:
    """Leads, prospects and customers per source, as horizontal groups.

    Horizontal, because source names are words: beside a bar they have room, under
    a bar Qt Charts cuts them to 'Telefoonb…'."""
    chart = new_chart()
    # Categories run bottom to top: reversed, the busiest source is on top.
    rows = list(reversed(figures.rows[:MOST_SOURCES]))
    series = QHorizontalBarSeries()
    series.setBarWidth(bar_width(len(rows), 0.84))
    for name, stage, values in (
        (_("Leads"), "lead", [r.leads for r in rows]),
        (_("Prospects"), "prospect", [r.prospects for r in rows]),
        (_("Customers"), "customer", [r.customers for r in rows]),
    ):
        series.append(_bar_set(name, values, funnel_colour(stage)))
    chart.addSeries(series)
    sources = QBarCategoryAxis()
    sources.append(unique_labels([wrapped_label(r.label, width=22) for r in rows]))
    sources.setGridLineVisible(False)
    sources.setLineVisible(False)
    chart.addAxis(style_axis(sources), Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(sources)
    top = max([max(r.leads, r.prospects, r.customers) for r in rows] or [1])
    counts = value_axis(top, lambda v: fmt.number(int(v)), whole=True)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(counts)
    return chart


def month_label(month, fmt: LocaleFormats, with_year: bool = False) -> str:
    """'Mar' under a bar; with the year ('Mar 26') when the period spans more than a year."""
    return babel_dates.format_skeleton("MMMyy" if with_year else "MMM", month, locale=fmt.locale)


def week_label(monday, fmt: LocaleFormats) -> str:
    return babel_dates.format_skeleton("MMMd", monday, locale=fmt.locale)


def forecast_chart(forecast: CurrencyForecast, fmt: LocaleFormats) -> QChart:
    """Per month: open value and weighted value by expected close, won value by closing date."""
    chart = new_chart()
    months = forecast.months
    series = QBarSeries()
    series.setBarWidth(bar_width(len(months)))
    for name, key, values in (
        (_("Open value"), "open", [m.open_minor for m in months]),
        (_("Weighted value"), "weighted", [m.weighted_minor for m in months]),
        (_("Won"), "won", [m.won_minor for m in months]),
    ):
        series.append(_bar_set(name, values, series_colour(key)))
    chart.addSeries(series)
    with_year = len(months) > 12
    axis = index_axis(unique_labels([month_label(m.month, fmt, with_year) for m in months]))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    top = max([max(m.open_minor, m.won_minor) for m in months] or [1]) or 1
    money = value_axis(top, lambda v: fmt.money_short(int(v), forecast.currency))
    chart.addAxis(money, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(money)
    return chart


def _line(name: str, values: Sequence[int], colour: QColor) -> QLineSeries:
    line = QLineSeries()
    line.setName(name)
    for x, y in enumerate(values):
        line.append(x, y)
    pen = QPen(colour)
    pen.setWidthF(2.2)
    line.setPen(pen)
    line.setPointsVisible(len(values) <= 16)
    return line


def activity_chart(figures: Activity, fmt: LocaleFormats) -> QChart:
    """Conversations per week as bars; follow-ups done on time and late as lines over them."""
    chart = new_chart()
    weeks = figures.weeks
    bars = QBarSeries()
    bars.setBarWidth(bar_width(len(weeks), 0.7))
    bars.append(
        _bar_set(
            _("Conversations"),
            [w.conversation_count for w in weeks],
            series_colour("conversations"),
        )
    )
    on_time = _line(
        _("Follow-ups on time"), [w.follow_ups_on_time for w in weeks], series_colour("on_time")
    )
    late = _line(_("Follow-ups late"), [w.follow_ups_late for w in weeks], series_colour("late"))
    for series in (bars, on_time, late):
        chart.addSeries(series)
    # The first week may start before the period; label it by the period's first day.
    firsts = [max(w.week_start, figures.period.start) for w in weeks]
    axis = index_axis(unique_labels([week_label(day, fmt) for day in firsts]), most=9)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    top = max(
        [max(w.conversation_count, w.follow_ups_on_time, w.follow_ups_late) for w in weeks] or [1]
    )
    counts = value_axis(top or 1, lambda v: fmt.number(int(v)), whole=True)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    for series in (bars, on_time, late):
        series.attachAxis(axis)
        series.attachAxis(counts)
    return chart
