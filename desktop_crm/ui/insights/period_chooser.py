"""Choosing the Insights period: this month, quarter or year, the last 12 months, or custom."""

from __future__ import annotations

from datetime import date

from babel import dates as babel_dates
from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.insights import Period
from desktop_crm.ui.style import muted_text_style

PRESETS = ("this_month", "this_quarter", "this_year", "last_12_months", "custom")
DEFAULT_PRESET = "last_12_months"


def _preset_label(key: str) -> str:
    return {
        "this_month": _("This month"),
        "this_quarter": _("This quarter"),
        "this_year": _("This year"),
        "last_12_months": _("Last 12 months"),
        "custom": _("Custom…"),
    }[key]


def preset_period(key: str, today: date) -> Period:
    return {
        "this_month": Period.this_month,
        "this_quarter": Period.this_quarter,
        "this_year": Period.this_year,
        "last_12_months": Period.last_12_months,
    }[key](today)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodChooser(QWidget):
    period_changed = Signal(object)  # Period

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.preset_box = QComboBox()
        for key in PRESETS:
            self.preset_box.addItem(_preset_label(key), key)
        self.preset_box.setCurrentIndex(PRESETS.index(DEFAULT_PRESET))
        locale = QLocale(str(LocaleFormats.current().locale))
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setLocale(locale)
            edit.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat))
        first = preset_period(DEFAULT_PRESET, today)
        self.from_edit.setDate(_qdate(first.start))
        self.to_edit.setDate(_qdate(first.end))
        self.to_label = QLabel(_("to"))
        self.range_label = QLabel()
        self.range_label.setStyleSheet(muted_text_style())

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        period_label = QLabel(_("Period:"))
        period_label.setBuddy(self.preset_box)
        layout.addWidget(period_label)
        layout.addWidget(self.preset_box)
        layout.addWidget(self.from_edit)
        layout.addWidget(self.to_label)
        layout.addWidget(self.to_edit)
        layout.addWidget(self.range_label)
        layout.addStretch(1)

        self.preset_box.currentIndexChanged.connect(self._preset_chosen)
        self.from_edit.dateChanged.connect(self._custom_changed)
        self.to_edit.dateChanged.connect(self._custom_changed)
        self._show_custom(False)
        self._update_range_label()

    @property
    def preset(self) -> str:
        return self.preset_box.currentData()

    def set_today(self, today: date) -> None:
        """A new day (the app stayed open overnight): presets move with it."""
        self._today = today
        self._update_range_label()

    def choose(self, preset: str) -> None:
        self.preset_box.setCurrentIndex(PRESETS.index(preset))

    def set_custom(self, period: Period) -> None:
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentIndex(PRESETS.index("custom"))
        self.preset_box.blockSignals(False)
        self._set_dates(period)
        self._show_custom(True)
        self.period_changed.emit(self.period())

    def _set_dates(self, period: Period) -> None:
        for edit, day in ((self.from_edit, period.start), (self.to_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def period(self) -> Period:
        if self.preset != "custom":
            return preset_period(self.preset, self._today)
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        return Period(min(start, end), max(start, end))

    def _show_custom(self, visible: bool) -> None:
        for widget in (self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(visible)
        self.range_label.setVisible(not visible)

    def _preset_chosen(self) -> None:
        if self.preset == "custom":
            # Start from what was shown, so a small change is a small edit.
            self._set_dates(self._last_preset_period)
        self._show_custom(self.preset == "custom")
        self._update_range_label()
        self.period_changed.emit(self.period())

    def _custom_changed(self) -> None:
        if self.preset == "custom":
            self.period_changed.emit(self.period())

    def _update_range_label(self) -> None:
        if self.preset == "custom":
            return
        self._last_preset_period = period = self.period()
        self.range_label.setText(
            babel_dates.format_interval(
                period.start, period.end, "yMMMd", locale=LocaleFormats.current().locale
            )
        )
