"""Editing a deal pipeline's stages (Settings): reorder, remove when empty, default probability.

Adding and renaming live in `services/deals.py`; Won and Lost stay last and cannot go."""

from __future__ import annotations

from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction


def _open_stage(stage_id: int) -> m.PipelineStage:
    stage = m.PipelineStage.get_or_none(m.PipelineStage.id == stage_id)
    if stage is None:
        raise ValidationError(_("That stage no longer exists."))
    if stage.kind != "open":
        raise ValidationError(_("Won and Lost close a deal; they cannot be moved or removed."))
    return stage


def reorder_stages(pipeline_id: int, open_ids_in_order: list[int]) -> None:
    """Put the open stages in this order, before Won and Lost, in one transaction."""
    with write_transaction():
        stages = list(
            m.PipelineStage.select()
            .where(m.PipelineStage.pipeline == pipeline_id)
            .order_by(m.PipelineStage.position)
        )
        open_ids = [s.id for s in stages if s.kind == "open"]
        if sorted(open_ids) != sorted(open_ids_in_order):
            raise ValidationError(_("The stages changed meanwhile; try again."))
        closing = [s.id for s in stages if s.kind != "open"]
        for position, stage_id in enumerate([*open_ids_in_order, *closing]):
            m.PipelineStage.update(position=position).where(
                m.PipelineStage.id == stage_id
            ).execute()


def remove_stage(stage_id: int) -> None:
    """Remove an open stage that holds no deal; one that does says so and stays."""
    with write_transaction():
        stage = _open_stage(stage_id)
        deals = m.Deal.select().where(m.Deal.stage == stage_id).count()
        if deals:
            raise ValidationError(
                _("“{name}” still holds {count} deals; move them first.").format(
                    name=stage.name, count=deals
                )
            )
        stage.delete_instance()


def set_probability(stage_id: int, probability: int) -> None:
    """The default chance of winning for deals put in this stage (0–100 %)."""
    if not 0 <= probability <= 100:
        raise ValidationError(_("A probability is 0 to 100 percent."), field="probability")
    with write_transaction():
        m.PipelineStage.update(probability=probability).where(
            m.PipelineStage.id == stage_id
        ).execute()


IDLE_DAYS_KEY = "pipeline.idle_days"
DEFAULT_IDLE_DAYS = 14  # the deals board's default before Settings existed
MAX_IDLE_DAYS = 365


def load_idle_days(default: int = DEFAULT_IDLE_DAYS) -> int:
    """Days without activity before a deal shows as idle on the board."""
    row = m.Setting.get_or_none(m.Setting.key == IDLE_DAYS_KEY)
    try:
        days = int(row.value) if row is not None else default
    except ValueError:
        return default  # written badly by another version: the default, not an error
    return days if 1 <= days <= MAX_IDLE_DAYS else default


def save_idle_days(days: int) -> int:
    if not 1 <= days <= MAX_IDLE_DAYS:
        raise ValidationError(
            _("A deal counts as idle after 1 to {limit} days.").format(limit=MAX_IDLE_DAYS),
            field="idle_days",
        )
    with write_transaction():
        m.Setting.insert(key=IDLE_DAYS_KEY, value=str(days)).on_conflict(
            conflict_target=[m.Setting.key], update={m.Setting.value: str(days)}
        ).execute()
    return days
