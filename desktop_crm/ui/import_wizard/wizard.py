"""The import wizard: what was found, the column mapping, a preview, the run and its summary."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _
from desktop_crm.services.importing import (
    Action,
    ContactRecord,
    ImportPreview,
    ImportReport,
    ImportSource,
    open_import,
)
from desktop_crm.ui.import_wizard import mapping_memory, responsiveness
from desktop_crm.ui.import_wizard.detect_page import DetectPage
from desktop_crm.ui.import_wizard.done_page import DonePage
from desktop_crm.ui.import_wizard.mapping_page import MappingPage
from desktop_crm.ui.import_wizard.page_ids import PageId
from desktop_crm.ui.import_wizard.preview_page import PreviewPage
from desktop_crm.ui.import_wizard.run_page import RunPage
from desktop_crm.ui.import_wizard.task_thread import Task, TaskThread
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.screen_fit import fit_to_screen


class ImportWizard(QWizard):
    """Import one CSV or vCard file. `imported` carries the service's Changes after the
    import commits, and again after an Undo import."""

    imported = Signal(object)  # desktop_crm.services.changes.Changes

    def __init__(
        self,
        path: str | os.PathLike | None,
        *,
        clock: Clock | None = None,
        region: str = "NL",
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        runner: OperationRunner | None = None,
    ):
        super().__init__(parent)
        # With the window's runner the search index is built after the import, in the
        # background; without one (a wizard on its own) within the import's task.
        self.runner = runner
        self.clock: Clock = clock or SystemClock()
        self.region = region or "NL"
        self.settings = settings
        self.source: ImportSource | None = None
        self.open_error: str | None = None
        self.remembered_mapping = False
        self.preview: ImportPreview | None = None
        self.decisions: dict[int, Action] = {}
        self.replacements: dict[int, ContactRecord] = {}
        self.lead_source = ""
        self.tags: list[str] = []
        self.report: ImportReport | None = None
        self._tasks: set[TaskThread] = set()
        self._closing = False

        self.setWindowTitle(_("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # After the import the only way back is Undo import, not the Back button.
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.setMinimumSize(900, 600)
        # Within the screen (1366×768 and 1280×720 too), so Next and Cancel are always visible.
        fit_to_screen(self, 1240, 760)

        self.detect_page = DetectPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        self.done_page = DonePage(self)
        self.setPage(PageId.DETECT, self.detect_page)
        self.setPage(PageId.MAPPING, self.mapping_page)
        self.setPage(PageId.PREVIEW, self.preview_page)
        self.setPage(PageId.RUN, self.run_page)
        self.setPage(PageId.DONE, self.done_page)
        self.setStartId(PageId.DETECT)
        self.finished.connect(lambda _result: responsiveness.thaw())
        if path is not None:
            self.load(path)

    # ---- the file ------------------------------------------------------------------------

    def load(self, path: str | os.PathLike) -> None:
        """Open `path`; a file that cannot be imported leaves a message for the first page."""
        self.source, self.open_error = None, None
        self.preview = None
        self.mapping_changed()
        try:
            self.source = open_import(path, region=self.region)
        except ImportFileError as exc:
            self.open_error = exc.message
            return
        except OSError as exc:
            self.open_error = _("{path} cannot be opened: {reason}").format(
                path=os.fspath(path), reason=exc.strerror or exc
            )
            return
        info = self.source.info()
        saved = mapping_memory.recall(self.settings, info.header_signature, len(info.columns))
        self.remembered_mapping = saved is not None
        if saved is not None:
            self.source.set_mapping(saved)

    def mapping_changed(self) -> None:
        """Rows are read differently now: earlier fixes and choices no longer apply."""
        self.preview = None
        self.decisions.clear()
        self.replacements.clear()

    def nextId(self) -> int:  # Qt override
        current = self.currentId()
        if current == PageId.DETECT and self.source is not None and self.source.header is None:
            return PageId.PREVIEW  # a vCard has no columns to map
        return super().nextId()

    # ---- work off the GUI thread ---------------------------------------------------------

    def start_task(
        self,
        task: Task,
        *,
        progressed: Callable[[object], None] | None = None,
        succeeded: Callable[[object], None] | None = None,
        failed: Callable[[str], None] | None = None,
        cancelled: Callable[[str], None] | None = None,
    ) -> TaskThread:
        thread = TaskThread(task, self)
        for signal, slot in (
            (thread.progressed, progressed),
            (thread.succeeded, succeeded),
            (thread.failed, failed),
            (thread.cancelled, cancelled),
        ):
            if slot is not None:
                signal.connect(self._unless_closing(slot))
        thread.finished.connect(lambda: self._task_finished(thread))
        self._tasks.add(thread)
        responsiveness.begin()
        thread.start()
        return thread

    def _unless_closing(self, slot: Callable) -> Callable:
        def call(value) -> None:
            if not self._closing:
                slot(value)

        return call

    def _task_finished(self, thread: TaskThread) -> None:
        if thread not in self._tasks:
            return
        self._tasks.discard(thread)
        responsiveness.end()
        # The thread object stays the wizard's child (deleted with it): deleting it from
        # its own `finished` signal crashes PySide ("shared QObject was deleted directly").
        thread.wait()
        if self._closing and not self._tasks:
            self._closing = False
            super().reject()

    def busy(self) -> bool:
        return bool(self._tasks)

    def wait_for_tasks(self, timeout_ms: int = 60_000) -> None:
        """Block until the background work has stopped (tests and application exit)."""
        for thread in list(self._tasks):
            thread.wait(timeout_ms)

    def reject(self) -> None:  # Qt override
        """Cancel closes only once running work has stopped (an import has rolled back)."""
        if self._tasks:
            self._closing = True
            for thread in self._tasks:
                thread.request_cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # Qt override
        if self._tasks:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
