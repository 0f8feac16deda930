"""A bulk stage move or tagging as one undo step: Undo takes back what it changed.

Both are `RunnerCommand`s pushed after their write went through: undo and redo are one
transaction each on the writer thread, and a refused one (a locked file) leaves the undo
stack's index where it was and names the step, as every other step does."""

from __future__ import annotations

from desktop_crm.domain.clock import Clock
from desktop_crm.i18n import ngettext
from desktop_crm.services.bulk_edits import (
    StageMove,
    Tagging,
    put_back_stages,
    redo_move,
    redo_tagging,
    take_back_tagging,
)
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.undo import RunnerCommand, Work


class StageMoveCommand(RunnerCommand):
    """Undo puts each moved contact back in its own old stage; redo moves them again."""

    def __init__(self, move: StageMove, runner: OperationRunner, *, clock: Clock | None = None):
        count = len(move.moved)
        text = ngettext(
            "Set {count} contact to {stage}", "Set {count} contacts to {stage}", count
        ).format(count=count, stage=move.stage.label)
        super().__init__(text, runner, done=True)
        self._move = move
        self._clock = clock

    def work(self, forward: bool) -> Work:
        move, clock = self._move, self._clock
        if forward:
            return lambda: redo_move(move, clock=clock)
        return lambda: put_back_stages(move, clock=clock)


class TaggingCommand(RunnerCommand):
    """Undo takes the tag off (or puts it back on) only the contacts whose tags it changed."""

    def __init__(self, tagging: Tagging, runner: OperationRunner):
        count = len(tagging.touched)
        if tagging.removed:
            text = ngettext(
                "Remove tag {name} from {count} contact",
                "Remove tag {name} from {count} contacts",
                count,
            )
        else:
            text = ngettext(
                "Add tag {name} to {count} contact", "Add tag {name} to {count} contacts", count
            )
        super().__init__(text.format(name=tagging.name, count=count), runner, done=True)
        self._tagging = tagging

    def work(self, forward: bool) -> Work:
        tagging = self._tagging
        if forward:
            return lambda: redo_tagging(tagging)
        return lambda: take_back_tagging(tagging)


def stage_command(
    move: StageMove, runner: OperationRunner, *, clock: Clock | None = None
) -> StageMoveCommand | None:
    """None when no contact moved: nothing to take back."""
    return StageMoveCommand(move, runner, clock=clock) if move.moved else None


def tag_command(tagging: Tagging, runner: OperationRunner) -> TaggingCommand | None:
    """None when no contact's tags changed: nothing to take back."""
    return TaggingCommand(tagging, runner) if tagging.touched else None
