"""A saved edit of a contact's fields, a new contact or a logged conversation as an undo step:
Undo puts the values back, takes the new contact away (archived, so Redo brings it back
whole), or takes the conversation and what its outcome changed back."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import archive_contacts, draft_from, update_contact
from desktop_crm.services.conversation_undo import LoggedChange, unlog_conversation
from desktop_crm.services.conversations import LogRequest, LogResult
from desktop_crm.services.records import ContactDetails, ContactDraft
from desktop_crm.ui.operations import OperationRunner


class ContactEditCommand(QUndoCommand):
    """Pushed after the save ran, so the first redo does nothing; undo and redo then
    write the whole before or after state (custom fields included) in one transaction
    each, on the writer thread."""

    def __init__(
        self,
        before: ContactDetails,
        after: ContactDetails,
        runner: OperationRunner,
        *,
        clock=None,
        region: str = DEFAULT_REGION,
    ) -> None:
        super().__init__(_("Edit {name}").format(name=after.full_name or before.full_name))
        self._id = after.id
        self._before = draft_from(before)
        self._after = draft_from(after)
        self._runner = runner
        self._clock = clock
        self._region = region
        self._done = True  # the save that this command records already happened

    def _write(self, draft: ContactDraft) -> None:
        contact_id, clock, region = self._id, self._clock, self._region

        def work() -> Changes:
            try:
                update_contact(contact_id, draft, clock=clock, region=region)
            except UserError:
                return Changes()  # archived or removed since: nothing left to put back
            return Changes(contact_ids={contact_id})

        self._runner.mutate(work)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._write(self._after)

    def undo(self) -> None:
        self._write(self._before)


class NewContactCommand(QUndoCommand):
    """Pushed after the contact was created; Undo archives it and Redo restores it, each one
    transaction on the writer thread (the runner publishes the Changes)."""

    def __init__(self, created: ContactDetails, runner: OperationRunner, *, clock=None) -> None:
        super().__init__(_("Add {name}").format(name=created.full_name or _("(no name)")))
        self._id = created.id
        self._runner = runner
        self._clock = clock
        self._done = True  # the create that this command records already happened

    def _archive(self, archived: bool) -> None:
        contact_id, clock = self._id, self._clock
        self._runner.mutate(lambda: archive_contacts([contact_id], archived, clock=clock))

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._archive(False)

    def undo(self) -> None:
        self._archive(True)


class LogConversationCommand(QUndoCommand):
    """Pushed after the conversation was logged; Undo takes it back with what its outcome
    changed (stage, re-contact date, follow-up, won deal) and Redo logs it again at the same
    moment, each one transaction on the writer thread (the runner publishes the Changes)."""

    def __init__(
        self, request: LogRequest, done: LogResult, name: str, runner: OperationRunner
    ) -> None:
        super().__init__(_("Log conversation with {name}").format(name=name or _("(no name)")))
        self._again = request.again(done)
        # Set on the writer thread by each Redo; read there by the next Undo, which the
        # runner runs after it (mutations run one at a time, in order).
        self._logged: LoggedChange | None = done.logged
        self._clock = request.clock
        self._runner = runner
        self._done = True  # the log that this command records already happened

    def undo(self) -> None:
        def work() -> Changes:
            logged, self._logged = self._logged, None
            if logged is None:
                return Changes()
            return unlog_conversation(logged, clock=self._clock)

        self._runner.mutate(work)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return

        def work() -> Changes:
            result = self._again.run()
            self._logged = result.logged
            return result.changes

        self._runner.mutate(work)
