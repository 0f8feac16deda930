"""The Insights charts' shared look: palette-aware colours, fonts and axes labelled by Babel.

Qt Charts formats axis numbers itself (printf style, not the user's locale), so the
value axes here are category axes whose labels we write: 1.000 in Dutch, 1,000 in English."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCharts import QAbstractAxis, QCategoryAxis, QChart, QChartView
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen

from desktop_crm.ui.insights.axis_ticks import nice_ticks, sparse_positions
from desktop_crm.ui.style import is_dark, stage_colour

AxisT = TypeVar("AxisT", bound=QAbstractAxis)

# (light, dark) pairs chosen to keep contrast against the window background.
_SERIES_COLOURS = {
    "open": ("#9bbbe3", "#5a7eaa"),
    "weighted": ("#1f6fb2", "#5aa0e0"),
    "won": ("#2e7d32", "#66bb6a"),
    "conversations": ("#4f86c6", "#6fa3dd"),
    "on_time": ("#2e7d32", "#81c784"),
    "late": ("#c25e00", "#f0a04b"),
}


def series_colour(name: str) -> QColor:
    light, dark = _SERIES_COLOURS[name]
    return QColor(dark if is_dark() else light)


def funnel_colour(stage: str) -> QColor:
    return stage_colour(stage)


def _text_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText)


def _grid_colour() -> QColor:
    colour = QGuiApplication.palette().color(QPalette.ColorRole.Mid)
    colour.setAlpha(90)
    return colour


def small_font() -> QFont:
    font = QGuiApplication.font()
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
    return font


def new_chart() -> QChart:
    """A chart without its own background: it sits on the card and follows the palette."""
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(2, 10, 6, 2))  # room for the top tick label
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setLabelColor(_text_colour())
    legend.setFont(small_font())
    return chart


def new_chart_view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setStyleSheet("background: transparent;")
    view.setMinimumHeight(190)
    return view


def style_axis(axis: AxisT) -> AxisT:
    axis.setLabelsFont(small_font())
    axis.setLabelsColor(_text_colour())
    axis.setGridLineColor(_grid_colour())
    axis.setLinePen(QPen(_grid_colour()))
    axis.setShadesVisible(False)
    return axis


def value_axis(
    top: float, label: Callable[[float], str], *, whole: bool = False, ticks: int = 4
) -> QCategoryAxis:
    """A value axis from 0 with round ticks whose labels `label` writes (Babel)."""
    values = nice_ticks(top, ticks, whole=whole)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    # A start just below zero lets the first label sit on 0 itself.
    axis.setStartValue(-values[-1] * 1e-9 - 1e-12)
    for value in values:
        axis.append(label(value), value)
    axis.setRange(0, values[-1])
    return style_axis(axis)


def index_axis(labels: Sequence[str], most: int = 12) -> QCategoryAxis:
    """An axis for bars at 0, 1, 2…: labels at most `most` of them, so they never overlap."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-0.5)
    for position in sparse_positions(len(labels), most):
        axis.append(labels[position], position)
    axis.setRange(-0.5, len(labels) - 0.5)
    axis.setGridLineVisible(False)
    return style_axis(axis)
