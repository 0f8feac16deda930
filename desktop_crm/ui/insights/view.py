"""The Insights tab: the period chooser above four chart cards, or a helpful empty state."""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from desktop_crm.domain.clock import Clock
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services import insights
from desktop_crm.services.changes import Changes
from desktop_crm.services.insights import Period
from desktop_crm.ui.empty_state import EmptyState
from desktop_crm.ui.insights import charts
from desktop_crm.ui.insights.chart_card import ChartCard
from desktop_crm.ui.insights.lead_source_table import LeadSourceTable
from desktop_crm.ui.insights.period_chooser import PeriodChooser
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import is_dark


def _card_style() -> str:
    background, border = ("#2a2f36", "#3a414a") if is_dark() else ("#ffffff", "#dde3ea")
    return (
        f"QFrame#insightsCard {{ background: {background}; border: 1px solid {border};"
        " border-radius: 8px; }"
    )


class InsightsView(QWidget):
    open_contact_requested = Signal(int)  # a TabView; Insights opens no contact yet
    loaded = Signal()  # the figures arrived and are drawn
    is_building = False  # a TabView; the figures are drawn in the turn they arrive
    built = Signal()  # a TabView; never emitted, as nothing here is made in turns

    def __init__(self, clock: Clock, runner: OperationRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._runner = runner
        self._stale = True
        self.figures: dict[str, object] = {}

        self.period_chooser = PeriodChooser(self._today())
        self.period_chooser.period_changed.connect(lambda _period: self.refresh())

        self.funnel_card = ChartCard(_("Funnel"))
        self.sources_card = ChartCard(_("Lead sources"))
        self.forecast_card = ChartCard(_("Deals per month"))
        self.activity_card = ChartCard(_("Activity per week"))
        self.source_table = LeadSourceTable()
        table_column = QVBoxLayout()
        table_column.setContentsMargins(0, 6, 0, 0)
        table_column.addWidget(self.source_table)
        table_column.addStretch(1)
        self.sources_card.add_side(table_column, 1)
        self.cards = {
            "funnel": self.funnel_card,
            "lead_sources": self.sources_card,
            "forecast": self.forecast_card,
            "activity": self.activity_card,
        }

        grid_host = QWidget()
        grid_host.setStyleSheet(_card_style())
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        # Six equal columns: the lead sources (chart and table) get two thirds of the top
        # row, the forecast and the activity half of the bottom one each.
        grid.addWidget(self.funnel_card, 0, 0, 1, 2)
        grid.addWidget(self.sources_card, 0, 2, 1, 4)
        grid.addWidget(self.forecast_card, 1, 0, 1, 3)
        grid.addWidget(self.activity_card, 1, 3, 1, 3)
        for column in range(6):
            grid.setColumnStretch(column, 1)
        for row in (0, 1):
            grid.setRowStretch(row, 1)
            grid.setRowMinimumHeight(row, 280)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)

        self.empty_state = EmptyState(
            _("No sales data for this period yet"),
            _(
                "Log presentations and deals, or try “desktop-crm demo” to see what this "
                "tab shows. You can also choose a longer period above."
            ),
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.empty_state)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.period_chooser)
        layout.addWidget(self.pages, 1)

    # ---- what the main window calls ---------------------------------------------------

    def refresh(self) -> None:
        """Read the figures for the chosen period off the GUI thread, then redraw every chart."""
        now = self._clock.now()
        self.period_chooser.set_today(now.date())
        period = self.period_chooser.period()
        tz = now.tzinfo
        self._stale = False

        def read() -> dict[str, object]:
            return {
                "funnel": insights.funnel(period, tz=tz),
                "lead_sources": insights.by_lead_source(period, tz=tz),
                "forecast": insights.deal_forecast(period, tz=tz),
                "activity": insights.activity(period, tz=tz),
            }

        self._runner.query(
            read,
            lambda figures: self._draw(period, figures),
            key=f"insights-{id(self)}",
            parent=self,
        )

    def _draw(self, period: Period, figures: dict[str, object]) -> None:
        self.figures = figures
        fmt = LocaleFormats.current()
        for key, card in self.cards.items():
            card.file_stem = self._file_stem(key, period)
        self._show_funnel(fmt)
        self._show_lead_sources(fmt)
        self._show_forecast(fmt)
        self._show_activity(fmt)
        empty = all(figure.is_empty for figure in self.figures.values())  # type: ignore[attr-defined]
        charts_page = self.pages.widget(0)
        assert charts_page is not None  # the scroll area added first in __init__
        self.pages.setCurrentWidget(self.empty_state if empty else charts_page)
        self.loaded.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Any change can move a figure; redraw now when shown, else on the next show."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @property
    def is_showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty_state

    # ---- the four cards ---------------------------------------------------------------

    def _today(self) -> date:
        return self._clock.now().date()

    @staticmethod
    def _file_stem(key: str, period: insights.Period) -> str:
        names = {
            "funnel": _("funnel"),
            "lead_sources": _("lead-sources"),
            "forecast": _("deals-per-month"),
            "activity": _("activity-per-week"),
        }
        return f"{names[key]}-{period.start.isoformat()}-{period.end.isoformat()}"

    def _show_funnel(self, fmt: LocaleFormats) -> None:
        figures = cast(insights.Funnel, self.figures["funnel"])
        rows = insights.figures_as_rows(figures)
        if figures.is_empty:
            self.funnel_card.show_nothing(rows)
            return
        lead, customer = figures.steps[0].count, figures.steps[2].count
        summary = _("{leads} · {customers} · overall {rate}").format(
            leads=ngettext("{n} new lead", "{n} new leads", lead).format(n=fmt.number(lead)),
            customers=ngettext("{n} new customer", "{n} new customers", customer).format(
                n=fmt.number(customer)
            ),
            rate=fmt.percent(customer / lead) if lead else "–",
        )
        self.funnel_card.show_chart(charts.funnel_chart(figures, fmt), rows, summary)

    def _show_lead_sources(self, fmt: LocaleFormats) -> None:
        figures = cast(insights.LeadSourceFigures, self.figures["lead_sources"])
        rows = insights.figures_as_rows(figures)
        self.source_table.show_figures(figures, fmt)
        if figures.is_empty:
            self.sources_card.show_nothing(rows)
            return
        best = max(
            (r for r in figures.rows if r.conversion is not None and r.leads >= 3),
            key=lambda r: cast(float, r.conversion),  # None was filtered out above
            default=None,
        )
        summary = (
            _("Best conversion: {source} ({rate} of its leads became customers)").format(
                source=best.label, rate=fmt.percent(best.conversion)
            )
            if best is not None and best.conversion is not None and best.customers
            else ""
        )
        self.sources_card.show_chart(charts.lead_source_chart(figures, fmt), rows, summary)

    def _show_forecast(self, fmt: LocaleFormats) -> None:
        figures = cast(insights.DealForecast, self.figures["forecast"])
        rows = insights.figures_as_rows(figures)
        shown = figures.for_currency(fmt.currency)
        if shown is None or shown.is_empty:
            self.forecast_card.show_nothing(rows, self._undated_note(shown, fmt))
            return
        code = shown.currency
        parts = [
            _("Open {open} · weighted {weighted} · won {won}").format(
                open=fmt.money(sum(m.open_minor for m in shown.months), code),
                weighted=fmt.money(sum(m.weighted_minor for m in shown.months), code),
                won=fmt.money(sum(m.won_minor for m in shown.months), code),
            )
        ]
        undated = self._undated_note(shown, fmt)
        if undated:
            parts.append(undated)
        others = [c.currency for c in figures.currencies if c is not shown and not c.is_empty]
        if others:
            parts.append(
                _("Deals in {currencies} are in the CSV export only.").format(
                    currencies=", ".join(others)
                )
            )
        self.forecast_card.show_chart(charts.forecast_chart(shown, fmt), rows, "\n".join(parts))

    @staticmethod
    def _undated_note(shown: insights.CurrencyForecast | None, fmt: LocaleFormats) -> str:
        if shown is None or not shown.undated_open_count:
            return ""
        return ngettext(
            "{n} open deal without an expected close date ({value}) is not shown.",
            "{n} open deals without an expected close date ({value}) are not shown.",
            shown.undated_open_count,
        ).format(
            n=fmt.number(shown.undated_open_count),
            value=fmt.money(shown.undated_open_minor, shown.currency),
        )

    def _show_activity(self, fmt: LocaleFormats) -> None:
        figures = cast(insights.Activity, self.figures["activity"])
        rows = insights.figures_as_rows(figures)
        if figures.is_empty:
            self.activity_card.show_nothing(rows)
            return
        talks = figures.conversation_count
        on_time, late = figures.follow_ups_on_time, figures.follow_ups_late
        summary = ngettext("{n} conversation", "{n} conversations", talks).format(
            n=fmt.number(talks)
        )
        if on_time or late:
            summary += " · " + _("follow-ups done: {on_time} on time, {late} late").format(
                on_time=fmt.number(on_time), late=fmt.number(late)
            )
        self.activity_card.show_chart(charts.activity_chart(figures, fmt), rows, summary)
