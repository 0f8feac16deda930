"""Qualification: a lead becomes a prospect when it meets every criterion.

Interest in buying is deliberately not a criterion (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.i18n import N_


class Answer(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DefaultCriterion:
    key: str
    name: str  # English source text; translated where shown


DEFAULT_CRITERIA = (
    DefaultCriterion("target_market", N_("Fits the target market")),
    DefaultCriterion("means", N_("Has the means to buy")),
    DefaultCriterion("authority", N_("Can decide")),
)


@dataclass(frozen=True)
class StageMove:
    to_stage: Stage
    cause: Cause


def is_qualified(criteria_ids: Iterable[int], answers: Mapping[int, Answer]) -> bool:
    """True when there is at least one criterion and every one is met."""
    ids = list(criteria_ids)
    return bool(ids) and all(answers.get(cid) == Answer.MET for cid in ids)


def unmet_criteria(criteria_ids: Iterable[int], answers: Mapping[int, Answer]) -> list[int]:
    return [cid for cid in criteria_ids if answers.get(cid) != Answer.MET]


def move_after_answers(
    stage: Stage, criteria_ids: Iterable[int], answers: Mapping[int, Answer]
) -> StageMove | None:
    """The automatic promotion: only a lead is promoted, and only when fully qualified."""
    if stage == Stage.LEAD and is_qualified(criteria_ids, answers):
        return StageMove(Stage.PROSPECT, Cause.QUALIFIED)
    return None


def disqualify(stage: Stage) -> StageMove | None:
    """A criterion not met may disqualify a lead or prospect (the user decides)."""
    if stage in (Stage.LEAD, Stage.PROSPECT, Stage.NOT_NOW):
        return StageMove(Stage.DISQUALIFIED, Cause.DISQUALIFIED)
    return None
