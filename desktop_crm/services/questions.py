"""A contact's open questions and concerns: raise, answer, reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row
from desktop_crm.services.times import from_storage, to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

MAX_TEXT = 10_000


@dataclass(frozen=True)
class QuestionView:
    id: int
    contact_id: int
    text: str
    raised_at: datetime
    answered_at: datetime | None
    answer: str

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


def _view(q: m.Question) -> QuestionView:
    return QuestionView(
        q.id, q.contact_id, q.text, from_storage(q.raised_at), from_storage(q.answered_at), q.answer
    )


def _clean(text: str, field: str) -> str:
    value = strip_controls(text, multiline=True).strip()
    if not value:
        raise ValidationError(_("Type the question or concern first."), field=field)
    if len(value) > MAX_TEXT:
        raise ValidationError(
            _("This field takes at most {limit} characters.").format(limit=MAX_TEXT), field=field
        )
    return value


def raise_question(contact_id: int, text: str, *, clock: Clock | None = None) -> Changes:
    """Record an open question; its number is the returned `Changes.id`."""
    value = _clean(text, "text")
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        contact_row(contact_id)
        q = m.Question.create(contact=contact_id, text=value, raised_at=now)
    return Changes(contact_ids={contact_id}, questions=True, id=q.id)


def _question(question_id: int) -> m.Question:
    q = m.Question.get_or_none(m.Question.id == question_id)
    if q is None:
        raise NotFoundError(_("That question no longer exists."))
    return q


def answer_question(question_id: int, answer: str, *, clock: Clock | None = None) -> Changes:
    value = _clean(answer, "answer")
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        q = _question(question_id)
        q.answer = value
        q.answered_at = now
        q.save(only=q.dirty_fields)  # the columns set here only
    return Changes(contact_ids={q.contact_id}, questions=True)


def reopen_question(question_id: int) -> Changes:
    with write_transaction():
        q = _question(question_id)
        q.answered_at = None
        q.save(only=q.dirty_fields)  # the columns set here only
    return Changes(contact_ids={q.contact_id}, questions=True)


def questions_of(contact_id: int) -> list[QuestionView]:
    rows = (
        m.Question.select()
        .where(m.Question.contact == contact_id)
        .order_by(m.Question.answered_at.is_null(False), m.Question.raised_at.desc())
    )
    return [_view(q) for q in rows]


def open_questions(limit: int = 200) -> list[QuestionView]:
    rows = (
        m.Question.select()
        .join(m.Contact)
        .where(m.Question.answered_at.is_null() & (m.Contact.archived == False))  # noqa: E712
        .order_by(m.Question.raised_at)
        .limit(limit)
    )
    return [_view(q) for q in rows]
