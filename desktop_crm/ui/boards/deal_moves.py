"""Moving deals between stages as one undo step: Undo puts each deal back in its old stage."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop_crm.domain.clock import Clock
from desktop_crm.errors import UserError
from desktop_crm.i18n import ngettext
from desktop_crm.services.deals import DealView, move_deal
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


class MoveDealsCommand(QUndoCommand):
    """Pushing it moves the deals (off the GUI thread, through the runner); Undo moves them
    back, with the reason they were closed for if they were. The deal's probability becomes
    its stage's again; a contact made a customer by a Won stays one (its history says so)."""

    def __init__(
        self,
        deals: list[DealView],
        stage_id: int,
        reasons: dict[int, str],
        runner: OperationRunner,
        clock: Clock,
        on_done: Callable[[MoveResult], None],
    ) -> None:
        count = len(deals)
        super().__init__(
            ngettext("Move {count} deal", "Move {count} deals", count).format(count=count)
        )
        self._forward: list[Move] = [(d.id, stage_id, reasons.get(d.id, "")) for d in deals]
        self._back: list[Move] = [(d.id, d.stage_id, d.close_reason) for d in deals]
        self._runner = runner
        self._clock = clock
        self._on_done = on_done

    def _run(self, moves: list[Move]) -> None:
        clock = self._clock
        self._runner.mutate(lambda: move_all(moves, clock), self._on_done)

    def redo(self) -> None:
        self._run(self._forward)

    def undo(self) -> None:
        self._run(self._back)
