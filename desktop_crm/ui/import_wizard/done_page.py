"""Wizard page 5: what the import did, and Undo import."""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from desktop_crm.i18n import _
from desktop_crm.services.importing import UndoResult, undo_batch
from desktop_crm.ui.import_wizard.summaries import import_lines, undo_lines
from desktop_crm.ui.style import error_text_style, success_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.task_thread import TaskThread
    from desktop_crm.ui.import_wizard.wizard import ImportWizard


def bullet_list(lines: list[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul style='margin-left:0; -qt-list-indent:1;'>{items}</ul>"


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self._wizard = wizard
        self._task: TaskThread | None = None
        self.undo_result: UndoResult | None = None
        self.setTitle(_("Import finished"))
        self.setFinalPage(True)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.undo_button = QPushButton(_("Undo import"))
        self.undo_button.setToolTip(
            _("Remove the contacts this import created. Contacts you changed since are kept.")
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.undo_label)
        layout.addStretch(1)

    def initializePage(self) -> None:  # Qt override
        report = self._wizard.report
        if report is None:
            return
        self.setSubTitle(
            _("The contacts from {file} are in your list.").format(
                file=os.path.basename(report.file)
            )
        )
        self.summary_label.setText(
            bullet_list(
                import_lines(
                    report, self._wizard.lead_source, self._wizard.tags, self._wizard.decisions
                )
            )
        )
        self.undo_button.setEnabled(
            report.batch_id is not None and report.contacts_created > 0 or bool(report.merged)
        )
        self.undo_label.setText("")

    def undo(self) -> None:
        report = self._wizard.report
        if report is None or report.batch_id is None or self._task is not None:
            return
        batch_id, clock = report.batch_id, self._wizard.clock
        self.undo_button.setEnabled(False)
        self.undo_label.setStyleSheet("")
        self.undo_label.setText(_("Undoing the import…"))
        self._task = self._wizard.start_task(
            lambda _progress, _cancelled: undo_batch(batch_id, clock=clock),
            succeeded=self._undone,
            failed=self._undo_failed,
        )

    def _undone(self, result: object) -> None:
        self._task = None
        assert isinstance(result, UndoResult)
        self.undo_result = result
        self.undo_label.setStyleSheet(success_text_style() if not result.kept else "")
        self.undo_label.setText("\n".join(undo_lines(result)))
        self._wizard.imported.emit(result.changes)

    def _undo_failed(self, message: str) -> None:
        self._task = None
        self.undo_label.setStyleSheet(error_text_style())
        self.undo_label.setText(message)
        self.undo_button.setEnabled(True)
