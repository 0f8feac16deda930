"""The detail pane's section writes (questions, follow-ups, deals, criteria, a conversation)
on the writer thread: one in flight per section, the sections it touched read in the same job."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from desktop_crm.services.changes import Changes
from desktop_crm.ui.detail.snapshot import SectionUpdate, read_sections, touched_sections
from desktop_crm.ui.operations import OperationRunner, changes_of
from desktop_crm.ui.undo import RunnerCommand, Work

# What a dialog is given to write through: (work, done, refused) -> whether it was sent.
WriteThrough = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[str], None]], bool]


@dataclass(frozen=True)
class Written:
    """A section write as it comes back: the service's own value, its `Changes` (the runner
    publishes them) and the sections they touched, read right after on the writer thread."""

    value: Any
    changes: Changes
    sections: SectionUpdate


class SectionWrites(QObject):
    """One per pane. `run` refuses a second write of the same section while one is in flight
    (a double click on Add submits once); `written` carries each result to the pane."""

    written = Signal(object)  # Written
    busy_changed = Signal(str, bool)  # section, whether a write of it is in flight

    def __init__(
        self, runner: OperationRunner, parent: QWidget, undo_stack: QUndoStack | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._undo_stack = undo_stack
        self._owner = parent
        self._busy: set[str] = set()
        self.in_flight = 0  # writes sent and not back yet
        self._own: list[Changes] = []  # on the bus before `written` follows

    @property
    def runner(self) -> OperationRunner:
        return self._runner

    def is_busy(self, section: str) -> bool:
        return section in self._busy

    def is_own(self, changes: Changes) -> bool:
        """Whether `changes` are one of these writes (the pane repaints from the result)."""
        return any(c is changes for c in self._own)

    def run(
        self,
        section: str | None,
        contact_id: int,
        work: Callable[[], Any],
        *,
        also: Iterable[str] = (),
        done: Callable[[Any], object] | None = None,
        refused: Callable[[str], object] | None = None,
        explains: bool = False,
        undo: tuple[str, Callable[[], Any]] | None = None,
    ) -> bool:
        """Write `work` (one service call: one transaction) for `contact_id`; False, and
        nothing sent, while a write of `section` is still in flight (None: always sent).
        `undo` (its name, and the write that takes it back) makes it one step on the stack."""
        if section is not None and section in self._busy:
            return False
        extra, own = frozenset(also), self._own

        def job() -> Written:
            value = work()
            changes = changes_of(value) or Changes()
            own.append(changes)
            return Written(
                value, changes, read_sections(contact_id, touched_sections(changes, extra))
            )

        def arrived(result: Written) -> None:
            self._release(section, result.changes)
            if undo is not None and self._undo_stack is not None:
                name, back = undo
                self._undo_stack.push(_SectionCommand(name, self, contact_id, work, back, extra))
            self.written.emit(result)
            if done is not None:
                done(result.value)

        def failed(message: str) -> None:
            self._release(section, None)
            if refused is not None:
                refused(message)

        self._set_busy(section, True)
        self.in_flight += 1
        self._runner.mutate(job, arrived, parent=self._owner, on_failure=failed, explains=explains)
        return True

    def through(self, section: str, contact_id: int, *, also: Iterable[str] = ()) -> WriteThrough:
        """A dialog's way to write (it shows a refusal on its own error line)."""

        def write(
            work: Callable[[], Any], done: Callable[[Any], None], refused: Callable[[str], None]
        ) -> bool:
            return self.run(
                section, contact_id, work, also=also, done=done, refused=refused, explains=True
            )

        return write

    def _release(self, section: str | None, changes: Changes | None) -> None:
        self._own[:] = [c for c in self._own if c is not changes]
        self.in_flight -= 1
        self._set_busy(section, False)

    def _set_busy(self, section: str | None, busy: bool) -> None:
        if section is None:
            return
        if busy:
            self._busy.add(section)
        else:
            self._busy.discard(section)
        self.busy_changed.emit(section, busy)


class _SectionCommand(RunnerCommand):
    """A section write that already happened, as an undo step: undo and redo are written the
    same way (writer thread, the sections they touch brought back to the pane)."""

    def __init__(
        self,
        name: str,
        writes: SectionWrites,
        contact_id: int,
        forth: Callable[[], Any],
        back: Callable[[], Any],
        also: Iterable[str],
    ) -> None:
        super().__init__(name, writes.runner, done=True)  # pushed after the write
        self._writes, self._contact_id = writes, contact_id
        self._forth, self._back, self._also = forth, back, tuple(also)

    def work(self, forward: bool) -> Work:
        return self._forth if forward else self._back

    def mutate(
        self, work: Work, done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        self._writes.run(
            None, self._contact_id, work, also=self._also, done=done, refused=failed, explains=True
        )
