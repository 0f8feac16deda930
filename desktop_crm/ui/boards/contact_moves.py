"""Moving contacts on the Sales board as one undo step: Undo puts each back in its old stage."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import UserError
from desktop_crm.i18n import ngettext
from desktop_crm.services.contacts import set_stage
from desktop_crm.ui.boards.sales_moves import MovePlan, MoveResult, apply_moves
from desktop_crm.ui.operations import OperationRunner


def move_back(before: dict[int, Stage], clock: Clock) -> MoveResult:
    """Each old stage in one transaction, recorded in the history as a move by hand."""
    result = MoveResult()
    by_stage: dict[Stage, list[int]] = {}
    for contact_id, stage in before.items():
        by_stage.setdefault(stage, []).append(contact_id)
    for stage, ids in by_stage.items():
        try:
            result.changes.merge(set_stage(ids, stage, cause=Cause.MANUAL, clock=clock))
        except UserError as exc:
            result.errors.append(exc.message)
    return result


class MoveContactsCommand(QUndoCommand):
    """Pushing it carries out the plan (off the GUI thread, through the runner); Undo moves
    the contacts back to the stages they came from. Criteria ticked on the way to prospect
    stay ticked, and the history keeps both moves."""

    def __init__(
        self,
        plan: MovePlan,
        before: dict[int, Stage],
        runner: OperationRunner,
        clock: Clock,
        on_done: Callable[[MoveResult], None],
    ) -> None:
        moving = [*plan.qualify, *(cid for cid, _reason in plan.disqualify), *plan.by_hand]
        count = len(moving)
        super().__init__(
            ngettext("Move {count} contact", "Move {count} contacts", count).format(count=count)
        )
        self._plan = plan
        self._before = {cid: before[cid] for cid in moving if cid in before}
        self._runner = runner
        self._clock = clock
        self._on_done = on_done

    def redo(self) -> None:
        plan, clock = self._plan, self._clock
        self._runner.mutate(lambda: apply_moves(plan, clock=clock), self._on_done)

    def undo(self) -> None:
        before, clock = self._before, self._clock
        self._runner.mutate(lambda: move_back(before, clock), self._on_done)
