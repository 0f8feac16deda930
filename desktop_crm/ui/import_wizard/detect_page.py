"""Wizard page 1: what the file is (kind, encoding, delimiter) and how many records it holds."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.importing.counting import count_records
from desktop_crm.ui.file_dialogs import open_file
from desktop_crm.ui.import_wizard.labels import (
    delimiter_label,
    encoding_label,
    flavour_label,
    format_label,
)
from desktop_crm.ui.style import error_text_style, muted_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.task_thread import TaskThread
    from desktop_crm.ui.import_wizard.wizard import ImportWizard


class DetectPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self._wizard = wizard
        self._count_task: TaskThread | None = None
        self._generation = 0  # results of a count started for an earlier file are dropped
        self.setTitle(_("Import contacts"))

        self.file_label = QLabel()
        self.kind_label = QLabel()
        self.encoding_label = QLabel()
        self.delimiter_label = QLabel()
        self.header_label = QLabel()
        self.records_label = QLabel()
        self.region_label = QLabel()
        form = QFormLayout()
        form.addRow(_("File:"), self.file_label)
        form.addRow(_("Exported by:"), self.kind_label)
        form.addRow(_("Text encoding:"), self.encoding_label)
        form.addRow(_("Columns separated by:"), self.delimiter_label)
        form.addRow(_("Column names on line:"), self.header_label)
        form.addRow(_("Records:"), self.records_label)
        form.addRow(_("Phone numbers without a country code:"), self.region_label)
        self._form = form

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(muted_text_style())

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.error_label)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:  # Qt override
        self._show()

    def cleanupPage(self) -> None:  # Qt override
        self._stop_counting()

    def isComplete(self) -> bool:  # Qt override
        return self._wizard.source is not None

    def _show(self) -> None:
        self._stop_counting()
        wizard = self._wizard
        source = wizard.source
        for label in (
            self.kind_label,
            self.encoding_label,
            self.delimiter_label,
            self.header_label,
            self.records_label,
            self.region_label,
        ):
            label.setText("")
        # Opened without a file (File › Import contacts…), or on one it cannot read: what to
        # choose, in the page's own words, and no empty "File:", "Records:" … lines.
        if source is None:
            self.setSubTitle(
                _(
                    "Choose the file with your contacts: CSV, vCard, Excel (.xlsx) "
                    "or OpenDocument (.ods)."
                )
            )
        else:
            self.setSubTitle(_("This is what the file looks like. Check it, then choose Next."))
        chosen = source is not None or wizard.open_error is not None
        self.choose_button.setText(_("Choose another file…") if chosen else _("Choose a file…"))
        self.error_label.setVisible(source is None and chosen)
        self.note_label.setVisible(False)
        for row in range(self._form.rowCount()):
            self._form.setRowVisible(row, source is not None)
        if source is None:
            self.file_label.setText("")
            self.error_label.setText(wizard.open_error or "")
            self.completeChanged.emit()
            return
        info = source.info()
        self.file_label.setText(os.path.basename(info.path))
        self.file_label.setToolTip(info.path)
        self.kind_label.setText(
            _("{kind} ({format})").format(
                kind=flavour_label(info.flavour), format=format_label(info.format)
            )
        )
        self.encoding_label.setText(encoding_label(info.encoding))
        self.delimiter_label.setText(delimiter_label(info.delimiter))
        self.header_label.setText(str(info.header_line) if info.header_line else "—")
        self.records_label.setText(_("Counting…"))
        self.region_label.setText(_("Taken to be from {region}").format(region=wizard.region))
        if wizard.remembered_mapping:
            self.note_label.setText(
                _(
                    "You imported a file with these columns before; your column choices "
                    "from then are used again."
                )
            )
            self.note_label.setVisible(True)
        self._generation += 1
        generation = self._generation
        self._count_task = wizard.start_task(
            lambda progress, cancelled: count_records(source, progress, cancelled),
            succeeded=lambda n: self._counted(n) if generation == self._generation else None,
            failed=lambda m: self._count_failed(m) if generation == self._generation else None,
        )
        self.completeChanged.emit()

    def _counted(self, count: object) -> None:
        self._count_task = None
        assert isinstance(count, int)
        n = count
        self.records_label.setText(
            ngettext("{n} record", "{n} records", n).format(n=format_number(n))
        )

    def _count_failed(self, message: str) -> None:
        self._count_task = None
        self.records_label.setText("—")
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def _stop_counting(self) -> None:
        self._generation += 1
        if self._count_task is not None:
            self._count_task.request_cancel()
            self._count_task = None

    def _choose_file(self) -> None:
        path = open_file(
            self,
            self._wizard.settings,
            "import",
            _("Import contacts"),
            _("Contact files (*.csv *.vcf *.vcard *.xlsx *.ods);;All files (*)"),
        )
        if path:
            self._wizard.load(path)
            self._show()
