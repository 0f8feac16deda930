"""A merge on the window's undo stack: Ctrl+Z takes it back (through `unmerge`); with the
window's runner, undo and redo are one transaction each on the writer thread."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from desktop_crm.errors import ConflictError, DatabaseError, UserError
from desktop_crm.i18n import ngettext
from desktop_crm.services.changes import Changes
from desktop_crm.services.merge import MergeResult, merge_contacts, unmerge
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.undo import RunnerCommand, Work

log = logging.getLogger(__name__)


class MergeCommand(RunnerCommand):
    """Pushed after the merge is done: the first redo does nothing, undo unmerges, a redo
    after that merges again with the same choices (a new merge number)."""

    def __init__(
        self,
        done: MergeResult,
        choices: Mapping[str, int],
        bus: ChangesBus,
        *,
        clock=None,
        runner: OperationRunner | None = None,
    ):
        count = len(done.merged) + 1
        super().__init__(
            ngettext("Merge {count} contact", "Merge {count} contacts", count).format(count=count),
            runner,
            done=True,
        )
        self.result = done
        self._choices = dict(choices)
        self._bus = bus
        self._clock = clock
        self.message = ""  # why the last undo or redo could not be done

    def work(self, forward: bool) -> Work:
        return self._merge_again if forward else self._unmerge

    def arrived(self, forward: bool, value: object) -> None:
        if self._runner is None:  # written in place: nobody else publishes its Changes
            self._bus.publish(value)  # type: ignore[arg-type]

    def _merge_again(self) -> Changes:
        try:
            self.result = merge_contacts(
                self.result.kept, self.result.merged, choices=self._choices, clock=self._clock
            )
        except (DatabaseError, ConflictError):
            raise  # refused: the step stays where it was (the stack puts its index back)
        except UserError as exc:
            self.message = exc.message
            return Changes()
        return self.result.changes

    def _unmerge(self) -> Changes:
        try:
            return unmerge(self.result.merge_id, clock=self._clock).changes
        except (DatabaseError, ConflictError):
            raise
        except UserError as exc:  # undone already, from the Duplicates view say
            self.message = exc.message
            return Changes()
