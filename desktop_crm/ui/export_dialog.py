"""Export…: CSV, vCard or iCalendar of all contacts, the current filter or the selection.

The file is chosen in a save dialog that starts in the folder used last; the export runs
off the GUI thread with a progress bar and Cancel, and its file appears whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.exporting import ExportResult, export_contacts
from desktop_crm.ui.file_dialogs import save_file
from desktop_crm.ui.import_wizard.task_thread import TaskThread
from desktop_crm.ui.screen_fit import fit_to_screen
from desktop_crm.ui.style import error_text_style

FORMATS = {
    "csv": (".csv", "CSV (*.csv)"),
    "vcf": (".vcf", "vCard (*.vcf)"),
    "ics": (".ics", "iCalendar (*.ics)"),
}


class ExportDialog(QDialog):
    """`scope_ids` maps "filter" and "selection" to their contact ids (None: not available).

    `choose_path(suggested_name, filters)` is the file chooser; tests pass their own."""

    finished_export = Signal(object)  # ExportResult

    def __init__(
        self,
        *,
        filtered_ids: list[int] | None = None,
        selected_ids: list[int] | None = None,
        total: int | None = None,
        clock: Clock | None = None,
        settings: QSettings | None = None,
        choose_path: Callable[[str, str], str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._clock = clock or SystemClock()
        self._settings = settings
        self._choose_path = choose_path or self._ask_path
        self._ids = {"filter": filtered_ids, "selection": selected_ids}
        self._task: TaskThread | None = None
        self.result_value: ExportResult | None = None
        self.setWindowTitle(_("Export contacts"))

        format_box = QGroupBox(_("Format"))
        format_layout = QVBoxLayout(format_box)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for key, text in (
            ("csv", _("&CSV, for a spreadsheet")),
            ("vcf", _("&vCard, for an address book")),
            ("ics", _("&iCalendar: birthdays and follow-ups, for a calendar")),
        ):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.format_group.addButton(button)
            self.format_buttons[key] = button
            format_layout.addWidget(button)
        self.format_buttons["csv"].setChecked(True)

        scope_box = QGroupBox(_("Contacts"))
        scope_layout = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        filtered = len(filtered_ids) if filtered_ids is not None else None
        selected = len(selected_ids) if selected_ids else 0
        for key, text, enabled in (
            (
                "all",
                ngettext("&All contacts ({count})", "&All contacts ({count})", total or 0).format(
                    count=format_number(total)
                )
                if total is not None
                else _("&All contacts"),
                True,
            ),
            (
                "filter",
                ngettext(
                    "The contacts &shown now ({count})",
                    "The contacts &shown now ({count})",
                    filtered or 0,
                ).format(count=format_number(filtered or 0)),
                filtered is not None,
            ),
            (
                "selection",
                ngettext(
                    "The se&lected contact ({count})", "The se&lected contacts ({count})", selected
                ).format(count=format_number(selected)),
                selected > 0,
            ),
        ):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setEnabled(enabled)
            self.scope_group.addButton(button)
            self.scope_buttons[key] = button
            scope_layout.addWidget(button)
        self.scope_buttons["selection" if selected > 1 else "all"].setChecked(True)
        # What `export --include-archived` does on the command line; the list never shows
        # archived contacts, so only "All contacts" can take them along.
        self.archived_check = QCheckBox(_("Include a&rchived contacts"))
        self.archived_check.setAccessibleName(_("Include archived contacts"))
        scope_layout.addWidget(self.archived_check)
        self.scope_buttons["all"].toggled.connect(self.archived_check.setEnabled)
        self.archived_check.setEnabled(self.scope_buttons["all"].isChecked())

        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Export progress"))
        self.progress.setVisible(False)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.setAccessibleName(_("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(_("Cancel"))
        # Qt's standard Cancel took the default when shown: Enter cancelled instead of exporting.
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(format_box)
        layout.addWidget(scope_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 480, 340)

    # --- choices -------------------------------------------------------------------------

    def chosen_format(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())

    def chosen_scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def chosen_ids(self) -> list[int] | None:
        scope = self.chosen_scope()
        return None if scope == "all" else list(self._ids[scope] or [])

    def _ask_path(self, suggested: str, filters: str) -> str:
        return save_file(self, self._settings, "export", _("Export contacts"), suggested, filters)

    # --- running -------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._task is not None

    def start(self) -> bool:
        """Ask for the file, then export off the GUI thread; False when nothing started."""
        if self.busy():
            return False
        fmt = self.chosen_format()
        extension, filters = FORMATS[fmt]
        stamp = self._clock.now().strftime("%Y-%m-%d")
        chosen = self._choose_path(_("contacts") + f"-{stamp}{extension}", filters)
        if not chosen:
            return False
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(extension)
        ids = self.chosen_ids()
        archived = ids is None and self.archived_check.isChecked()
        clock = self._clock
        total = len(ids) if ids is not None else 0
        self.progress.setRange(0, total)  # 0..0: a busy bar when the total is not known
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.message_label.setStyleSheet("")
        self.message_label.setText(_("Exporting to {path}…").format(path=target))
        self.export_button.setEnabled(False)

        def task(progress, cancelled):
            return export_contacts(
                target,
                fmt,
                clock=clock,
                contact_ids=ids,
                include_archived=archived,
                progress=progress,
                cancelled=cancelled,
            )

        thread = TaskThread(task, self)
        thread.progressed.connect(self._on_progress)
        thread.succeeded.connect(self._on_success)
        thread.failed.connect(self._on_failure)
        thread.cancelled.connect(self._on_failure)
        thread.finished.connect(self._on_finished)
        self._task = thread
        thread.start()
        return True

    def _on_progress(self, done: object) -> None:
        if isinstance(done, int) and self.progress.maximum():
            self.progress.setValue(done)

    def _on_success(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.result_value = result
        if result.format == "ics":
            text = ngettext(
                "Exported {count} event to {path}.",
                "Exported {count} events to {path}.",
                result.events,
            ).format(count=format_number(result.events), path=result.path)
        else:
            text = ngettext(
                "Exported {count} contact to {path}.",
                "Exported {count} contacts to {path}.",
                result.contacts,
            ).format(count=format_number(result.contacts), path=result.path)
        self.message_label.setText(text)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.finished_export.emit(result)

    def _on_failure(self, message: str) -> None:
        self.message_label.setStyleSheet(error_text_style())
        self.message_label.setText(message)
        self.progress.setVisible(False)

    def _on_finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.wait()  # kept as a child: deleting a QThread from its own `finished` crashes PySide
        self.export_button.setEnabled(True)
        if self.result_value is not None:
            self.cancel_button.setText(_("Close"))
            self.cancel_button.setAccessibleName(_("Close"))

    def wait(self, timeout_ms: int = 60_000) -> None:
        """For tests and shutdown: block until a running export has finished."""
        if self._task is not None:
            self._task.wait(timeout_ms)

    def cancel(self) -> None:
        """Cancel stops a running export (no file is written); otherwise it closes."""
        if self._task is not None:
            self._task.request_cancel()
            self.message_label.setText(_("Cancelling…"))
            return
        self.reject()

    def reject(self) -> None:  # Qt override: Escape and the window's close button
        if self._task is not None:
            self._task.request_cancel()
            self._task.wait()
        super().reject()
