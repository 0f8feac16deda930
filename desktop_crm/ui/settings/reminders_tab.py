"""Settings › Reminders: the alarm time of day, the card lead days, and the sales defaults."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QFormLayout, QSpinBox, QTimeEdit, QWidget

from desktop_crm.domain.alarms import MAX_CARD_DAYS
from desktop_crm.i18n import _
from desktop_crm.services.reminders import ReminderSettings
from desktop_crm.services.sales_defaults import MAX_NO_MONTHS, MAX_NOT_READY_DAYS, SalesDefaults
from desktop_crm.ui.form_rows import add_named_row


class RemindersTab(QWidget):
    """Shows the defaults until `show_values` brings the stored ones (read on a worker)."""

    def __init__(
        self,
        reminders: ReminderSettings | None = None,
        defaults: SalesDefaults | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        form = QFormLayout(self)
        self.alarm_time_edit = QTimeEdit()
        self.alarm_time_edit.setDisplayFormat("HH:mm")
        add_named_row(
            form, _("Birthday and re-contact &alarms at:"), self.alarm_time_edit, _("Alarm time")
        )
        self.card_days_spin = QSpinBox()
        self.card_days_spin.setRange(0, MAX_CARD_DAYS)
        self.card_days_spin.setSuffix(_(" days before"))
        add_named_row(
            form,
            _("Send a birthday &card reminder:"),
            self.card_days_spin,
            _("Birthday card lead days"),
        )
        self.not_ready_spin = QSpinBox()
        self.not_ready_spin.setRange(1, MAX_NOT_READY_DAYS)
        self.not_ready_spin.setSuffix(_(" days later"))
        add_named_row(
            form,
            _("After “Not ready”, &follow up:"),
            self.not_ready_spin,
            _("Not ready follow-up days"),
        )
        self.no_spin = QSpinBox()
        self.no_spin.setRange(1, MAX_NO_MONTHS)
        self.no_spin.setSuffix(_(" months later"))
        add_named_row(
            form, _("After “No”, co&ntact again:"), self.no_spin, _("No re-contact months")
        )

        self.show_values(reminders or ReminderSettings(), defaults or SalesDefaults())

    def show_values(self, reminders: ReminderSettings, defaults: SalesDefaults) -> None:
        self.alarm_time_edit.setTime(QTime(reminders.alarm_time.hour, reminders.alarm_time.minute))
        self.card_days_spin.setValue(reminders.card_days)
        self.not_ready_spin.setValue(defaults.not_ready_days)
        self.no_spin.setValue(defaults.no_months)

    def alarm_time_text(self) -> str:
        return self.alarm_time_edit.time().toString("HH:mm")
