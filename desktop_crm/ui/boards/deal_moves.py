"""Moving deals between stages as one undo step: Undo puts each deal back in its old stage."""

from __future__ import annotations

from collections.abc import Callable

from desktop_crm.domain.clock import Clock
from desktop_crm.errors import UserError
from desktop_crm.i18n import ngettext
from desktop_crm.services.deals import DealView, move_deal
from desktop_crm.ui.boards.move_command import MoveCommand
from desktop_crm.ui.boards.sales_moves import MoveResult
from desktop_crm.ui.operations import OperationRunner

Move = tuple[int, int, str]  # deal, stage, close reason (Won and Lost need one)


def move_all(moves: list[Move], clock: Clock) -> MoveResult:
    """Each deal in its own transaction; one refused deal does not stop the others."""
    result = MoveResult()
    for deal_id, stage_id, reason in moves:
        try:
            result.changes.merge(move_deal(deal_id, stage_id, reason=reason, clock=clock))
        except UserError as exc:
            result.errors.append(exc.message)
    return result


def move_deals_command(
    deals: list[DealView],
    stage_id: int,
    reasons: dict[int, str],
    runner: OperationRunner,
    clock: Clock,
    on_done: Callable[[MoveResult], None],
) -> MoveCommand:
    """Undo moves the deals back, with the reason they were closed for if they were. The
    probability becomes the stage's again; a contact made a customer by a Won stays one
    (its stage history says so)."""
    forward: list[Move] = [(d.id, stage_id, reasons.get(d.id, "")) for d in deals]
    back: list[Move] = [(d.id, d.stage_id, d.close_reason) for d in deals]
    count = len(deals)
    return MoveCommand(
        ngettext("Move {count} deal", "Move {count} deals", count).format(count=count),
        lambda: move_all(forward, clock),
        lambda: move_all(back, clock),
        runner,
        on_done,
    )
