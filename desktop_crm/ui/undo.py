"""Undoable user actions on a QUndoStack: archiving contacts (Delete) can be taken back."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from desktop_crm.i18n import ngettext
from desktop_crm.services.contacts import archive_contacts
from desktop_crm.ui.operations import OperationRunner


class ArchiveContactsCommand(QUndoCommand):
    """Archive on redo, restore on undo; each runs as its own service transaction."""

    def __init__(self, contact_ids: Sequence[int], runner: OperationRunner, *, clock=None):
        count = len(contact_ids)
        super().__init__(
            ngettext("Archive {count} contact", "Archive {count} contacts", count).format(
                count=count
            )
        )
        self._ids = list(contact_ids)
        self._runner = runner
        self._clock = clock

    # Off the GUI thread, in order (an undo right after the archive runs after it); the
    # runner publishes the service's Changes.
    def redo(self) -> None:
        ids, clock = self._ids, self._clock
        self._runner.mutate(lambda: archive_contacts(ids, True, clock=clock))

    def undo(self) -> None:
        ids, clock = self._ids, self._clock
        self._runner.mutate(lambda: archive_contacts(ids, False, clock=clock))
