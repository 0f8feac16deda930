"""Settings › Deal pipeline: add, rename, reorder and remove (when empty) stages; probabilities.

Each change is one transaction through the services and reaches the boards on the bus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services import deals, pipeline_stages
from desktop_crm.services.changes import Changes
from desktop_crm.ui.settings.criteria_tab import AskText
from desktop_crm.ui.style import error_text_style


class PipelineTab(QWidget):
    changed = Signal(object)  # Changes(deals=True)

    def __init__(self, *, ask_text: AskText | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ask_text = ask_text or self._ask
        found = deals.pipelines()
        self.pipeline_id: int | None = found[0][0] if found else None
        self.list = QListWidget()
        self.list.setAccessibleName(_("Pipeline stages"))
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.probability_spin = QSpinBox()
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSuffix(" %")
        self.probability_spin.setAccessibleName(_("Probability of the stage"))
        self.probability_spin.editingFinished.connect(self._save_probability)
        probability_label = QLabel(_("&Probability of winning:"))
        probability_label.setBuddy(self.probability_spin)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, pipeline_stages.MAX_IDLE_DAYS)
        self.idle_spin.setValue(pipeline_stages.load_idle_days())
        self.idle_spin.setSuffix(_(" days"))
        self.idle_spin.setAccessibleName(_("Days before a deal counts as idle"))
        self.idle_spin.editingFinished.connect(self._save_idle_days)
        idle_label = QLabel(_("A deal counts as &idle after:"))
        idle_label.setBuddy(self.idle_spin)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setVisible(False)

        self.add_button = QPushButton(_("&Add…"))
        self.rename_button = QPushButton(_("Re&name…"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move do&wn"))
        self.remove_button = QPushButton(_("Re&move"))
        side = QVBoxLayout()
        for button, name, slot in (
            (self.add_button, _("Add a stage"), self.add),
            (self.rename_button, _("Rename the stage"), self.rename),
            (self.up_button, _("Move the stage up"), lambda: self.move_selected(-1)),
            (self.down_button, _("Move the stage down"), lambda: self.move_selected(1)),
            (self.remove_button, _("Remove the stage"), self.remove),
        ):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        form = QFormLayout()
        form.addRow(probability_label, self.probability_spin)
        form.addRow(idle_label, self.idle_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.reload()

    def _ask(self, label: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, _("Pipeline stage"), label, text=current)
        return text if ok else None

    def reload(self, select_id: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.stages = deals.pipeline_stages(self.pipeline_id) if self.pipeline_id else []
        for stage in self.stages:
            item = QListWidgetItem(f"{stage.name} · {stage.probability} %")
            item.setData(Qt.ItemDataRole.UserRole, stage.id)
            self.list.addItem(item)
            if stage.id == select_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_current()

    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def _current(self) -> deals.PipelineStageView | None:
        row = self.list.currentRow()
        return self.stages[row] if 0 <= row < len(self.stages) else None

    def _show_current(self) -> None:
        stage = self._current()
        is_open = stage is not None and stage.kind == "open"
        row = self.list.currentRow()
        open_count = sum(1 for s in self.stages if s.kind == "open")
        self.add_button.setEnabled(self.pipeline_id is not None)
        self.rename_button.setEnabled(stage is not None)
        self.remove_button.setEnabled(is_open)
        self.up_button.setEnabled(is_open and row > 0)
        self.down_button.setEnabled(is_open and row < open_count - 1)
        self.probability_spin.setEnabled(is_open)
        if stage is not None:
            self.probability_spin.setValue(stage.probability)

    def _run(self, action: Callable[[], int | None]) -> None:
        try:
            selected = action()
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.error_label.setVisible(False)
        current = self._current()
        self.reload(
            select_id=selected if selected is not None else (current.id if current else None)
        )
        self.changed.emit(Changes(deals=True, everything=True))

    def add(self) -> None:
        pipeline_id = self.pipeline_id
        name = self._ask_text(_("Name of the new stage:"), "")
        if name is not None and pipeline_id is not None:
            self._run(lambda: deals.add_pipeline_stage(pipeline_id, name).id)

    def rename(self) -> None:
        stage = self._current()
        name = self._ask_text(_("New name:"), stage.name) if stage else None
        if stage is not None and name is not None:
            self._run(lambda: _then(deals.rename_pipeline_stage, stage.id, name, result=stage.id))

    def move_selected(self, step: int) -> None:
        stage = self._current()
        if stage is None or stage.kind != "open" or self.pipeline_id is None:
            return
        ids = [s.id for s in self.stages if s.kind == "open"]
        row = ids.index(stage.id)
        if not 0 <= row + step < len(ids):
            return
        ids.insert(row + step, ids.pop(row))
        pipeline_id = self.pipeline_id
        self._run(lambda: _then(pipeline_stages.reorder_stages, pipeline_id, ids, result=stage.id))

    def remove(self) -> None:
        stage = self._current()
        if stage is not None:
            self._run(lambda: _then(pipeline_stages.remove_stage, stage.id, result=None))

    def _save_idle_days(self) -> None:
        days = self.idle_spin.value()
        if days != pipeline_stages.load_idle_days():
            self._run(lambda: _then(_idle_saved, days, result=None))

    def _save_probability(self) -> None:
        stage = self._current()
        value = self.probability_spin.value()
        if stage is not None and stage.kind == "open" and value != stage.probability:
            self._run(
                lambda: _then(pipeline_stages.set_probability, stage.id, value, result=stage.id)
            )


def _idle_saved(days: int) -> None:
    pipeline_stages.save_idle_days(days)


def _then(action: Callable[..., object], *args: object, result: int | None) -> int | None:
    action(*args)
    return result
