"""Wizard page 4: the import runs off the GUI thread with a progress bar and Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.importing import ImportReport, run_import
from desktop_crm.ui.import_wizard.page_ids import PageId
from desktop_crm.ui.import_wizard.search_later import index_in_background
from desktop_crm.ui.style import error_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.task_thread import TaskThread
    from desktop_crm.ui.import_wizard.wizard import ImportWizard


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self._wizard = wizard
        self._task: TaskThread | None = None
        self.setTitle(_("Importing"))
        self.setSubTitle(_("The contacts are added in one go: if you cancel, nothing is changed."))
        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(_("Cancel import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.back_button = QPushButton(_("Back to the preview"))
        self.back_button.clicked.connect(self._back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def initializePage(self) -> None:  # Qt override
        self.start()

    def isComplete(self) -> bool:  # Qt override
        return False  # the page moves on by itself when the import has committed

    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        wizard = self._wizard
        source = wizard.source
        assert source is not None
        wizard.report = None
        self.progress.setValue(0)
        self.status_label.setText(_("Starting…"))
        self.message_label.setText("")
        self.message_label.setStyleSheet("")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.back_button.setVisible(False)
        lead_source = wizard.lead_source
        tags = list(wizard.tags)
        decisions = dict(wizard.decisions)
        replacements = dict(wizard.replacements)
        clock = wizard.clock
        define = wizard.mapping_page.fields_to_define() if source.header is not None else []
        index_search = wizard.runner is None
        self._task = wizard.start_task(
            lambda progress, cancelled: run_import(
                source,
                progress=progress,
                cancel=cancelled,
                lead_source=lead_source,
                tags=tags,
                decisions=decisions,
                replacements=replacements,
                clock=clock,
                define_fields=define,
                index_search=index_search,
            ),
            progressed=self._progressed,
            succeeded=self._succeeded,
            failed=self._failed,
            cancelled=self._cancelled,
        )

    def cancel(self) -> None:
        if self._task is not None:
            self._task.request_cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(_("Cancelling… the changes are being rolled back."))

    def _progressed(self, progress) -> None:
        self.progress.setValue(int(progress.fraction * 1000))
        self.status_label.setText(_("{n} records read…").format(n=format_number(progress.records)))

    def _succeeded(self, report: object) -> None:
        self._task = None
        assert isinstance(report, ImportReport)
        self._wizard.report = report
        self.progress.setValue(1000)
        if self._wizard.runner is not None:
            index_in_background(self._wizard.runner)
        self._wizard.imported.emit(report.changes)
        self._wizard.next()

    def _stopped(self, message: str, style: str) -> None:
        self._task = None
        self.status_label.setText("")
        self.message_label.setText(message)
        self.message_label.setStyleSheet(style)
        self.cancel_button.setVisible(False)
        self.back_button.setVisible(True)

    def _cancelled(self, message: str) -> None:
        self._stopped(message, "")

    def _failed(self, message: str) -> None:
        self._stopped(message, error_text_style())

    def _back(self) -> None:
        # The preview is a commit page, so Qt hides Back; returning to it is safe here
        # because nothing was written.
        if self._wizard.currentId() == PageId.RUN and self._task is None:
            self._wizard.back()
