"""What a presentation's outcome does to a contact: yes, not ready, or no."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.i18n import N_, _

FOLLOW_UP_AFTER = timedelta(days=14)
RECONTACT_AFTER_MONTHS = 6


class Outcome(StrEnum):
    YES = "yes"
    NOT_READY = "not_ready"
    NO = "no"

    @property
    def label(self) -> str:
        return _(_OUTCOME_LABELS[self.value])


_OUTCOME_LABELS = {"yes": N_("Yes"), "not_ready": N_("Not ready"), "no": N_("No")}


@dataclass(frozen=True)
class OutcomeEffect:
    new_stage: Stage | None  # None: the stage stays as it is
    cause: Cause | None
    follow_up_at: datetime | None = None
    recontact_on: date | None = None
    win_open_deal: bool = False


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_follow_up_at(now: datetime) -> datetime:
    """Two weeks on, at the same time of day."""
    return now + FOLLOW_UP_AFTER


def default_recontact_on(today: date) -> date:
    return add_months(today, RECONTACT_AFTER_MONTHS)


def apply_outcome(
    stage: Stage,
    outcome: Outcome,
    now: datetime,
    *,
    stays_on_list: bool = True,
    follow_up_at: datetime | None = None,
    recontact_on: date | None = None,
) -> OutcomeEffect:
    """The sales-process rule for a presentation's outcome (DESIGN.md, step 3)."""
    if outcome == Outcome.YES:
        if stage == Stage.CUSTOMER:
            return OutcomeEffect(Stage.REPEAT_BUYER, Cause.REPEAT_SALE, win_open_deal=True)
        if stage == Stage.REPEAT_BUYER:
            return OutcomeEffect(None, None, win_open_deal=True)
        return OutcomeEffect(Stage.CUSTOMER, Cause.PRESENTATION_YES, win_open_deal=True)
    if outcome == Outcome.NOT_READY:
        when = follow_up_at or default_follow_up_at(now)
        return OutcomeEffect(None, None, follow_up_at=when)
    if stays_on_list:
        recontact = recontact_on or default_recontact_on(now.date())
        return OutcomeEffect(Stage.NOT_NOW, Cause.PRESENTATION_NO, recontact_on=recontact)
    return OutcomeEffect(Stage.DISQUALIFIED, Cause.PRESENTATION_NO)


def stage_after_won_sale(stage: Stage, won_sales_before: int) -> Stage | None:
    """The first won sale makes a customer, the second a repeat buyer."""
    if won_sales_before >= 1 and stage in (Stage.CUSTOMER, Stage.REPEAT_BUYER):
        return Stage.REPEAT_BUYER if stage != Stage.REPEAT_BUYER else None
    if stage in (Stage.CUSTOMER, Stage.REPEAT_BUYER):
        return None
    return Stage.CUSTOMER
