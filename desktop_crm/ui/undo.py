"""Undoable user actions on a QUndoStack whose undo and redo are writes through the runner:
one step at a time, and a refused step puts the stack's index back where it was."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_crm.errors import UserError
from desktop_crm.i18n import _, ngettext
from desktop_crm.ui.operations import OperationRunner

Work = Callable[[], Any]


@dataclass
class _Step:
    command: RunnerCommand
    forward: bool  # a redo (True) or an undo
    index: int  # the stack's index once the step was taken


class UndoStack(QUndoStack):
    """The window's undo stack. A runner-backed step runs after the one in flight (a second
    Ctrl+Z waits, never overtakes); a refused one moves the index back without writing.

    `step_started(text)` when a step is sent to the writer ("Undoing “…”…"; "" for an
    action's own first run, which says itself what it does), `steps_settled()` once none
    is on its way any more: arrived, refused or failed. An undo of a bulk step takes seconds
    at 100,000 contacts; these let the window say so meanwhile."""

    step_started = Signal(str)
    steps_settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settling = False  # moving the index back: commands must not write
        self._running: _Step | None = None
        self._waiting: deque[_Step] = deque()

    def push(self, command: QUndoCommand) -> None:
        if isinstance(command, RunnerCommand):
            command.bind(self)
        super().push(command)

    def is_settling(self) -> bool:
        return self._settling

    def in_flight(self) -> bool:
        """A runner-backed undo or redo was sent and has not come back yet."""
        return self._running is not None

    def take(self, command: RunnerCommand, forward: bool) -> None:
        """Called from inside the stack's undo/redo, before it moves its index."""
        step = _Step(command, forward, self.index() + (1 if forward else -1))
        if self._running is not None:
            self._waiting.append(step)  # in order, after the one in flight settles
            return
        self._start(step)

    def _start(self, step: _Step) -> None:
        self._running = step
        self.step_started.emit(step.command.working_text(step.forward))
        step.command.send(step.forward, self._arrived, self._refused)

    def _arrived(self) -> None:
        self._running = None
        if self._waiting:
            self._start(self._waiting.popleft())
        else:
            self.steps_settled.emit()

    def _refused(self) -> None:
        """The step in flight changed nothing: it and every step queued behind it are taken
        back (newest first), each only if the stack still stands where that step left it."""
        steps = [self._running, *self._waiting] if self._running else list(self._waiting)
        self._running = None
        self._waiting.clear()
        self.steps_settled.emit()
        self._settling = True
        try:
            for step in reversed(steps):
                if not self._stands_after(step):
                    break  # moved by something else since: leave it rather than guess
                (self.undo if step.forward else self.redo)()
        finally:
            self._settling = False

    def _stands_after(self, step: _Step) -> bool:
        at = step.index - 1 if step.forward else step.index
        return self.index() == step.index and self.command(at) is step.command


class RunnerCommand(QUndoCommand):
    """A step whose undo and redo are one service transaction each on the writer thread.
    Subclasses give `work(forward)` and may react in `arrived(forward, value)`."""

    def __init__(self, text: str, runner: OperationRunner | None, *, done: bool = False) -> None:
        super().__init__(text)
        self._name = text  # kept here: the stack may delete the Qt side (a new push)
        self._runner = runner
        self._stack: UndoStack | None = None
        self._skip_redo = done  # pushed after its write happened: the first redo does nothing
        self._happened = done  # once done, a refused redo is a redo; before, the action itself

    def bind(self, stack: UndoStack) -> None:
        self._stack = stack

    def work(self, forward: bool) -> Work:
        """The write of a redo (`forward`) or an undo, run on the writer thread. Every
        command class gives its own (Qt's metaclass rules out `abc.abstractmethod` here)."""
        raise NotImplementedError(type(self).__name__)

    def arrived(self, forward: bool, value: object) -> None:
        """On the GUI thread after the write went through."""

    def redo(self) -> None:
        if self._stack is not None and self._stack.is_settling():
            return
        if self._skip_redo:
            self._skip_redo = False
            return
        self._take(True)

    def undo(self) -> None:
        if self._stack is not None and self._stack.is_settling():
            return
        self._take(False)

    def _take(self, forward: bool) -> None:
        if self._stack is not None:
            self._stack.take(self, forward)
        else:  # a plain QUndoStack: sent at once, nothing to put back
            self.send(forward, lambda: None, lambda: None)

    def send(self, forward: bool, arrived: Callable[[], None], refused: Callable[[], None]) -> None:
        """Run the write; `arrived` or `refused` afterwards on the GUI thread."""
        work = self.work(forward)
        if self._runner is None:  # no window runner (a bare view in tests): in place
            try:
                self.arrived(forward, work())
            except UserError:
                pass  # as before: nothing written, nothing to move back from inside the stack
            arrived()
            return
        runner, caught = self._runner, list[UserError]()

        def guarded() -> Any:
            try:
                return work()
            except UserError as exc:  # its message is shown below, naming the step
                caught.append(exc)
                raise

        def done(value: object) -> None:
            self._happened = self._happened or forward
            try:
                self.arrived(forward, value)
            finally:
                arrived()

        def failed(_message: str) -> None:
            refused()
            if caught:  # anything else the runner already showed, as it shows every bug
                runner.report(UserError(self.refusal(forward, caught[0].message)))

        self.mutate(guarded, done, failed)

    def mutate(
        self, work: Work, done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        """Send the write (a subclass may send it through its view's own way of writing)."""
        assert self._runner is not None
        self._runner.mutate(work, done, on_failure=failed, explains=True)

    def working_text(self, forward: bool) -> str:
        """What the status line says while this step is on the writer."""
        if forward and not self._happened:
            return ""  # the action itself: its caller says what it does
        if forward:
            return _("Redoing “{step}”…").format(step=self._name)
        return _("Undoing “{step}”…").format(step=self._name)

    def refusal(self, forward: bool, reason: str) -> str:
        if forward and not self._happened:
            return reason  # the action itself (an archive, a move) was refused, as any write
        if forward:
            return _("Could not redo “{step}”: {reason}").format(step=self._name, reason=reason)
        return _("Could not undo “{step}”: {reason}").format(step=self._name, reason=reason)


class ArchiveContactsCommand(RunnerCommand):
    """Archive on redo, restore on undo (or, with `restore`, the other way round); each runs
    as its own service transaction."""

    def __init__(
        self,
        contact_ids: Sequence[int],
        runner: OperationRunner,
        *,
        clock=None,
        restore: bool = False,
    ):
        count = len(contact_ids)
        if restore:
            text = ngettext(
                "Restore {count} contact from archive",
                "Restore {count} contacts from archive",
                count,
            )
        else:
            text = ngettext("Archive {count} contact", "Archive {count} contacts", count)
        super().__init__(text.format(count=count), runner)
        self._ids = list(contact_ids)
        self._clock = clock
        self._restore = restore

    def work(self, forward: bool) -> Work:
        from desktop_crm.services.contacts import archive_contacts, restore_contacts

        ids, clock = self._ids, self._clock
        if forward == self._restore:  # the contacts come back from the archive
            return lambda: restore_contacts(ids, clock=clock)
        return lambda: archive_contacts(ids, clock=clock)
