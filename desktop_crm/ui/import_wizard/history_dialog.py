"""Import history: every import with its file, lead source and tags, and Undo per import."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain import lead_sources
from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date, format_datetime, format_number
from desktop_crm.services.importing import BatchInfo, UndoResult, list_batches, undo_batch
from desktop_crm.ui.error_dialog import run_safely
from desktop_crm.ui.import_wizard.labels import flavour_label
from desktop_crm.ui.import_wizard.summaries import undo_lines
from desktop_crm.ui.import_wizard.task_thread import TaskThread
from desktop_crm.ui.read_only_table import read_only_table
from desktop_crm.ui.style import error_text_style

UNDO_COLUMN = 6


def _when(value: object, clock: Clock) -> str:
    """Stored times are UTC without a zone; shown in the user's zone."""
    if not isinstance(value, datetime):
        return str(value or "")
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    return format_datetime(moment, clock.now().tzinfo, length="short")


def _day(value: object, clock: Clock) -> str:
    """The day of a stored time, in the user's zone ("1 Dec 2026")."""
    if not isinstance(value, datetime):
        return str(value or "")
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    return format_date(moment.astimezone(clock.now().tzinfo).date())


def _ask(parent: QWidget) -> Callable[[str], bool]:
    def ask(text: str) -> bool:
        answer = QMessageBox.question(parent, _("Undo import"), text)
        return answer == QMessageBox.StandardButton.Yes

    return ask


class ImportHistoryDialog(QDialog):
    """`undone` carries the service's Changes after an import was undone."""

    undone = Signal(object)

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        confirm: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._clock = clock or SystemClock()
        self._confirm = confirm or _ask(self)
        self._task: TaskThread | None = None
        self._batches: list[BatchInfo] = []
        self.setWindowTitle(_("Import history"))
        self.resize(960, 420)

        self.table = read_only_table(
            [
                _("Imported on"),
                _("File"),
                _("Kind"),
                _("Lead source"),
                _("Tags"),
                _("Contacts"),
                "",
            ],
            accessible_name=_("Import history"),
            stretch=1,
        )
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.empty_label = QLabel(_("Nothing has been imported yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        run_safely(self, self.reload)

    def reload(self) -> None:
        self._batches = list_batches()
        self.table.setRowCount(len(self._batches))
        for row, batch in enumerate(self._batches):
            texts = [
                _when(batch.created_at, self._clock),
                os.path.basename(batch.file_name),
                flavour_label(batch.file_format),
                lead_sources.label(batch.lead_source),
                batch.tags.replace(",", ", "),
                format_number(batch.contacts_created),
            ]
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
            # One button per row, kept for the dialog's life: an undone import's button is
            # disabled and says when, rather than being replaced (deleting cell widgets
            # that Python still wraps crashed PySide).
            button = self.table.cellWidget(row, UNDO_COLUMN)
            if not isinstance(button, QPushButton):
                button = QPushButton()
                button.clicked.connect(lambda _checked=False, r=row: self._undo_row(r))
                self.table.setCellWidget(row, UNDO_COLUMN, button)
            if batch.undone_at is not None:
                button.setText(
                    _("Undone on {when}").format(when=_when(batch.undone_at, self._clock))
                )
                button.setEnabled(False)
                button.setToolTip("")
                button.setAccessibleName("")  # its text says it all
            else:
                button.setText(_("Undo"))
                button.setEnabled(True)
                # A screen reader hears which import, not a column of "Undo, button".
                button.setAccessibleName(
                    _("Undo the import of {file}, {day}").format(
                        file=texts[1], day=_day(batch.created_at, self._clock)
                    )
                )
                button.setToolTip(
                    _("Remove the contacts this import created; contacts changed since are kept.")
                )
        self._tab_through_rows()
        self.table.setVisible(bool(self._batches))
        self.empty_label.setVisible(not self._batches)

    def _tab_through_rows(self) -> None:
        """Tab goes from the table to each row's Undo, top down, then to Close (the cell
        buttons were made after Close, so Qt's order put them last)."""
        previous: QWidget = self.table
        for row in range(self.table.rowCount()):
            button = self.table.cellWidget(row, UNDO_COLUMN)
            if button is not None:
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.close_button)

    def _undo_row(self, row: int) -> None:
        if 0 <= row < len(self._batches):
            self._undo(self._batches[row])

    def undo_button_at(self, row: int) -> QPushButton | None:
        """The row's Undo button while its import can still be undone."""
        widget = self.table.cellWidget(row, UNDO_COLUMN)
        return widget if isinstance(widget, QPushButton) and widget.isEnabled() else None

    def busy(self) -> bool:
        return self._task is not None

    def _undo(self, batch: BatchInfo) -> None:
        if self._task is not None:
            return
        question = ngettext(
            "Remove the {n} contact imported from {file}? Contacts you changed since are kept.",
            "Remove the {n} contacts imported from {file}? Contacts you changed since are kept.",
            batch.contacts_created,
        ).format(n=format_number(batch.contacts_created), file=os.path.basename(batch.file_name))
        if not self._confirm(question):
            return
        clock = self._clock
        self.message_label.setStyleSheet("")
        self.message_label.setText(_("Undoing the import…"))
        self.table.setEnabled(False)
        self._task = TaskThread(lambda _p, _c: undo_batch(batch.id, clock=clock), self)
        self._task.succeeded.connect(self._undone)
        self._task.failed.connect(self._failed)
        self._task.finished.connect(self._finished)
        self._task.start()

    def _undone(self, result: object) -> None:
        assert isinstance(result, UndoResult)
        self.message_label.setText("\n".join(undo_lines(result)))
        self.undone.emit(result.changes)

    def _failed(self, message: str) -> None:
        self.message_label.setStyleSheet(error_text_style())
        self.message_label.setText(message)

    def _finished(self) -> None:
        if self._task is not None:
            # Kept as the dialog's child until the dialog goes: deleting a QThread from
            # its own `finished` crashed PySide at teardown ("shared QObject was deleted").
            self._task.wait()
        self._task = None
        self.table.setEnabled(True)
        run_safely(self, self.reload)

    def reject(self) -> None:  # Qt override
        # An undo is one short transaction: let it end rather than leave a thread behind.
        if self._task is not None:
            self._task.wait()
        super().reject()
