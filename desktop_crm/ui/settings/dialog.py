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
from desktop_crm.services.changes import Changes
from desktop_crm.services.sales_defaults import SalesDefaults, load_sales_defaults
from desktop_crm.services.settings_save import save_reminders_and_defaults
from desktop_crm.ui import autostart
from desktop_crm.ui.form_dialog import FormDialog, form_state
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

        # What is read from the database (the reminders, the defaults, the lists) and
        # written goes through the window's runner, off the GUI thread; opened from the
        # window without one named, the window's own.
        found = runner if runner is not None else getattr(parent, "runner", None)
        runner = found if isinstance(found, OperationRunner) else None
        self.loaded = False  # the stored reminders and defaults are shown (OK may save them)
        self._apply_when_loaded: bool | None = None  # asked before: then_close
        self.read_refused = False
        self.tabs = QTabWidget()
        self.general = GeneralTab(self.preferences)
        self.reminders = RemindersTab()
        self.criteria = CriteriaTab(runner=runner)
        self.criteria.changed.connect(self.criteria_changed.emit)
        self.custom_fields = CustomFieldsTab(runner=runner)
        self.custom_fields.changed.connect(self.criteria_changed.emit)
        self.pipeline = PipelineTab(runner=runner)
        self.pipeline.shown.connect(lambda: self._came_in(self.pipeline))
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
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(
            lambda: self.apply()
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 800, 520)  # five tabs side by side, in Dutch too
        self._read_reminders(runner)

    def _read_reminders(self, runner: OperationRunner | None) -> None:
        """The stored reminders and defaults; until they are in, their tab and OK/Apply are
        off (saving the defaults shown meanwhile would overwrite the user's)."""

        def work() -> tuple[reminders.ReminderSettings, SalesDefaults]:
            return reminders.load_settings(), load_sales_defaults()

        if runner is None:
            self._show_reminders(work())
            return
        self._set_loaded(False)
        runner.query(
            work,
            self._show_reminders,
            parent=self,
            on_failure=self._reminders_refused,
            explains=True,
        )

    def _set_loaded(self, loaded: bool) -> None:
        self.loaded = loaded
        self.reminders.setEnabled(loaded)
        for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
            self.buttons.button(which).setEnabled(loaded)

    def _show_reminders(self, values: tuple[reminders.ReminderSettings, SalesDefaults]) -> None:
        self.reminders.show_values(*values)
        self._set_loaded(True)
        self._came_in(self.reminders)
        asked, self._apply_when_loaded = self._apply_when_loaded, None
        if asked is not None:
            self.apply(then_close=asked)

    def _came_in(self, tab: QWidget) -> None:
        """Values read after the dialog was shown are not typed by anyone: closing keeps
        nothing for them."""
        if self._opened_with is not None:
            self._opened_with.update(form_state(tab))

    def _reminders_refused(self, message: str) -> None:
        """Nothing can be saved without them: said below the tabs; Discard closes."""
        self._apply_when_loaded = None
        self.read_refused = True
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def save_button(self) -> QPushButton | None:  # FormDialog: closing with changes is OK
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def apply(self, *, then_close: bool = False) -> bool:
        """Save and apply every tab; a value refused by a service is shown and nothing else lost.
        With a runner the database part is one transaction on the writer thread: True means
        it was sent, and the dialog applies (and with `then_close` closes) when it is in."""
        if not self.loaded:  # OK and Apply are off; Enter or a program asked: apply when in
            if self.read_refused:
                return False  # they will not come: nothing can be saved
            self._apply_when_loaded = then_close or bool(self._apply_when_loaded)
            return True
        chosen = self.general.preferences()
        tab = self.reminders
        card_days, alarm_time = tab.card_days_spin.value(), tab.alarm_time_text()
        not_ready_days, no_months = tab.not_ready_spin.value(), tab.no_spin.value()

        def work() -> Changes:
            return save_reminders_and_defaults(
                card_days=card_days,
                alarm_time=alarm_time,
                not_ready_days=not_ready_days,
                no_months=no_months,
            )

        runner = self.criteria.editor.runner
        if runner is None:
            try:
                work()
            except UserError as exc:
                self._refused(exc.message)
                return False
            self._saved(chosen, then_close)
            return True
        if self.sending:
            return False  # the first OK or Apply is on its way: a second sends nothing
        self.sending = True
        self.buttons.setEnabled(False)
        runner.mutate(
            work,
            lambda _changes: self._saved(chosen, then_close),
            parent=self,
            on_failure=self._refused,
            explains=True,
        )
        return True

    def _refused(self, message: str) -> None:
        self.sending = False
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def _saved(self, chosen: Preferences, then_close: bool) -> None:
        self.sending = False
        self.buttons.setEnabled(True)
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
        if then_close:
            super().accept()
            if self.restart_needed and self._ask_restart:
                self._offer_restart()

    def accept(self) -> None:  # Qt override
        self.apply(then_close=True)

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
