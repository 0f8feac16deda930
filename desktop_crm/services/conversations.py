"""Logging a conversation; a presentation's outcome applies the sales-process rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.outcomes import Outcome, apply_outcome
from desktop_crm.domain.stages import Stage
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import N_, _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row, move_stage, save_changed
from desktop_crm.services.conversation_undo import DealBefore, LoggedChange
from desktop_crm.services.deals import newest_open_deal, win_open_deal
from desktop_crm.services.followups import PRESENTATION_FOLLOW_UP
from desktop_crm.services.sales_defaults import load_sales_defaults
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.services.times import from_storage, to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

MAX_TEXT = 50_000


class Kind(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    PRESENTATION = "presentation"
    NOTE = "note"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    Kind.CALL: N_("Call"),
    Kind.MEETING: N_("Meeting"),
    Kind.EMAIL: N_("Email"),
    Kind.PRESENTATION: N_("Presentation"),
    Kind.NOTE: N_("Note"),
}


@dataclass(frozen=True)
class ConversationView:
    id: int
    kind: str
    happened_at: datetime
    text: str
    outcome: str | None


@dataclass(frozen=True)
class LogResult:
    conversation_id: int
    changes: Changes
    new_stage: str | None = None
    follow_up_id: int | None = None
    follow_up_at: datetime | None = None
    recontact_on: date | None = None
    won_deal_id: int | None = None
    messages: list[str] = field(default_factory=list)
    # What this log wrote, for its Undo (services.conversation_undo.unlog_conversation).
    logged: LoggedChange | None = None


def log_conversation(
    contact_id: int,
    kind: Kind | str,
    text: str,
    *,
    outcome: Outcome | str | None = None,
    stays_on_list: bool = True,
    follow_up_at: datetime | None = None,
    recontact_on: date | None = None,
    happened_at: datetime | None = None,
    clock: Clock | None = None,
) -> LogResult:
    """One transaction: the conversation, and for a presentation its outcome's effects."""
    clock = clock or SystemClock()
    try:
        kind = Kind(kind)
    except ValueError:
        raise ValidationError(
            _("Unknown kind of conversation: {value}").format(value=kind)
        ) from None
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("A conversation note takes at most {limit} characters.").format(limit=MAX_TEXT),
            field="text",
        )
    if outcome is not None and kind != Kind.PRESENTATION:
        raise ValidationError(_("Only a presentation has an outcome."), field="outcome")
    result_outcome = Outcome(outcome) if outcome else None
    now_local = clock.now()
    when = to_storage(happened_at or now_local)
    messages: list[str] = []
    with write_transaction():
        contact = contact_row(contact_id)
        talk = m.Conversation.create(
            contact=contact,
            kind=kind.value,
            happened_at=when,
            text=strip_controls(text, multiline=True).strip(),
            outcome=result_outcome.value if result_outcome else None,
        )
        changes = Changes(contact_ids={contact_id}, conversations=True)
        new_stage = follow_up_id = won_deal_id = None
        effect = None
        stage_before, recontact_before = contact.stage, contact.recontact_on
        deal_before: DealBefore | None = None
        if result_outcome:
            # The user's defaults from Settings, where the caller chose no date itself.
            defaults = load_sales_defaults()
            if follow_up_at is None and result_outcome == Outcome.NOT_READY:
                follow_up_at = defaults.follow_up_at(now_local)
            if recontact_on is None and result_outcome == Outcome.NO:
                recontact_on = defaults.recontact_on(now_local.date())
            effect = apply_outcome(
                Stage(contact.stage),
                result_outcome,
                now_local,
                stays_on_list=stays_on_list,
                follow_up_at=follow_up_at,
                recontact_on=recontact_on,
            )
            if (
                effect.new_stage
                and effect.cause
                and move_stage(contact, effect.new_stage, effect.cause, when)
            ):
                new_stage = effect.new_stage.value
                changes.stages = True
                messages.append(
                    _("{name} is now: {stage}.").format(
                        name=contact.display_name, stage=effect.new_stage.label
                    )
                )
            if effect.follow_up_at:
                follow_up_id = m.FollowUp.create(
                    contact=contact,
                    due_at=to_storage(effect.follow_up_at),
                    text=PRESENTATION_FOLLOW_UP,  # translated where shown
                    created_at=when,
                ).id
                changes.follow_ups = True
            if effect.recontact_on:
                contact.recontact_on = effect.recontact_on
            if effect.win_open_deal:
                open_deal = newest_open_deal(contact.id)
                deal_before = DealBefore.of(open_deal) if open_deal else None
                won_deal_id = win_open_deal(contact.id, when)
                changes.deals = won_deal_id is not None
        save_changed(contact, when)
        reindex_contacts([contact_id])
    logged = LoggedChange(
        contact_id=contact_id,
        conversation_id=talk.id,
        at_utc=when,
        stage_before=stage_before,
        stage_after=new_stage,
        recontact_before=recontact_before,
        recontact_after=contact.recontact_on,
        recontact_changed=bool(effect and effect.recontact_on),
        follow_up_id=follow_up_id,
        deal_before=deal_before if won_deal_id is not None else None,
    )
    return LogResult(
        conversation_id=talk.id,
        changes=changes,
        new_stage=new_stage,
        follow_up_id=follow_up_id,
        follow_up_at=effect.follow_up_at if effect else None,
        recontact_on=effect.recontact_on if effect else None,
        won_deal_id=won_deal_id,
        messages=messages,
        logged=logged,
    )


@dataclass(frozen=True)
class LogRequest:
    """A log as the user asked for it; `again` is its Redo (same moment, same dates)."""

    contact_id: int
    kind: Kind | str
    text: str
    outcome: Outcome | str | None = None
    stays_on_list: bool = True
    follow_up_at: datetime | None = None
    recontact_on: date | None = None
    happened_at: datetime | None = None
    clock: Clock | None = None

    def run(self) -> LogResult:
        return log_conversation(
            self.contact_id,
            self.kind,
            self.text,
            outcome=self.outcome,
            stays_on_list=self.stays_on_list,
            follow_up_at=self.follow_up_at,
            recontact_on=self.recontact_on,
            happened_at=self.happened_at,
            clock=self.clock,
        )

    def again(self, done: LogResult) -> LogRequest:
        """The request that writes `done` once more: its time and the dates it chose, so a
        Redo days later logs what was undone, not what the defaults say today."""
        assert done.logged is not None
        return replace(
            self,
            happened_at=from_storage(done.logged.at_utc),
            follow_up_at=done.follow_up_at or self.follow_up_at,
            recontact_on=done.recontact_on or self.recontact_on,
        )


def conversations_of(contact_id: int) -> list[ConversationView]:
    rows = (
        m.Conversation.select()
        .where(m.Conversation.contact == contact_id)
        .order_by(m.Conversation.happened_at.desc(), m.Conversation.id.desc())
    )
    return [
        ConversationView(r.id, r.kind, from_storage(r.happened_at), r.text, r.outcome) for r in rows
    ]
