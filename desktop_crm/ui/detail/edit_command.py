"""A saved edit of a contact's fields as an undo step: Undo puts the values back."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import draft_from, update_contact
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.changes_bus import ChangesBus


class ContactEditCommand(QUndoCommand):
    """Pushed after the save ran, so the first redo does nothing; undo and redo then
    write the whole before or after state in one transaction each."""

    def __init__(
        self,
        before: ContactDetails,
        after: ContactDetails,
        bus: ChangesBus,
        *,
        clock=None,
        region: str = DEFAULT_REGION,
    ) -> None:
        super().__init__(_("Edit {name}").format(name=after.full_name or before.full_name))
        self._id = after.id
        self._before = draft_from(before)
        self._after = draft_from(after)
        self._bus = bus
        self._clock = clock
        self._region = region
        self._done = True  # the save that this command records already happened

    def _write(self, draft) -> None:
        try:
            update_contact(self._id, draft, clock=self._clock, region=self._region)
        except UserError:
            return  # archived or removed since: nothing left to put back
        self._bus.publish(Changes(contact_ids={self._id}))

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._write(self._after)

    def undo(self) -> None:
        self._write(self._before)
