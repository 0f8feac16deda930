"""Undoable user actions on a QUndoStack: archiving contacts (Delete) can be taken back."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from desktop_crm.i18n import ngettext
from desktop_crm.services.contacts import archive_contacts
from desktop_crm.ui.changes_bus import ChangesBus


class ArchiveContactsCommand(QUndoCommand):
    """Archive on redo, restore on undo; each runs as its own service transaction."""

    def __init__(self, contact_ids: Sequence[int], bus: ChangesBus, *, clock=None):
        count = len(contact_ids)
        super().__init__(
            ngettext("Archive {count} contact", "Archive {count} contacts", count).format(
                count=count
            )
        )
        self._ids = list(contact_ids)
        self._bus = bus
        self._clock = clock

    def redo(self) -> None:
        self._bus.publish(archive_contacts(self._ids, True, clock=self._clock))

    def undo(self) -> None:
        self._bus.publish(archive_contacts(self._ids, False, clock=self._clock))
