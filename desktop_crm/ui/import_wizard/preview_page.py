"""Wizard page 3: each record's status (counts, filter), inline fixes, lead source and tags."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop_crm.domain import lead_sources
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.importing import Action, ImportPreview, RowStatus, preview_import
from desktop_crm.ui.accessible_names import name_field
from desktop_crm.ui.import_wizard.action_delegate import ActionDelegate
from desktop_crm.ui.import_wizard.labels import STATUS_COLOURS
from desktop_crm.ui.import_wizard.preview_model import Column, PreviewModel, Tally
from desktop_crm.ui.style import is_dark, muted_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.task_thread import TaskThread
    from desktop_crm.ui.import_wizard.wizard import ImportWizard

RECHECK_DELAY_MS = 400  # typing in several cells re-reads the file once, not per cell


def _status_counts_text(status: RowStatus, n: int) -> str:
    count = format_number(n)
    if status == RowStatus.NEW:
        return ngettext("{n} new", "{n} new", n).format(n=count)
    if status == RowStatus.EXACT_DUPLICATE:
        return ngettext("{n} exact duplicate", "{n} exact duplicates", n).format(n=count)
    if status == RowStatus.POSSIBLE_DUPLICATE:
        return ngettext("{n} possible duplicate", "{n} possible duplicates", n).format(n=count)
    return ngettext("{n} rejected", "{n} rejected", n).format(n=count)


def _checked_with_tally(preview: ImportPreview) -> tuple[ImportPreview, Tally]:
    """Counted on the worker thread, so the GUI thread never walks all rows."""
    return preview, Tally(preview.rows)


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self._wizard = wizard
        self._task: TaskThread | None = None
        self._dirty = False  # edited while a check was running: check again when it ends
        self._generation = 0  # a check started before Back/Next may still report: ignored
        self.setTitle(_("Preview"))
        self.setSubTitle(
            _(
                "What happens to each record. Double-click a name or email to correct it; "
                "choose what to do with duplicates in the Action column."
            )
        )
        self.setCommitPage(True)

        self.counts_label = QLabel()
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.filter_combo = QComboBox()
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        show_label = QLabel(_("Show:"))
        show_label.setBuddy(self.filter_combo)  # the filter is read out as "Show"
        top.addWidget(show_label)
        top.addWidget(self.filter_combo)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet(muted_text_style())
        busy = QHBoxLayout()
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)

        self.model = PreviewModel(self)
        self.model.row_fixed.connect(self._row_fixed)
        self.model.decided.connect(self._decided)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Rows of the file"))
        self.table.setItemDelegateForColumn(Column.ACTION, ActionDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (Column.LINE, 46),
            (Column.STATUS, 140),
            (Column.NAME, 170),
            (Column.COMPANY, 150),
            (Column.EMAIL, 215),
            (Column.PHONE, 120),
            (Column.BIRTHDAY, 100),
            (Column.ACTION, 120),
        ):
            self.table.setColumnWidth(column, width)

        self.lead_source_combo = QComboBox()
        self.lead_source_combo.setEditable(True)
        self.lead_source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in lead_sources.SUGGESTIONS:
            self.lead_source_combo.addItem(lead_sources.label(code), code)
        self.lead_source_combo.setCurrentIndex(-1)
        line_edit = self.lead_source_combo.lineEdit()
        assert line_edit is not None  # setEditable(True) gave the combo box its line edit
        line_edit.setPlaceholderText(_("Where these contacts came from"))
        name_field(self.lead_source_combo, _("Lead source for all"))
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(
            _("Separate tags with commas, e.g. bought list: KvK 2026")
        )
        form = QFormLayout()
        form.addRow(_("Lead source for all:"), self.lead_source_combo)
        form.addRow(_("Tags for all:"), self.tags_edit)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(busy)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)

        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self._start_check)
        self._fill_filter({})

    # ---- the check ---------------------------------------------------------------------

    def initializePage(self) -> None:  # Qt override
        self._wizard.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        if self._wizard.preview is None:
            self.model.set_rows([])
            self._start_check()
        else:
            self._show(self._wizard.preview)

    def cleanupPage(self) -> None:  # Qt override
        # Back to the mapping: a running check is for the old mapping.
        self._recheck_timer.stop()
        self._generation += 1
        if self._task is not None:
            self._task.request_cancel()
            self._task = None

    def _start_check(self) -> None:
        wizard = self._wizard
        source = wizard.source
        if source is None:
            return
        if self._task is not None:
            self._dirty = True
            return
        self._dirty = False
        decisions = dict(wizard.decisions)
        replacements = dict(wizard.replacements)
        self.progress.setValue(0)
        self.progress_label.setText(_("Checking the records…"))
        self._set_busy(True)
        self._generation += 1
        generation = self._generation

        def current(slot):
            return lambda value: slot(value) if generation == self._generation else None

        self._task = wizard.start_task(
            lambda progress, cancelled: _checked_with_tally(
                preview_import(
                    source,
                    decisions=decisions,
                    replacements=replacements,
                    progress=progress,
                    cancel=cancelled,
                )
            ),
            progressed=current(self._progressed),
            succeeded=current(self._checked),
            failed=current(self._check_failed),
        )
        self.completeChanged.emit()

    def _progressed(self, progress) -> None:
        self.progress.setValue(int(progress.fraction * 1000))
        self.progress_label.setText(
            _("Checking the records… {n}").format(n=format_number(progress.records))
        )

    def _checked(self, result: object) -> None:
        self._task = None
        if self._dirty:  # the user changed something meanwhile: this result is already old
            self._start_check()
            return
        preview, tally = cast("tuple[ImportPreview, Tally]", result)
        assert isinstance(preview, ImportPreview)
        self._wizard.preview = preview
        self._set_busy(False)
        self._show(preview, tally)

    def _check_failed(self, message: str) -> None:
        self._task = None
        self._set_busy(False)
        self.progress_label.setText(message)
        self.progress_label.setVisible(True)
        self.completeChanged.emit()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)

    def checking(self) -> bool:
        return self._task is not None or self._recheck_timer.isActive()

    # ---- showing -----------------------------------------------------------------------

    def _show(self, preview: ImportPreview, tally: Tally | None = None) -> None:
        selected = self.table.currentIndex()
        line = self.model.row_at(selected.row()).line if selected.isValid() else None
        self.model.set_rows(preview.rows, tally)
        if line is not None and (row := self.model.row_of_line(line)) is not None:
            self.table.setCurrentIndex(self.model.index(row, selected.column()))
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self.model.counts()
        dark = is_dark()
        chips = []
        for status in RowStatus:
            background = STATUS_COLOURS[status][1 if dark else 0]
            chips.append(
                f'<span style="background:{background};">&nbsp;'
                f"{html.escape(_status_counts_text(status, counts.get(status, 0)))}&nbsp;</span>"
            )
        total = sum(counts.values())
        heading = html.escape(
            ngettext("{n} record:", "{n} records:", total).format(n=format_number(total))
        )
        markup = f"<b>{heading}</b> &nbsp;" + " &nbsp;".join(chips)  # not user-visible: markup
        if warned := self.model.warned():
            note = ngettext(
                "{n} with something left out (see Details)",
                "{n} with something left out (see Details)",
                warned,
            ).format(n=format_number(warned))
            markup += f" &nbsp;<i>{html.escape(note)}</i>"
        self.counts_label.setText(markup)
        self._fill_filter(counts)
        creating = self.model.creating()
        self._wizard.setButtonText(
            QWizard.WizardButton.CommitButton,
            ngettext("Import {n} contact", "Import {n} contacts", creating).format(
                n=format_number(creating)
            )
            if creating
            else _("Import"),
        )
        self.completeChanged.emit()

    def _fill_filter(self, counts) -> None:
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(_("All records"), None)
        for status, text in (
            (RowStatus.NEW, _("New ({n})")),
            (RowStatus.EXACT_DUPLICATE, _("Exact duplicates ({n})")),
            (RowStatus.POSSIBLE_DUPLICATE, _("Possible duplicates ({n})")),
            (RowStatus.REJECTED, _("Rejected ({n})")),
        ):
            self.filter_combo.addItem(
                text.format(n=format_number(counts.get(status, 0))), status.value
            )
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current)))
        self.filter_combo.blockSignals(False)

    def _filter_changed(self) -> None:
        value = self.filter_combo.currentData()
        self.model.set_filter(RowStatus(value) if value else None)

    def show_only(self, status: RowStatus | None) -> None:
        self.filter_combo.setCurrentIndex(
            self.filter_combo.findData(status.value if status else None)
        )

    # ---- the user's changes ------------------------------------------------------------

    def _row_fixed(self, line: int) -> None:
        row = self.model.row_of_line(line)
        if row is not None:
            self._wizard.replacements[line] = self.model.row_at(row).record
        self._changed()

    def _decided(self, line: int, action: str) -> None:
        self._wizard.decisions[line] = Action(action)
        self._changed()

    def _changed(self) -> None:
        # Duplicates depend on every earlier row, so the whole file is checked again.
        if self._task is not None:
            self._dirty = True
        self._update_counts()
        self._recheck_timer.start()
        self.completeChanged.emit()

    # ---- leaving -----------------------------------------------------------------------

    def isComplete(self) -> bool:  # Qt override
        if self._wizard.preview is None or self.checking():
            return False
        return any(
            r.status != RowStatus.REJECTED and r.action in (Action.CREATE, Action.MERGE)
            for r in self.model.all_rows()
        )

    def lead_source(self) -> str:
        text = self.lead_source_combo.currentText().strip()
        index = self.lead_source_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.lead_source_combo.itemData(index))
        return text

    def validatePage(self) -> bool:  # Qt override
        self._wizard.lead_source = self.lead_source()
        self._wizard.tags = split_tags(self.tags_edit.text())
        return True
