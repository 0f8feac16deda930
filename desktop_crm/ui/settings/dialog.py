"""Settings…: one dialog with tabs; preferences apply at once, a new language offers a restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services import reminders
from desktop_crm.services.sales_defaults import load_sales_defaults, save_sales_defaults
from desktop_crm.ui import autostart
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.screen_fit import fit_to_screen
from desktop_crm.ui.settings.criteria_tab import CriteriaTab
from desktop_crm.ui.settings.custom_fields_tab import CustomFieldsTab
from desktop_crm.ui.settings.general_tab import GeneralTab
from desktop_crm.ui.settings.pipeline_tab import PipelineTab
from desktop_crm.ui.settings.preferences import (
    Preferences,
    apply_formatting,
    load_preferences,
    needs_restart,
    save_preferences,
)
from desktop_crm.ui.settings.reminders_tab import RemindersTab
from desktop_crm.ui.style import error_text_style
from desktop_crm.ui.sync.settings_tab import SyncTab


class SettingsDialog(FormDialog):
    """`applied(Preferences)` after OK or Apply; `criteria_changed(Changes)` at each edit;
    (the pipeline tab's edits travel on `criteria_changed` too);
    `restart_requested()` when the user accepts the restart a new language needs."""

    applied = Signal(object)
    criteria_changed = Signal(object)
    restart_requested = Signal()

    def __init__(
        self,
        *,
        settings: QSettings | None,
        clock: Clock | None = None,
        ask_restart: bool = True,
        sync_folder: Path | None = None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._settings = settings
        self._clock = clock or SystemClock()
        self._ask_restart = ask_restart
        self.preferences = load_preferences(settings)
        self.restart_needed = False
        self.setWindowTitle(_("Settings"))

        self.tabs = QTabWidget()
        self.general = GeneralTab(self.preferences)
        self.reminders = RemindersTab(reminders.load_settings(), load_sales_defaults())
        self.criteria = CriteriaTab()
        self.criteria.changed.connect(self.criteria_changed.emit)
        self.custom_fields = CustomFieldsTab()
        self.custom_fields.changed.connect(self.criteria_changed.emit)
        self.pipeline = PipelineTab()
        self.pipeline.changed.connect(self.criteria_changed.emit)
        self.tabs.addTab(self.general, _("General"))
        self.tabs.addTab(self.reminders, _("Reminders and follow-ups"))
        self.tabs.addTab(self.criteria, _("Qualification"))
        self.tabs.addTab(self.custom_fields, _("Custom fields"))
        self.tabs.addTab(self.pipeline, _("Deal pipeline"))
        self.sync: SyncTab | None = None
        if sync_folder is not None:  # the data folder, where a password without keyring lives
            self.sync = SyncTab(sync_folder)
            self.tabs.addTab(self.sync, _("Sync"))
        self.tabs.setAccessibleName(_("Settings"))
        # The lists' writes go through the window's runner (its writer thread); opened from
        # the window without one named, the window's own.
        runner = runner if runner is not None else getattr(parent, "runner", None)
        for editor in (self.criteria.editor, self.custom_fields.editor, self.pipeline.editor):
            editor.runner = runner if isinstance(runner, OperationRunner) else None

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Apply
        )
        # Closing keeps what was typed (as OK); only Discard throws it away.
        self.add_discard_button(self.buttons)
        for which, name in (
            (QDialogButtonBox.StandardButton.Ok, _("OK")),
            (QDialogButtonBox.StandardButton.Apply, _("Apply")),
        ):
            self.buttons.button(which).setAccessibleName(name)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        # Enter is OK: Apply must not take the default when the dialog shows.
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 800, 520)  # five tabs side by side, in Dutch too

    def save_button(self) -> QPushButton | None:  # FormDialog: closing with changes is OK
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def apply(self) -> bool:
        """Save and apply every tab; a value refused by a service is shown and nothing else lost."""
        chosen = self.general.preferences()
        try:
            reminders.save_settings(
                card_days=self.reminders.card_days_spin.value(),
                alarm_time=self.reminders.alarm_time_text(),
            )
            save_sales_defaults(
                not_ready_days=self.reminders.not_ready_spin.value(),
                no_months=self.reminders.no_spin.value(),
            )
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return False
        self.error_label.setVisible(False)
        old = self.preferences
        if self._settings is not None:
            save_preferences(self._settings, chosen)
            if (chosen.start_at_login, chosen.start_minimized) != (
                old.start_at_login,
                old.start_minimized,
            ):
                autostart.sync_with_settings(self._settings)
        apply_formatting(chosen)
        self.restart_needed = self.restart_needed or needs_restart(old, chosen)
        self.preferences = chosen
        self.applied.emit(chosen)
        return True

    def accept(self) -> None:  # Qt override
        if not self.apply():
            return
        super().accept()
        if self.restart_needed and self._ask_restart:
            self._offer_restart()

    def _offer_restart(self) -> None:
        answer = QMessageBox.question(
            self.parentWidget(),
            _("Settings"),
            _("The new language is used after a restart. Restart Desktop CRM now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restart_requested.emit()

    def chosen(self) -> Preferences:
        return self.general.preferences()
