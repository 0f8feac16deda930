"""Moving contacts on the Sales board as one undo step: Undo puts each back in its old stage."""

from __future__ import annotations

from collections.abc import Callable

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import UserError
from desktop_crm.i18n import ngettext
from desktop_crm.services.contacts import set_stage
from desktop_crm.ui.boards.move_command import MoveCommand
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


def move_contacts_command(
    plan: MovePlan,
    shown_in: dict[int, Stage],
    runner: OperationRunner,
    clock: Clock,
    on_done: Callable[[MoveResult], None],
) -> MoveCommand:
    """Undo moves the contacts back to the columns they came from (`shown_in`). Criteria
    ticked on the way to prospect stay ticked, and the history keeps both moves."""
    moving = [*plan.qualify, *(cid for cid, _reason in plan.disqualify), *plan.by_hand]
    before = {cid: shown_in[cid] for cid in moving if cid in shown_in}
    count = len(moving)
    return MoveCommand(
        ngettext("Move {count} contact", "Move {count} contacts", count).format(count=count),
        lambda: apply_moves(plan, clock=clock),
        lambda: move_back(before, clock),
        runner,
        on_done,
    )
