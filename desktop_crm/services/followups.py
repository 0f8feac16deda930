"""Follow-ups of a contact: add, list, mark done, snooze and reopen, each in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.local_time import aware, from_utc_naive, local_zone_of, to_utc_naive
from desktop_crm.domain.names import clean_text
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import N_, _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

# Texts the app writes itself are stored as their English source and translated when
# shown, so a follow-up made while the app spoke English reads Dutch after a switch.
PRESENTATION_FOLLOW_UP = N_("Follow up on the presentation")
AUTOMATIC_TEXTS = frozenset({PRESENTATION_FOLLOW_UP})


def shown_text(stored: str) -> str:
    """A follow-up's text in the user's language when the app wrote it, else as typed."""
    return _(stored) if stored in AUTOMATIC_TEXTS else stored


MAX_TEXT_LENGTH = 2000
# Dates far outside a working life are typing slips (0226 for 2026), not plans.
FIRST_YEAR, LAST_YEAR = 1900, 2200


@dataclass(frozen=True)
class FollowUpView:
    id: int
    contact_id: int
    due_at: datetime  # aware, local
    text: str
    done_at: datetime | None
    snoozed_until: datetime | None
    created_at: datetime

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def effective_due_at(self) -> datetime:
        """When it is due now: the snooze, if one moved it later."""
        if self.snoozed_until is not None and self.snoozed_until > self.due_at:
            return self.snoozed_until
        return self.due_at

    @property
    def changes(self) -> Changes:
        return Changes(contact_ids={self.contact_id}, follow_ups=True)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "due_at": self.due_at.isoformat(),
            "text": self.text,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
        }


def _view(row: m.FollowUp, zone: tzinfo | None) -> FollowUpView:
    return FollowUpView(
        id=row.id,
        contact_id=row.contact_id,
        due_at=from_utc_naive(row.due_at, zone),
        text=shown_text(row.text),
        done_at=from_utc_naive(row.done_at, zone) if row.done_at else None,
        snoozed_until=from_utc_naive(row.snoozed_until, zone) if row.snoozed_until else None,
        created_at=from_utc_naive(row.created_at, zone),
    )


def _check_moment(moment: datetime, field: str) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationError(
            _("The date {value} is out of range (years {first} to {last}).").format(
                value=moment.date().isoformat(), first=FIRST_YEAR, last=LAST_YEAR
            ),
            field=field,
        )
    return aware(moment)


def _check_text(text: str) -> str:
    cleaned = clean_text(text)
    if not cleaned:
        raise ValidationError(_("A follow-up needs a text: what is there to do?"), field="text")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("The text is too long ({length} characters; at most {limit}).").format(
                length=len(cleaned), limit=MAX_TEXT_LENGTH
            ),
            field="text",
        )
    return cleaned


def _load(follow_up_id: int) -> m.FollowUp:
    row = m.FollowUp.get_or_none(m.FollowUp.id == follow_up_id)
    if row is None:
        raise NotFoundError(_("There is no follow-up with number {id}.").format(id=follow_up_id))
    return row


def add_follow_up(
    contact_id: int, due_at: datetime, text: str, *, clock: Clock | None = None
) -> FollowUpView:
    """Schedule a follow-up; a due time in the past is allowed and is simply overdue."""
    now = (clock or SystemClock()).now()
    due_at = _check_moment(due_at, "due_at")
    cleaned = _check_text(text)
    with write_transaction():
        contact_row(contact_id)
        row = m.FollowUp.create(
            contact=contact_id,
            due_at=to_utc_naive(due_at),
            text=cleaned,
            created_at=to_utc_naive(now),
        )
    return _view(row, local_zone_of(due_at))


def get_follow_up(follow_up_id: int, *, zone: tzinfo | None = None) -> FollowUpView:
    return _view(_load(follow_up_id), zone)


def follow_ups_for(
    contact_id: int, *, include_done: bool = True, zone: tzinfo | None = None
) -> list[FollowUpView]:
    """A contact's follow-ups, open ones first, each group by due time."""
    query = m.FollowUp.select().where(m.FollowUp.contact == contact_id)
    if not include_done:
        query = query.where(m.FollowUp.done_at.is_null())
    rows = list(query.order_by(m.FollowUp.due_at, m.FollowUp.id))
    views = [_view(row, zone) for row in rows]
    return [v for v in views if not v.is_done] + [v for v in views if v.is_done]


def mark_done(follow_up_id: int, *, clock: Clock | None = None) -> FollowUpView:
    """Done; doing it twice keeps the first moment (two apps may both click it)."""
    now = (clock or SystemClock()).now()
    with write_transaction():
        row = _load(follow_up_id)
        if row.done_at is None:
            row.done_at = to_utc_naive(now)
            row.snoozed_until = None
            row.save(only=row.dirty_fields)  # the columns set here only
    return _view(row, local_zone_of(now))


def snooze_follow_up(
    follow_up_id: int, until: datetime, *, clock: Clock | None = None
) -> FollowUpView:
    """Put off until `until`; the alarm is raised once more then."""
    now = (clock or SystemClock()).now()
    until = _check_moment(until, "snoozed_until")
    if until <= now:
        raise ValidationError(_("Snooze until a moment in the future."), field="snoozed_until")
    with write_transaction():
        row = _load(follow_up_id)
        if row.done_at is not None:
            raise ValidationError(
                _("This follow-up is done; reopen it before snoozing it."), field="snoozed_until"
            )
        row.snoozed_until = to_utc_naive(until)
        row.save(only=row.dirty_fields)  # the columns set here only
    return _view(row, local_zone_of(now))


def reopen(follow_up_id: int, *, clock: Clock | None = None) -> FollowUpView:
    """Undo "done": the follow-up is open again, at its old due time (overdue if it passed)."""
    now = (clock or SystemClock()).now()
    with write_transaction():
        row = _load(follow_up_id)
        row.done_at = None
        row.snoozed_until = None
        row.save(only=row.dirty_fields)  # the columns set here only
    return _view(row, local_zone_of(now))
