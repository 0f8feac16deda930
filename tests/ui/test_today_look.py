"""Today's look is painted, not styled, as the boards' (tests/ui/test_board_look.py): no style
sheet on its rows, and still the white sections, the lines between rows and the late dates."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.followups import add_follow_up
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.boards.theme import colours
from desktop_crm.ui.today import section as section_module
from desktop_crm.ui.today.section import ItemRow
from desktop_crm.ui.today.today_view import TodayView
from tests.ui.event_probes import PaintCounter, python_calls_for_events


def _view(qtbot, clock, runner, settle) -> TodayView:
    contact = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id
    add_follow_up(contact, clock.now() - timedelta(days=2), "Send the offer", clock=clock)
    add_follow_up(contact, clock.now() - timedelta(days=3), "Call back", clock=clock)
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    view.resize(900, 700)
    settle()
    return view


def _colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.WindowText)


def test_no_part_of_today_carries_a_style_sheet(qtbot, db, clock, runner, settle):
    view = _view(qtbot, clock, runner, settle)

    assert view.overdue.rows
    # The empty state's hint is one label with its own colour; nothing else.
    styled = [w for w in [view, *view.findChildren(QWidget)] if w.styleSheet()]
    assert styled == [view.empty_state.hint_label]


def test_sections_are_white_panels_with_a_line_above_each_row(qtbot, db, clock, runner, settle):
    view = _view(qtbot, clock, runner, settle)

    section = view.overdue.grab().toImage()
    assert section.pixelColor(section.width() // 2, 3).name() == colours()["card"]
    assert section.pixelColor(section.width() // 2, 0).name() == colours()["card_border"]
    row = view.overdue.rows[1].grab().toImage()
    assert row.pixelColor(row.width() // 2, 0).name() == colours()["column_border"]
    assert row.pixelColor(row.width() // 2, 2).name() != colours()["column_border"]


def test_row_texts_keep_their_weights_and_an_overdue_date_is_late(qtbot, db, clock, runner, settle):
    view = _view(qtbot, clock, runner, settle)

    row = view.overdue.rows[0]
    assert row.primary_label.font().weight() == QFont.Weight.DemiBold
    assert _colour(row.secondary_label) == QColor(colours()["muted"])
    assert _colour(row.meta_label) == QColor(colours()["late"])
    assert view.heading.font().pointSizeF() == 18


def test_a_rows_ordinary_events_run_no_python(qtbot):
    row = ItemRow(1, "Sanne de Wit", "Send the offer")
    qtbot.addWidget(row)

    assert python_calls_for_events(row, section_module) == []


def test_the_mouse_over_a_row_lights_it_up(qtbot):
    row = ItemRow(1, "Sanne de Wit", "Send the offer")
    qtbot.addWidget(row)
    row.resize(400, row.sizeHint().height())
    row.show()
    qtbot.waitExposed(row)
    resting = row.grab().toImage().pixelColor(row.width() - 3, row.height() // 2)
    QApplication.processEvents()
    paints = PaintCounter(row)

    QTest.mouseMove(row, row.rect().center())
    qtbot.waitUntil(lambda: row.underMouse() and paints.count > 0)
    lit = row.grab().toImage().pixelColor(row.width() - 3, row.height() // 2)
    assert lit.name() == colours()["drop"] != resting.name()
