"""A bulk stage move or tagging as one undo step: Undo takes back what it changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop_crm.i18n import ngettext
from desktop_crm.services.bulk_edits import (
    StageMove,
    Tagging,
    put_back_stages,
    redo_tagging,
    take_back_tagging,
)
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import set_stage
from desktop_crm.ui.operations import OperationRunner


class BulkCommand(QUndoCommand):
    """Pushed after the write ran, so the first redo does nothing; undo and redo then run
    one transaction each on the writer thread (the runner publishes the Changes)."""

    def __init__(
        self,
        text: str,
        runner: OperationRunner,
        undo: Callable[[], Changes],
        redo: Callable[[], Changes],
    ) -> None:
        super().__init__(text)
        self._runner = runner
        self._undo = undo
        self._redo = redo
        self._done = True  # the write this command records already happened

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._runner.mutate(self._redo)

    def undo(self) -> None:
        self._runner.mutate(self._undo)


def stage_command(move: StageMove, runner: OperationRunner, *, clock=None) -> BulkCommand | None:
    """None when no contact moved: nothing to take back."""
    count = len(move.moved)
    if not count:
        return None
    text = ngettext(
        "Set {count} contact to {stage}", "Set {count} contacts to {stage}", count
    ).format(count=count, stage=move.stage.label)
    ids, stage = move.moved, move.stage
    return BulkCommand(
        text,
        runner,
        lambda: put_back_stages(move, clock=clock),
        lambda: set_stage(ids, stage, clock=clock),
    )


def tag_command(tagging: Tagging, runner: OperationRunner) -> BulkCommand | None:
    """None when no contact's tags changed: nothing to take back."""
    count = len(tagging.touched)
    if not count:
        return None
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
    return BulkCommand(
        text.format(name=tagging.name, count=count),
        runner,
        lambda: take_back_tagging(tagging),
        lambda: redo_tagging(tagging),
    )
