"""A saved edit of a contact's fields, a new contact or a logged conversation as an undo step:
Undo puts the values back, takes the new contact away (archived, so Redo brings it back
whole), or takes the conversation and what its outcome changed back."""

from __future__ import annotations

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.errors import ConflictError, DatabaseError, UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import archive_contacts, draft_from, update_contact
from desktop_crm.services.conversation_undo import LoggedChange, unlog_conversation
from desktop_crm.services.conversations import LogRequest, LogResult
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.undo import RunnerCommand, Work


class ContactEditCommand(RunnerCommand):
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
        super().__init__(
            _("Edit {name}").format(name=after.full_name or before.full_name), runner, done=True
        )
        self._id = after.id
        self._before = draft_from(before)
        self._after = draft_from(after)
        self._clock = clock
        self._region = region

    def work(self, forward: bool) -> Work:
        contact_id, clock, region = self._id, self._clock, self._region
        draft = self._after if forward else self._before

        def write() -> Changes:
            try:
                update_contact(contact_id, draft, clock=clock, region=region)
            except (DatabaseError, ConflictError):
                raise  # refused: nothing written, the step stays where it was
            except UserError:
                return Changes()  # archived or removed since: nothing left to put back
            return Changes(contact_ids={contact_id})

        return write


class NewContactCommand(RunnerCommand):
    """Pushed after the contact was created; Undo archives it and Redo restores it, each one
    transaction on the writer thread (the runner publishes the Changes)."""

    def __init__(self, created: ContactDetails, runner: OperationRunner, *, clock=None) -> None:
        super().__init__(
            _("Add {name}").format(name=created.full_name or _("(no name)")), runner, done=True
        )
        self._id = created.id
        self._clock = clock

    def work(self, forward: bool) -> Work:
        contact_id, clock = self._id, self._clock
        return lambda: archive_contacts([contact_id], not forward, clock=clock)


class LogConversationCommand(RunnerCommand):
    """Pushed after the conversation was logged; Undo takes it back with what its outcome
    changed (stage, re-contact date, follow-up, won deal) and Redo logs it again at the same
    moment, each one transaction on the writer thread (the runner publishes the Changes)."""

    def __init__(
        self, request: LogRequest, done: LogResult, name: str, runner: OperationRunner
    ) -> None:
        super().__init__(
            _("Log conversation with {name}").format(name=name or _("(no name)")),
            runner,
            done=True,
        )
        self._again = request.again(done)
        # Set on the writer thread by each Redo; read there by the next Undo, which the
        # runner runs after it (mutations run one at a time, in order).
        self._logged: LoggedChange | None = done.logged
        self._clock = request.clock

    def work(self, forward: bool) -> Work:
        return self._log_again if forward else self._unlog

    def _unlog(self) -> Changes:
        logged = self._logged
        if logged is None:
            return Changes()
        changes = unlog_conversation(logged, clock=self._clock)
        self._logged = None  # only once it went through: a refused undo can be tried again
        return changes

    def _log_again(self) -> Changes:
        result = self._again.run()
        self._logged = result.logged
        return result.changes
