"""The filter row above the list: stage, tag, lead source, open questions, overdue follow-up,
and the archive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _
from desktop_crm.services.contact_queries import all_tags, used_lead_sources
from desktop_crm.ui.contact_list.state import Filters

Choices = tuple[list[str], list[str]]  # tag names, lead sources in use
# How choices are read after a change: `read(work, deliver)` (the runner's query, off the
# GUI thread); inline when none is set.
Reader = Callable[[Callable[[], Choices], Callable[[Choices], Any]], None]


def read_choices() -> Choices:
    """The tags and lead sources the filter offers (a worker's read with a runner)."""
    return all_tags(), used_lead_sources()


class FilterBar(QWidget):
    changed = Signal(object)  # Filters
    duplicates_requested = Signal()  # "Find duplicates…" beside the filter

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Two rows: with a label before each box the Dutch bar in one row was wider than
        # the list's side of a 1366 px window, and pushed the detail pane aside.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        boxes, checks = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(boxes)
        rows.addLayout(checks)
        self.stage_box = QComboBox()
        self.stage_box.setToolTip(_("Show one stage only"))
        self.stage_box.addItem(_("All stages"), None)
        for stage in Stage:
            self.stage_box.addItem(stage.label, stage.value)
        self.tag_box = QComboBox()
        self.tag_box.setToolTip(_("Show contacts with this tag"))
        self.source_box = QComboBox()
        self.source_box.setToolTip(_("Show contacts from this lead source"))
        self.questions_check = QCheckBox(_("Open questions"))
        self.questions_check.setToolTip(_("Only contacts with a question waiting for an answer"))
        self.overdue_check = QCheckBox(_("Overdue"))
        self.overdue_check.setToolTip(_("Only contacts with an overdue follow-up"))
        # On Linux a combo box's own name is its value: only a buddy label tells a screen
        # reader which filter it is. The access keys clash with no menu or other label of
        # the window, in either language (tests/ui/test_filter_labels.py).
        self.labels: list[QLabel] = []
        for box, text in (
            (self.stage_box, _("&Stage:")),
            (self.tag_box, _("&Tag:")),
            (self.source_box, _("&Lead source:")),
        ):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._emit)
            label = QLabel(text)
            label.setBuddy(box)
            self.labels.append(label)
            boxes.addWidget(label)
            boxes.addWidget(box)
            boxes.addSpacing(6)  # the next label belongs to the next box, not to this one
        boxes.addStretch(1)
        self.duplicates_check = QCheckBox(_("Possible duplicates"))
        self.duplicates_check.setToolTip(_("Only contacts that may be a duplicate of another"))
        # The archive, in place of the live list: where archived contacts are found again.
        self.archived_check = QCheckBox(_("Archived"))
        self.archived_check.setToolTip(_("Only archived contacts, to restore them"))
        for check in (
            self.questions_check,
            self.overdue_check,
            self.duplicates_check,
            self.archived_check,
        ):
            check.toggled.connect(self._emit)
            checks.addWidget(check)
        # From the filtered list straight to the groups and the merge.
        self.duplicates_button = QPushButton(_("Merge duplicates…"))
        self.duplicates_button.setAccessibleName(_("Merge duplicates"))
        self.duplicates_button.clicked.connect(self.duplicates_requested)
        self.duplicates_button.setVisible(False)
        self.duplicates_check.toggled.connect(self.duplicates_button.setVisible)
        checks.addWidget(self.duplicates_button)
        checks.addStretch(1)
        self._read: Reader | None = None
        self._asked = False  # the choices were asked for (the first read is not due)
        # The first read waits a turn of the event loop: the list hands its runner over
        # (read_with) right after building the bar, and the choices are then read on a
        # worker, never on the GUI thread while the window is built.
        QTimer.singleShot(0, self, self._first_read)

    def _first_read(self) -> None:
        if not self._asked:
            self.reload_choices()

    def read_with(self, read: Reader) -> None:
        """Read the choices through `read` (the list's runner), now and from now on."""
        self._read = read
        self.reload_choices()

    def reload_choices(self) -> None:
        """Tags and lead sources come from the data; keep what was chosen if it still exists."""
        self._asked = True
        if self._read is None:
            self.show_choices(read_choices())
        else:
            self._read(read_choices, self.show_choices)

    def show_choices(self, choices: Choices) -> None:
        tags, sources = choices
        self._refill(self.tag_box, _("All tags"), [(t, t) for t in tags])
        self._refill(
            self.source_box,
            _("All lead sources"),
            [(lead_sources.label(s), s) for s in sources],
        )

    def _refill(self, box: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, value in items:
            box.addItem(text, value)
        position = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(position, 0))
        box.blockSignals(False)
        if chosen is not None and position < 0:
            self._emit()

    def filters(self) -> Filters:
        return Filters(
            stage=self.stage_box.currentData(),
            tag=self.tag_box.currentData(),
            lead_source=self.source_box.currentData(),
            has_open_questions=self.questions_check.isChecked(),
            follow_up_overdue=self.overdue_check.isChecked(),
            possible_duplicates=self.duplicates_check.isChecked(),
            archived_only=self.archived_check.isChecked(),
        )

    def clear(self) -> None:
        for box in (self.stage_box, self.tag_box, self.source_box):
            box.setCurrentIndex(0)
        self.questions_check.setChecked(False)
        self.overdue_check.setChecked(False)
        self.duplicates_check.setChecked(False)
        self.archived_check.setChecked(False)

    def _emit(self, *_args) -> None:
        self.changed.emit(self.filters())
