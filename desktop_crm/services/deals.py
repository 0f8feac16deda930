"""Deals on pipelines: add, edit, move between stages, win or lose (with a reason)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.outcomes import stage_after_won_sale
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import N_, _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row, move_stage, save_changed
from desktop_crm.services.times import from_storage, to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

# The default pipeline's stage names, stored in English and shown translated.
DEFAULT_STAGE_NAMES = (
    N_("Qualified"),
    N_("Presentation"),
    N_("Proposal"),
    N_("Negotiation"),
    N_("Won"),
    N_("Lost"),
)


@dataclass(frozen=True)
class PipelineStageView:
    id: int
    name: str
    kind: str  # open, won, lost
    probability: int


@dataclass(frozen=True)
class DealView:
    id: int
    contact_id: int
    contact_name: str
    pipeline_id: int
    stage_id: int
    title: str
    value_minor: int
    currency: str
    expected_close: date | None
    probability: int
    status: str
    close_reason: str
    updated_at: datetime

    @property
    def weighted_minor(self) -> int:
        return self.value_minor * self.probability // 100


def stage_label(name: str) -> str:
    """Default stage names are shown translated; names the user typed, as typed."""
    return _(name) if name in DEFAULT_STAGE_NAMES else name


def pipelines() -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in m.Pipeline.select().order_by(m.Pipeline.position)]


def pipeline_stages(pipeline_id: int) -> list[PipelineStageView]:
    rows = (
        m.PipelineStage.select()
        .where(m.PipelineStage.pipeline == pipeline_id)
        .order_by(m.PipelineStage.position)
    )
    return [PipelineStageView(s.id, stage_label(s.name), s.kind, s.probability) for s in rows]


def _view(deal: m.Deal, contact_name: str) -> DealView:
    return DealView(
        deal.id,
        deal.contact_id,
        contact_name,
        deal.pipeline_id,
        deal.stage_id,
        deal.title,
        deal.value_minor,
        deal.currency,
        deal.expected_close,
        deal.probability,
        deal.status,
        deal.close_reason,
        from_storage(deal.updated_at),
    )


def deals_in(pipeline_id: int) -> list[DealView]:
    rows = (
        m.Deal.select(m.Deal, m.Contact.id, m.Contact.display_name)
        .join(m.Contact)
        .where((m.Deal.pipeline == pipeline_id) & (m.Contact.archived == False))  # noqa: E712
        .order_by(m.Deal.expected_close.asc(nulls="LAST"), m.Deal.id)
    )
    return [_view(d, d.contact.display_name) for d in rows]


def first_deals_per_stage(pipeline_id: int, per_stage: int) -> dict[int, list[DealView]]:
    """Per stage id, the first `per_stage` deals in board order: only the cards a board shows
    are read (one query, ranked in the database), not the thousands behind them."""
    active = (m.Deal.pipeline == pipeline_id) & (m.Contact.archived == False)  # noqa: E712
    rank = pw.fn.ROW_NUMBER().over(
        partition_by=[m.Deal.stage],
        # Portable "NULLS LAST": SQLite and PostgreSQL sort booleans false first.
        order_by=[m.Deal.expected_close.is_null(), m.Deal.expected_close, m.Deal.id],
    )
    ranked = m.Deal.select(m.Deal.id, rank.alias("place")).join(m.Contact).where(active)
    rows = (
        m.Deal.select(m.Deal, m.Contact.id, m.Contact.display_name)
        .join(m.Contact)
        .switch(m.Deal)
        .join(ranked, on=(ranked.c.id == m.Deal.id))
        .where(ranked.c.place <= per_stage)
        .order_by(m.Deal.expected_close.is_null(), m.Deal.expected_close, m.Deal.id)
    )
    found: dict[int, list[DealView]] = {}
    for deal in rows:
        found.setdefault(deal.stage_id, []).append(_view(deal, deal.contact.display_name))
    return found


def first_deals_of_stage(stage_id: int, limit: int) -> list[DealView]:
    """The first `limit` deals of one stage in board order: a column's "Show more" reads
    that column alone (the stage's index), not the whole pipeline again."""
    rows = (
        m.Deal.select(m.Deal, m.Contact.id, m.Contact.display_name)
        .join(m.Contact)
        .where((m.Deal.stage == stage_id) & (m.Contact.archived == False))  # noqa: E712
        .order_by(m.Deal.expected_close.is_null(), m.Deal.expected_close, m.Deal.id)
        .limit(limit)
    )
    return [_view(deal, deal.contact.display_name) for deal in rows]


def pipeline_currencies(pipeline_id: int) -> dict[int, dict[str, int]]:
    """Per stage id, how many deals use each currency (an aggregate, not the deals)."""
    rows = (
        m.Deal.select(m.Deal.stage, m.Deal.currency, pw.fn.COUNT(m.Deal.id))
        .join(m.Contact)
        .where((m.Deal.pipeline == pipeline_id) & (m.Contact.archived == False))  # noqa: E712
        .group_by(m.Deal.stage, m.Deal.currency)
        .tuples()
    )
    found: dict[int, dict[str, int]] = {}
    for stage_id, currency, count in rows:
        found.setdefault(stage_id, {})[currency] = count
    return found


def deals_of(contact_id: int) -> list[DealView]:
    contact = m.Contact.get_or_none(m.Contact.id == contact_id)
    name = contact.display_name if contact else ""
    rows = m.Deal.select().where(m.Deal.contact == contact_id).order_by(m.Deal.created_at.desc())
    return [_view(d, name) for d in rows]


def _validate(title: str, value_minor: int, probability: int | None, currency: str) -> None:
    if not title.strip():
        raise ValidationError(_("Give the deal a title."), field="title")
    if value_minor < 0 or value_minor > 10**15:
        raise ValidationError(_("The value must be zero or more."), field="value")
    if probability is not None and not 0 <= probability <= 100:
        raise ValidationError(
            _("The probability is a percentage from 0 to 100."), field="probability"
        )
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError(_("Use a three-letter currency code such as EUR."), field="currency")


def add_deal(
    contact_id: int,
    title: str,
    value_minor: int,
    *,
    currency: str = "EUR",
    expected_close: date | None = None,
    probability: int | None = None,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    clock: Clock | None = None,
) -> Changes:
    """Add a deal; its number is the returned `Changes.id`."""
    _validate(title, value_minor, probability, currency)
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        contact = contact_row(contact_id)
        pipeline = (
            m.Pipeline.get_or_none(m.Pipeline.id == pipeline_id)
            if pipeline_id
            else (m.Pipeline.select().order_by(m.Pipeline.position).first())
        )
        if pipeline is None:
            raise NotFoundError(_("That pipeline no longer exists."))
        stage = (
            m.PipelineStage.get_or_none(
                (m.PipelineStage.id == stage_id) & (m.PipelineStage.pipeline == pipeline)
            )
            if stage_id
            else m.PipelineStage.select()
            .where((m.PipelineStage.pipeline == pipeline) & (m.PipelineStage.kind == "open"))
            .order_by(m.PipelineStage.position)
            .first()
        )
        if stage is None:
            raise NotFoundError(_("That pipeline stage no longer exists."))
        deal = m.Deal.create(
            contact=contact,
            pipeline=pipeline,
            stage=stage,
            title=strip_controls(title).strip(),
            value_minor=value_minor,
            currency=currency.upper(),
            expected_close=expected_close,
            probability=stage.probability if probability is None else probability,
            created_at=now,
            updated_at=now,
        )
    return Changes(contact_ids={contact.id}, deals=True, id=deal.id)


def update_deal(
    deal_id: int,
    *,
    title: str,
    value_minor: int,
    currency: str = "EUR",
    expected_close: date | None = None,
    probability: int = 0,
    clock: Clock | None = None,
) -> Changes:
    _validate(title, value_minor, probability, currency)
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        deal = _deal(deal_id)
        deal.title = strip_controls(title).strip()
        deal.value_minor = value_minor
        deal.currency = currency.upper()
        deal.expected_close = expected_close
        deal.probability = probability
        deal.updated_at = now
        deal.save(only=deal.dirty_fields)  # the columns set here only
        deal.save()
    return Changes(contact_ids={deal.contact_id}, deals=True, id=deal.id)


def _deal(deal_id: int) -> m.Deal:
    deal = m.Deal.get_or_none(m.Deal.id == deal_id)
    if deal is None:
        raise NotFoundError(_("That deal no longer exists."))
    return deal


def move_deal(
    deal_id: int, stage_id: int, *, reason: str = "", clock: Clock | None = None
) -> Changes:
    """Move a deal to a stage; Won or Lost needs a reason and closes it."""
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        deal = _deal(deal_id)
        stage = m.PipelineStage.get_or_none(
            (m.PipelineStage.id == stage_id) & (m.PipelineStage.pipeline == deal.pipeline_id)
        )
        if stage is None:
            raise NotFoundError(_("That pipeline stage no longer exists."))
        if stage.kind in ("won", "lost") and not reason.strip():
            raise ValidationError(_("Say why the deal was won or lost."), field="reason")
        changes = Changes(contact_ids={deal.contact_id}, deals=True)
        was_won = deal.status == "won"
        deal.stage = stage
        deal.status = stage.kind if stage.kind in ("won", "lost") else "open"
        deal.close_reason = (
            strip_controls(reason, multiline=True).strip() if stage.kind != "open" else ""
        )
        deal.closed_at = now if stage.kind != "open" else None
        if stage.kind == "open":
            deal.probability = stage.probability
        elif stage.kind == "won":
            deal.probability = 100
        else:
            deal.probability = 0
        deal.updated_at = now
        deal.save(only=deal.dirty_fields)  # the columns set here only
        if stage.kind == "won" and not was_won:
            changes.stages = _after_won_sale(deal.contact_id, now, exclude_deal=deal.id)
    return changes


def _after_won_sale(contact_id: int, now: datetime, exclude_deal: int | None = None) -> bool:
    """A first won sale makes a customer, a second a repeat buyer. Returns whether it moved."""
    contact = m.Contact.get_by_id(contact_id)
    won_before = (
        m.Deal.select()
        .where(
            (m.Deal.contact == contact_id)
            & (m.Deal.status == "won")
            & (m.Deal.id != (exclude_deal or 0))
        )
        .count()
    )
    current = Stage(contact.stage)
    target = stage_after_won_sale(current, won_before)
    if target is None or target == current:
        return False
    cause = Cause.REPEAT_SALE if target == Stage.REPEAT_BUYER else Cause.WON_DEAL
    move_stage(contact, target, cause, now)
    save_changed(contact, now)
    return True


def newest_open_deal(contact_id: int) -> m.Deal | None:
    """The open deal a presentation's yes wins: the one touched last."""
    return (
        m.Deal.select()
        .where((m.Deal.contact == contact_id) & (m.Deal.status == "open"))
        .order_by(m.Deal.updated_at.desc(), m.Deal.id.desc())
        .first()
    )


def win_open_deal(contact_id: int, now: datetime) -> int | None:
    """The presentation said yes: the contact's newest open deal is won (stage set by the caller)."""
    deal = newest_open_deal(contact_id)
    if deal is None:
        return None
    won_stage = (
        m.PipelineStage.select()
        .where((m.PipelineStage.pipeline == deal.pipeline_id) & (m.PipelineStage.kind == "won"))
        .first()
    )
    if won_stage is not None:
        deal.stage = won_stage
    deal.status = "won"
    deal.probability = 100
    deal.close_reason = _("Said yes to the presentation")
    deal.closed_at = now
    deal.updated_at = now
    deal.save(only=deal.dirty_fields)  # the columns set here only
    return deal.id


def pipeline_totals(pipeline_id: int) -> dict[int, tuple[int, int, int]]:
    """Per stage id: (count, total value, probability-weighted value) in minor units."""
    rows = (
        m.Deal.select(
            m.Deal.stage,
            pw.fn.COUNT(m.Deal.id),
            pw.fn.SUM(m.Deal.value_minor),
            pw.fn.SUM(m.Deal.value_minor * m.Deal.probability / 100),
        )
        .join(m.Contact)
        .where((m.Deal.pipeline == pipeline_id) & (m.Contact.archived == False))  # noqa: E712
        .group_by(m.Deal.stage)
        .tuples()
    )
    return {sid: (n, int(total or 0), int(weighted or 0)) for sid, n, total, weighted in rows}


def rename_pipeline_stage(stage_id: int, name: str) -> Changes:
    text = " ".join(name.split())
    if not text:
        raise ValidationError(_("Give the stage a name."), field="name")
    with write_transaction():
        m.PipelineStage.update(name=text).where(m.PipelineStage.id == stage_id).execute()
    return Changes(deals=True, id=stage_id)


def add_pipeline_stage(pipeline_id: int, name: str, probability: int = 50) -> Changes:
    """Add an open stage before Won and Lost; its number is the returned `Changes.id`."""
    text = " ".join(name.split())
    if not text:
        raise ValidationError(_("Give the stage a name."), field="name")
    with write_transaction():
        # New open stages go before Won and Lost.
        closing = (
            m.PipelineStage.select(pw.fn.MIN(m.PipelineStage.position))
            .where((m.PipelineStage.pipeline == pipeline_id) & (m.PipelineStage.kind != "open"))
            .scalar()
        )
        if closing is not None:
            m.PipelineStage.update(position=m.PipelineStage.position + 1).where(
                (m.PipelineStage.pipeline == pipeline_id) & (m.PipelineStage.position >= closing)
            ).execute()
            position = closing
        else:
            position = (
                m.PipelineStage.select(pw.fn.MAX(m.PipelineStage.position))
                .where(m.PipelineStage.pipeline == pipeline_id)
                .scalar()
                or 0
            ) + 1
        stage = m.PipelineStage.create(
            pipeline=pipeline_id, name=text, position=position, probability=probability
        )
    return Changes(deals=True, id=stage.id)
