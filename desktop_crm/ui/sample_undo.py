"""File › Remove sample data as one undo step: Undo writes back every row it deleted."""

from __future__ import annotations

from desktop_crm.i18n import _
from desktop_crm.services.sample_removal import (
    SampleRemoval,
    put_back_sample_data,
    take_out_sample_data,
)
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.undo import RunnerCommand, Work


class RemoveSampleDataCommand(RunnerCommand):
    """Pushed after the removal went through; a redo removes the sample data again and
    keeps what that removal deleted, for the next undo."""

    def __init__(self, removal: SampleRemoval, runner: OperationRunner, *, clock=None):
        super().__init__(_("Remove sample data"), runner, done=True)
        self._removal = removal
        self._clock = clock

    def work(self, forward: bool) -> Work:
        if forward:
            clock = self._clock
            return lambda: take_out_sample_data(clock=clock)
        removal = self._removal
        return lambda: put_back_sample_data(removal)

    def arrived(self, forward: bool, value: object) -> None:
        if forward and isinstance(value, SampleRemoval):
            self._removal = value
