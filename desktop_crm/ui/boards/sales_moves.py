"""What dropping contacts on a stage does: the same rules as the detail pane, with the questions
asked through callbacks so the board decides how to ask (and tests how to answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import UserError
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import summaries
from desktop_crm.services.contacts import set_stage
from desktop_crm.services.qualification import disqualify_contact, mark_all_met, unmet_for
from desktop_crm.services.records import ContactSummary

# (contact, number of unmet criteria) → mark them all met?
ConfirmMarkMet = Callable[[ContactSummary, int], bool]
# contact → the reason it does not qualify, or None to leave it
AskDisqualifyReason = Callable[[ContactSummary], str | None]


@dataclass
class MoveResult:
    changes: Changes = field(default_factory=Changes)
    errors: list[str] = field(default_factory=list)


@dataclass
class MovePlan:
    """What a drop will do, decided on the GUI thread (where the questions are asked)."""

    target: Stage
    qualify: list[int] = field(default_factory=list)  # leads whose criteria are all ticked
    disqualify: list[tuple[int, str]] = field(default_factory=list)  # (contact, reason)
    by_hand: list[int] = field(default_factory=list)  # a plain move, recorded as manual

    @property
    def is_empty(self) -> bool:
        return not (self.qualify or self.disqualify or self.by_hand)


def plan_moves(
    ids: list[int],
    target: Stage,
    *,
    confirm_mark_met: ConfirmMarkMet,
    ask_disqualify_reason: AskDisqualifyReason,
) -> MovePlan:
    """Ask what needs asking; reads only the dropped contacts (a few rows by id)."""
    plan = MovePlan(target)
    rows = summaries(ids)
    for contact_id in ids:
        contact = rows.get(contact_id)
        if contact is None or contact.stage == target.value:
            continue
        if target == Stage.PROSPECT and contact.stage == Stage.LEAD.value:
            unmet = len(unmet_for(contact.id))
            if not unmet or confirm_mark_met(contact, unmet):
                plan.qualify.append(contact_id)
        elif target == Stage.DISQUALIFIED:
            reason = ask_disqualify_reason(contact)
            if reason:
                plan.disqualify.append((contact_id, reason))
        else:
            plan.by_hand.append(contact_id)
    return plan


def apply_moves(plan: MovePlan, *, clock: Clock) -> MoveResult:
    """Carry out a plan (off the GUI thread); one refused contact does not stop the others."""
    result = MoveResult()
    for contact_id in plan.qualify:
        try:
            done = mark_all_met(contact_id, clock=clock)
            result.changes.merge(done.changes)
            if not done.promoted:
                # No active criteria at all: nothing to tick, so the move is a plain one.
                result.changes.merge(set_stage([contact_id], Stage.PROSPECT, clock=clock))
        except UserError as exc:
            result.errors.append(exc.message)
    for contact_id, reason in plan.disqualify:
        try:
            result.changes.merge(disqualify_contact(contact_id, reason, clock=clock).changes)
        except UserError as exc:
            result.errors.append(exc.message)
    if plan.by_hand:
        try:
            result.changes.merge(
                set_stage(plan.by_hand, plan.target, cause=Cause.MANUAL, clock=clock)
            )
        except UserError as exc:
            result.errors.append(exc.message)
    return result
