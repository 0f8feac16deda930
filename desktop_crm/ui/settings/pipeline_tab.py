"""Settings › Deal pipeline: add, rename, reorder and remove (when empty) stages; probabilities.

Each change is one transaction through the services and reaches the boards on the bus."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.services import deals, pipeline_stages
from desktop_crm.services.changes import Changes
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.settings.list_editor import Action, AskText, ListEditor, then

PipelineRead = tuple[int | None, list[deals.PipelineStageView], int]


def read_pipeline() -> PipelineRead:
    """On a worker: the first pipeline, its stages and the idle days the tab shows."""
    found = deals.pipelines()
    pipeline_id = found[0][0] if found else None
    stages = deals.pipeline_stages(pipeline_id) if pipeline_id else []
    return pipeline_id, stages, pipeline_stages.load_idle_days()


class PipelineTab(QWidget):
    changed = Signal(object)  # Changes(deals=True)
    shown = Signal()  # the stages and idle days as read are on screen (not typed)

    def __init__(
        self,
        *,
        ask_text: AskText | None = None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.pipeline_id: int | None = None  # from the first read
        self.stages: list[deals.PipelineStageView] = []
        self._idle_days: int | None = None  # as last read: an unchanged spin writes nothing
        self.editor = ListEditor(
            list_name=_("Pipeline stages"),
            dialog_title=_("Pipeline stage"),
            add=Action(_("Add a stage"), self.add),
            rename=Action(_("Rename the stage"), self.rename),
            remove=Action(_("Remove the stage"), self.remove),
            up=Action(_("Move the stage up"), lambda: self.move_selected(-1)),
            down=Action(_("Move the stage down"), lambda: self.move_selected(1)),
            changes=Changes(deals=True, everything=True),
        )
        self._ask_text = ask_text or self.editor.ask
        self.editor.runner = runner  # the window's: writes and reads off the GUI thread
        self.editor.read_with(read_pipeline, self._show)
        self.editor.changed.connect(self.changed)
        self.list, self.error_label = self.editor.list, self.editor.error_label
        # After the editor's own: only open stages move or go; Won and Lost only rename.
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
        self.idle_spin.setEnabled(False)  # until its value is read
        self.idle_spin.setSuffix(_(" days"))
        self.idle_spin.setAccessibleName(_("Days before a deal counts as idle"))
        self.idle_spin.editingFinished.connect(self._save_idle_days)
        idle_label = QLabel(_("A deal counts as &idle after:"))
        idle_label.setBuddy(self.idle_spin)
        form = QFormLayout()
        form.addRow(probability_label, self.probability_spin)
        form.addRow(idle_label, self.idle_spin)
        self.editor.add_below(form)
        QVBoxLayout(self).addWidget(self.editor)
        self.reload()

    def reload(self, select_id: Hashable = None) -> None:
        self.editor.refresh(select_id)

    def _show(self, read: PipelineRead, select_id: Hashable) -> None:
        self.pipeline_id, self.stages, idle_days = read
        if idle_days != self._idle_days:  # the value typed meanwhile stays until it is saved
            self._idle_days = idle_days
            self.idle_spin.setValue(idle_days)
        self.idle_spin.setEnabled(True)
        self.editor.set_items(
            [(s.id, f"{s.name} · {s.probability} %") for s in self.stages], select_id
        )
        self._show_current()
        self.shown.emit()

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
        ed = self.editor
        ed.add_button.setEnabled(self.pipeline_id is not None)
        ed.rename_button.setEnabled(stage is not None)
        ed.remove_button.setEnabled(is_open)
        ed.up_button.setEnabled(is_open and row > 0)
        ed.down_button.setEnabled(is_open and row < open_count - 1)
        self.probability_spin.setEnabled(is_open)
        if stage is not None:
            self.probability_spin.setValue(stage.probability)

    def add(self) -> None:
        pipeline_id = self.pipeline_id
        name = self._ask_text(_("Name of the new stage:"), "")
        if name is not None and pipeline_id is not None:
            self.editor.run(lambda: deals.add_pipeline_stage(pipeline_id, name).id, self.reload)

    def rename(self) -> None:
        stage = self._current()
        name = self._ask_text(_("New name:"), stage.name) if stage else None
        if stage is not None and name is not None:
            self.editor.run(
                lambda: then(deals.rename_pipeline_stage, stage.id, name, result=stage.id),
                self.reload,
            )

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
        self.editor.run(
            lambda: then(pipeline_stages.reorder_stages, pipeline_id, ids, result=stage.id),
            self.reload,
        )

    def remove(self) -> None:
        stage = self._current()
        if stage is not None:
            self.editor.run(
                lambda: then(pipeline_stages.remove_stage, stage.id, result=None), self.reload
            )

    def _save_idle_days(self) -> None:
        days = self.idle_spin.value()
        if self._idle_days is not None and days != self._idle_days:
            self._idle_days = days  # sent: the same value typed again sends nothing
            self.editor.run(
                lambda: then(pipeline_stages.save_idle_days, days, result=None),
                self.reload,
                queue=True,  # typed while another write is on its way: sent after it
            )

    def _save_probability(self) -> None:
        stage = self._current()
        value = self.probability_spin.value()
        if stage is not None and stage.kind == "open" and value != stage.probability:
            self.editor.run(
                lambda: then(pipeline_stages.set_probability, stage.id, value, result=stage.id),
                self.reload,
                queue=True,
            )
