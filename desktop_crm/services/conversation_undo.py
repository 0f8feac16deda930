"""Undo of a logged conversation: what the log changed, and putting exactly that back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_or_none, save_changed
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction


@dataclass(frozen=True)
class DealBefore:
    """The columns `win_open_deal` sets, as they were before the presentation said yes."""

    id: int
    stage_id: int
    status: str
    probability: int
    close_reason: str
    closed_at: datetime | None
    updated_at: datetime

    @classmethod
    def of(cls, deal: m.Deal) -> DealBefore:
        return cls(
            deal.id,
            deal.stage_id,
            deal.status,
            deal.probability,
            deal.close_reason,
            deal.closed_at,
            deal.updated_at,
        )


@dataclass(frozen=True)
class LoggedChange:
    """Everything one log wrote, so Undo takes back that and nothing else."""

    contact_id: int
    conversation_id: int
    at_utc: datetime  # the conversation's time as stored; its stage history row has it too
    stage_before: str
    stage_after: str | None = None  # None: the stage did not change
    recontact_before: date | None = None
    recontact_after: date | None = None
    recontact_changed: bool = False
    follow_up_id: int | None = None
    deal_before: DealBefore | None = None


def unlog_conversation(logged: LoggedChange, *, clock: Clock | None = None) -> Changes:
    """One transaction: the conversation, its follow-up and stage history row go; the stage,
    re-contact date and won deal are put back where nothing changed them since."""
    clock = clock or SystemClock()
    contact_id = logged.contact_id
    with write_transaction():
        contact = contact_or_none(contact_id)
        if contact is None:
            return Changes()  # removed since: nothing left to take back
        m.Conversation.delete().where(m.Conversation.id == logged.conversation_id).execute()
        changes = Changes(contact_ids={contact_id}, conversations=True)
        if logged.follow_up_id is not None:
            m.FollowUp.delete().where(m.FollowUp.id == logged.follow_up_id).execute()
            changes.follow_ups = True
        # A later move or edit (by the user, or another desktop) wins over this Undo.
        if logged.stage_after is not None and contact.stage == logged.stage_after:
            contact.stage = logged.stage_before
            _drop_stage_row(logged)
            changes.stages = True
        if logged.recontact_changed and contact.recontact_on == logged.recontact_after:
            contact.recontact_on = logged.recontact_before
        if logged.deal_before is not None:
            changes.deals = _put_deal_back(logged.deal_before)
        save_changed(contact, to_storage(clock.now()))
        reindex_contacts([contact_id])
    return changes


def _drop_stage_row(logged: LoggedChange) -> None:
    """The history row the log's stage move wrote (the newest of that moment)."""
    row = (
        m.StageChange.select(m.StageChange.id)
        .where(
            (m.StageChange.contact == logged.contact_id)
            & (m.StageChange.changed_at == logged.at_utc)
            & (m.StageChange.to_stage == logged.stage_after)
        )
        .order_by(m.StageChange.id.desc())
        .first()
    )
    if row is not None:
        m.StageChange.delete().where(m.StageChange.id == row.id).execute()


def _put_deal_back(before: DealBefore) -> bool:
    """The deal as it was, unless it was reopened or closed otherwise since."""
    return bool(
        m.Deal.update(
            stage=before.stage_id,
            status=before.status,
            probability=before.probability,
            close_reason=before.close_reason,
            closed_at=before.closed_at,
            updated_at=before.updated_at,
        )
        .where((m.Deal.id == before.id) & (m.Deal.status == "won"))
        .execute()
    )
