"""A move on a board as one undo step: pushing it runs `forward`, Undo runs `back`; both
off the GUI thread through the runner, which publishes their Changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop_crm.ui.boards.sales_moves import MoveResult
from desktop_crm.ui.operations import OperationRunner

Work = Callable[[], MoveResult]


class MoveCommand(QUndoCommand):
    def __init__(
        self,
        text: str,
        forward: Work,
        back: Work,
        runner: OperationRunner,
        on_done: Callable[[MoveResult], None],
    ) -> None:
        super().__init__(text)
        self._forward, self._back = forward, back
        self._runner = runner
        self._on_done = on_done

    def redo(self) -> None:
        self._runner.mutate(self._forward, self._on_done)

    def undo(self) -> None:
        self._runner.mutate(self._back, self._on_done)
