"""A move on a board as one undo step: pushing it runs `forward`, Undo runs `back`; both
off the GUI thread through the runner, which publishes their Changes."""

from __future__ import annotations

from collections.abc import Callable

from desktop_crm.errors import UserError
from desktop_crm.services.changes import Changes
from desktop_crm.ui.boards.sales_moves import MoveResult
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.undo import RunnerCommand

Work = Callable[[], MoveResult]


class MoveCommand(RunnerCommand):
    def __init__(
        self,
        text: str,
        forward: Work,
        back: Work,
        runner: OperationRunner,
        on_done: Callable[[MoveResult], None],
    ) -> None:
        super().__init__(text, runner)
        self._forward, self._back = forward, back
        self._on_done = on_done

    def work(self, forward: bool) -> Work:
        move = self._forward if forward else self._back

        def run() -> MoveResult:
            result = move()
            if result.errors and result.changes == Changes():
                # Every contact refused (a locked database): the step did not happen.
                raise UserError(result.errors[0])
            return result

        return run

    def arrived(self, forward: bool, value: object) -> None:
        self._on_done(value)  # type: ignore[arg-type]
