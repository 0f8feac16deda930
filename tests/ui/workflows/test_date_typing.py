"""Date and time fields take a date typed in one go and keep it as typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop_crm.ui.date_fields import TypedDateEdit, TypedDateTimeEdit
from desktop_crm.ui.style import DATE_FORMAT, DATE_TIME_FORMAT


@pytest.fixture
def form(qtbot):
    holder = QWidget()
    layout = QVBoxLayout(holder)
    moment = TypedDateTimeEdit(QDateTime(QDate(2026, 3, 24), QTime(10, 0)))
    moment.setDisplayFormat(DATE_TIME_FORMAT)
    day = TypedDateEdit(QDate(2026, 3, 24))
    day.setDisplayFormat(DATE_FORMAT)
    after = QLineEdit()
    for widget in (moment, day, after):
        layout.addWidget(widget)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    yield moment, day
    holder.close()


def _type(qtbot, widget, text, finish=Qt.Key.Key_Tab):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, finish)


@pytest.mark.parametrize(
    "typed",
    ["30 Nov 2026 13:57", "30-11-2026 13:57", "30/11/2026 13:57", "2026-11-30 13:57"],
)
def test_a_date_and_time_typed_in_one_go_stays(qtbot, form, typed):
    moment, _day = form
    _type(qtbot, moment, typed)
    assert moment.dateTime() == QDateTime(QDate(2026, 11, 30), QTime(13, 57))
    assert "30 Nov 2026" in moment.text() and "13:57" in moment.text()


def test_enter_reads_the_typed_date_too(qtbot, form):
    moment, _day = form
    _type(qtbot, moment, "1 Dec 2026 9:05", finish=Qt.Key.Key_Return)
    assert moment.dateTime() == QDateTime(QDate(2026, 12, 1), QTime(9, 5))


def test_a_date_without_a_time_keeps_the_time(qtbot, form):
    moment, _day = form
    _type(qtbot, moment, "30-11-2026")
    assert moment.dateTime() == QDateTime(QDate(2026, 11, 30), QTime(10, 0))


def test_text_that_is_no_date_puts_the_old_value_back(qtbot, form):
    moment, day = form
    _type(qtbot, moment, "31 Feb 2026 10:00")
    assert moment.dateTime() == QDateTime(QDate(2026, 3, 24), QTime(10, 0))
    assert moment.text().startswith("24 Mar 2026")


def test_a_date_field_takes_a_typed_date(qtbot, form):
    _moment, day = form
    _type(qtbot, day, "30 Nov 2026")
    assert day.date() == QDate(2026, 11, 30)


def test_the_arrow_keys_still_step(qtbot, form):
    _moment, day = form
    day.setFocus()
    qtbot.keyClick(day, Qt.Key.Key_Up)
    assert day.date() != QDate(2026, 3, 24)
