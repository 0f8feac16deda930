"""The Insights tab offscreen: charts with data, the empty state, period changes, exports."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtGui import QImage

from desktop_crm.domain.clock import FixedClock
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import set_language
from desktop_crm.services import conversations, deals, insights
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact, set_stage
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.insights import InsightsView
from desktop_crm.ui.insights.chart_style import funnel_colour
from tests.conftest import AMSTERDAM


def at(month: int, day: int, hour: int = 10) -> FixedClock:
    return FixedClock(datetime(2026, month, day, hour, tzinfo=AMSTERDAM))


@pytest.fixture
def sales(db):
    """Three contacts this year (the clock says 10 March 2026): one lead, one prospect, one sale."""
    lead = create_contact(
        ContactDraft(full_name="Lot Lead", lead_source="internet"), clock=at(1, 5)
    )
    prospect = create_contact(
        ContactDraft(full_name="Piet Prospect", lead_source="phone_book"), clock=at(1, 12)
    )
    set_stage([prospect.id], Stage.PROSPECT, clock=at(2, 2))
    buyer = create_contact(
        ContactDraft(full_name="Kim Klant", lead_source="in_person"), clock=at(2, 3)
    )
    set_stage([buyer.id], Stage.PROSPECT, clock=at(2, 10))
    deal = deals.add_deal(
        buyer.id,
        "Onderhoud",
        250_000,
        probability=50,
        expected_close=date(2026, 3, 20),
        clock=at(2, 10),
    )
    deals.add_deal(
        prospect.id,
        "Website",
        80_000,
        probability=20,
        expected_close=date(2026, 4, 15),
        clock=at(2, 11),
    )
    won = next(s for s in deals.pipeline_stages(deals.pipelines()[0][0]) if s.kind == "won")
    deals.move_deal(deal.id, won.id, reason="Ja", clock=at(3, 2))
    for day in (5, 12, 19, 26):
        conversations.log_conversation(lead.id, "call", "Gebeld", clock=at(1, day))
    return {"lead": lead.id, "prospect": prospect.id, "buyer": buyer.id}


@pytest.fixture
def view(qtbot, clock, runner):
    widget = InsightsView(clock, runner)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    return widget


def test_without_data_the_view_shows_the_empty_state(db, view, settle):
    view.show()
    settle()
    assert view.is_showing_empty_state
    assert "No sales data for this period yet" in view.empty_state.title_label.text()
    assert "desktop-crm demo" in view.empty_state.hint_label.text()


def test_with_data_every_card_shows_a_chart(sales, view, settle):
    view.period_chooser.choose("this_year")
    settle()
    view.show()
    settle()
    assert not view.is_showing_empty_state
    for card in view.cards.values():
        assert card.has_chart
        assert card.chart_view.chart().series()
    assert "3 new leads" in view.funnel_card.summary_label.text()
    assert "1 new customer" in view.funnel_card.summary_label.text()
    assert "4 conversations" in view.activity_card.summary_label.text()
    assert view.source_table.rowCount() == 3


def test_changing_the_period_refreshes_the_figures(sales, view, clock, settle):
    view.show()
    settle()
    view.period_chooser.choose("this_month")  # March: only the sale
    settle()
    march = view.figures["funnel"]
    assert march.period == insights.Period(date(2026, 3, 1), date(2026, 3, 31))
    assert [s.count for s in march.steps] == [0, 0, 1, 0]
    assert not view.activity_card.has_chart  # no conversations in March
    assert "Nothing in this period" in view.activity_card.nothing_label.text()

    view.period_chooser.set_custom(insights.Period(date(2025, 1, 1), date(2025, 12, 31)))
    settle()
    assert view.figures["funnel"].period.end == date(2025, 12, 31)
    assert view.is_showing_empty_state

    view.period_chooser.choose("this_quarter")
    settle()
    assert [s.count for s in view.figures["funnel"].steps] == [3, 2, 1, 0]
    assert not view.is_showing_empty_state


def test_custom_period_shows_date_fields_only_when_chosen(view, db, settle):
    view.show()
    settle()
    assert not view.period_chooser.from_edit.isVisible()
    view.period_chooser.choose("custom")
    settle()
    assert view.period_chooser.from_edit.isVisible()
    assert view.period_chooser.period() == insights.Period.last_12_months(date(2026, 3, 10))


def test_csv_export_writes_the_figures_behind_the_chart(sales, view, tmp_path, settle):
    view.period_chooser.choose("this_year")
    settle()
    view.show()
    settle()
    path = view.funnel_card.export_csv(tmp_path / "funnel.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["Stage", "Contacts", "Conversion from the step before (%)"],
        ["Lead", "3", ""],
        ["Prospect", "2", "66.7"],
        ["Customer", "1", "50.0"],
        ["Repeat buyer", "0", "0.0"],
    ]
    forecast = view.forecast_card.export_csv(tmp_path / "deals.csv")
    with open(forecast, encoding="utf-8-sig", newline="") as handle:
        by_month = {row[0]: row for row in csv.reader(handle)}
    assert by_month["2026-03"] == ["2026-03", "EUR", "0", "0.00", "0.00", "1", "2500.00"]
    assert by_month["2026-04"] == ["2026-04", "EUR", "1", "800.00", "160.00", "0", "0.00"]


def test_chart_saves_as_png(sales, view, tmp_path, settle):
    view.period_chooser.choose("this_year")
    view.show()
    settle()
    path = view.sources_card.save_png(tmp_path / "sources.png")
    image = QImage(str(path))
    assert not image.isNull()  # a PNG that Qt reads back
    shown = view.sources_card.chart_view.grab().toImage()
    assert image.size() == shown.size()
    # The bars are in the picture: the lead stage's colour fills some of its pixels.
    lead = funnel_colour("lead").rgb()
    assert any(
        image.pixel(x, y) == lead for x in range(0, image.width(), 2) for y in range(image.height())
    )


def test_changes_while_hidden_wait_for_the_next_show(sales, view, clock, settle):
    view.period_chooser.choose("this_year")
    settle()
    view.show()
    settle()
    view.hide()
    set_stage([sales["lead"]], Stage.PROSPECT, clock=at(3, 9))
    view.apply_changes(Changes(contact_ids={sales["lead"]}, stages=True))
    settle()
    assert [s.count for s in view.figures["funnel"].steps][1] == 2  # not redrawn yet
    view.show()
    settle()
    assert [s.count for s in view.figures["funnel"].steps][1] == 3


def test_shown_view_redraws_on_changes(sales, view, clock, settle):
    view.period_chooser.choose("this_year")
    settle()
    view.show()
    settle()
    clock.advance(timedelta(hours=1))
    conversations.log_conversation(sales["lead"], "meeting", "Koffie", clock=clock)
    view.apply_changes(Changes(contact_ids={sales["lead"]}, conversations=True))
    settle()
    assert view.figures["activity"].conversation_count == 5


def test_builds_in_dutch(sales, qtbot, clock, runner, settle):
    set_language("nl")
    widget = InsightsView(clock, runner)
    qtbot.addWidget(widget)
    widget.period_chooser.choose("this_year")
    settle()
    widget.show()
    settle()
    assert widget.funnel_card.has_chart
    assert "Klant" in widget.figures["funnel"].steps[2].label
