"""Qualifying leads: the criteria list and each contact's answers; full marks promote to prospect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.qualification import (
    DEFAULT_CRITERIA,
    Answer,
    disqualify,
    move_after_answers,
    unmet_criteria,
)
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row, move_stage, save_changed
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

_DEFAULT_NAMES = {c.key: c.name for c in DEFAULT_CRITERIA}


@dataclass(frozen=True)
class CriterionView:
    id: int
    name: str  # in the user's language for an untouched default
    answer: str = Answer.UNKNOWN.value
    note: str = ""


@dataclass(frozen=True)
class QualificationResult:
    changes: Changes
    promoted: bool = False
    disqualified: bool = False
    stage: str = ""


def _display_name(criterion: m.Criterion) -> str:
    if criterion.key and criterion.name == _DEFAULT_NAMES.get(criterion.key):
        return _(criterion.name)
    return criterion.name


def active_criteria() -> list[m.Criterion]:
    return list(
        m.Criterion.select().where(m.Criterion.active == True).order_by(m.Criterion.position)  # noqa: E712
    )


def checklist(contact_id: int) -> list[CriterionView]:
    answers = {
        a.criterion_id: a
        for a in m.ContactCriterion.select().where(m.ContactCriterion.contact == contact_id)
    }
    views = []
    for criterion in active_criteria():
        answer = answers.get(criterion.id)
        views.append(
            CriterionView(
                criterion.id,
                _display_name(criterion),
                answer.answer if answer else Answer.UNKNOWN.value,
                answer.note if answer else "",
            )
        )
    return views


def _answers_of(contact_id: int) -> dict[int, Answer]:
    return {
        a.criterion_id: Answer(a.answer)
        for a in m.ContactCriterion.select().where(m.ContactCriterion.contact == contact_id)
    }


def _set_answer(
    contact_id: int, criterion_id: int, answer: Answer, note: str, now: datetime
) -> None:
    m.ContactCriterion.insert(
        contact=contact_id, criterion=criterion_id, answer=answer.value, note=note, answered_at=now
    ).on_conflict(
        conflict_target=[m.ContactCriterion.contact, m.ContactCriterion.criterion],
        update={
            m.ContactCriterion.answer: answer.value,
            m.ContactCriterion.note: note,
            m.ContactCriterion.answered_at: now,
        },
    ).execute()


def _move(contact: m.Contact, to: Stage, cause: Cause, now: datetime, note: str = "") -> None:
    if move_stage(contact, to, cause, now, note):
        save_changed(contact, now)


def _after_answers(contact: m.Contact, now: datetime) -> QualificationResult:
    """Promote a lead whose answers now meet every criterion (inside the caller's transaction)."""
    ids = [c.id for c in active_criteria()]
    move = move_after_answers(Stage(contact.stage), ids, _answers_of(contact.id))
    if move:
        _move(contact, move.to_stage, move.cause, now)
    return QualificationResult(
        Changes(contact_ids={contact.id}, stages=bool(move)),
        promoted=bool(move),
        stage=contact.stage,
    )


def answer_criterion(
    contact_id: int,
    criterion_id: int,
    answer: Answer | str,
    *,
    note: str = "",
    clock: Clock | None = None,
) -> QualificationResult:
    """Record one answer; the last criterion met promotes a lead to prospect."""
    answer = Answer(answer)
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        contact = contact_row(contact_id)
        if m.Criterion.get_or_none(m.Criterion.id == criterion_id) is None:
            raise NotFoundError(_("That qualification criterion no longer exists."))
        _set_answer(
            contact_id, criterion_id, answer, strip_controls(note, multiline=True).strip(), now
        )
        return _after_answers(contact, now)


def mark_all_met(contact_id: int, *, clock: Clock | None = None) -> QualificationResult:
    """Tick every criterion (a lead dropped on Prospect whose user confirmed it qualifies)."""
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        contact = contact_row(contact_id)
        for criterion in active_criteria():
            _set_answer(contact_id, criterion.id, Answer.MET, "", now)
        return _after_answers(contact, now)


def unmet_for(contact_id: int) -> list[int]:
    return unmet_criteria([c.id for c in active_criteria()], _answers_of(contact_id))


def disqualify_contact(
    contact_id: int, reason: str, *, clock: Clock | None = None
) -> QualificationResult:
    """Mark a contact disqualified, with the reason in the stage history."""
    if not reason.strip():
        raise ValidationError(_("Say why the contact does not qualify."), field="reason")
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        contact = contact_row(contact_id)
        move = disqualify(Stage(contact.stage))
        if move is None:
            raise ValidationError(
                _("A {stage} cannot be disqualified.").format(stage=Stage(contact.stage).label),
                field="stage",
            )
        _move(
            contact, move.to_stage, move.cause, now, strip_controls(reason, multiline=True).strip()
        )
    return QualificationResult(
        Changes(contact_ids={contact_id}, stages=True), disqualified=True, stage=contact.stage
    )


# --- the criteria list itself (Settings) ---


def add_criterion(name: str) -> int:
    text = " ".join(name.split())
    if not text:
        raise ValidationError(_("Give the criterion a name."), field="name")
    with write_transaction():
        last = m.Criterion.select(pw.fn.MAX(m.Criterion.position)).scalar() or 0
        return m.Criterion.create(name=text, position=last + 1).id


def rename_criterion(criterion_id: int, name: str) -> None:
    text = " ".join(name.split())
    if not text:
        raise ValidationError(_("Give the criterion a name."), field="name")
    with write_transaction():
        m.Criterion.update(name=text).where(m.Criterion.id == criterion_id).execute()


def remove_criterion(criterion_id: int) -> None:
    """Retire a criterion; answers stay in the database but no longer count."""
    with write_transaction():
        m.Criterion.update(active=False).where(m.Criterion.id == criterion_id).execute()


def reorder_criteria(ids_in_order: list[int]) -> None:
    with write_transaction():
        for position, cid in enumerate(ids_in_order):
            m.Criterion.update(position=position).where(m.Criterion.id == cid).execute()
