"""What dropping contacts on a stage does: the same rules as the detail pane, with the questions
asked through callbacks so the board decides how to ask (and tests how to answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import UserError
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import set_stage, summaries
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


def move_contacts(
    ids: list[int],
    target: Stage,
    *,
    clock: Clock,
    confirm_mark_met: ConfirmMarkMet,
    ask_disqualify_reason: AskDisqualifyReason,
) -> MoveResult:
    result = MoveResult()
    rows = summaries(ids)
    by_hand: list[int] = []
    for contact_id in ids:
        contact = rows.get(contact_id)
        if contact is None or contact.stage == target.value:
            continue
        try:
            if target == Stage.PROSPECT and contact.stage == Stage.LEAD.value:
                _qualify(contact, clock, confirm_mark_met, result)
            elif target == Stage.DISQUALIFIED:
                reason = ask_disqualify_reason(contact)
                if reason:
                    done = disqualify_contact(contact_id, reason, clock=clock)
                    result.changes.merge(done.changes)
            else:
                by_hand.append(contact_id)
        except UserError as exc:
            result.errors.append(exc.message)
    if by_hand:
        try:
            result.changes.merge(set_stage(by_hand, target, cause=Cause.MANUAL, clock=clock))
        except UserError as exc:
            result.errors.append(exc.message)
    return result


def _qualify(
    contact: ContactSummary, clock: Clock, confirm: ConfirmMarkMet, result: MoveResult
) -> None:
    """A lead becomes a prospect by meeting every criterion, so the drop ticks them all."""
    unmet = len(unmet_for(contact.id))
    if unmet and not confirm(contact, unmet):
        return
    done = mark_all_met(contact.id, clock=clock)
    result.changes.merge(done.changes)
    if not done.promoted:
        # No active criteria at all: nothing to tick, so the move is a plain one.
        result.changes.merge(set_stage([contact.id], Stage.PROSPECT, clock=clock))
