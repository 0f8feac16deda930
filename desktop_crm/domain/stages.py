"""Lifecycle stages of a contact and the causes recorded when one changes."""

from __future__ import annotations

from enum import StrEnum

from desktop_crm.i18n import N_, _


class Stage(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    REPEAT_BUYER = "repeat_buyer"
    NOT_NOW = "not_now"
    DISQUALIFIED = "disqualified"

    @property
    def label(self) -> str:
        return _(_STAGE_LABELS[self])


_STAGE_LABELS = {
    Stage.LEAD: N_("Lead"),
    Stage.PROSPECT: N_("Prospect"),
    Stage.CUSTOMER: N_("Customer"),
    Stage.REPEAT_BUYER: N_("Repeat buyer"),
    Stage.NOT_NOW: N_("Not now"),
    Stage.DISQUALIFIED: N_("Disqualified"),
}

# The main line of the sales process, in order; the other two are side tracks.
FUNNEL = (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER, Stage.REPEAT_BUYER)
SIDE_TRACKS = (Stage.NOT_NOW, Stage.DISQUALIFIED)


class Cause(StrEnum):
    """Why a stage changed; stored in the stage history."""

    CREATED = "created"
    IMPORTED = "imported"
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"
    PRESENTATION_YES = "presentation_yes"
    PRESENTATION_NO = "presentation_no"
    WON_DEAL = "won_deal"
    REPEAT_SALE = "repeat_sale"
    MANUAL = "manual"
    MERGED = "merged"

    @property
    def label(self) -> str:
        return _(_CAUSE_LABELS[self])


_CAUSE_LABELS = {
    Cause.CREATED: N_("Added"),
    Cause.IMPORTED: N_("Imported"),
    Cause.QUALIFIED: N_("Meets every criterion"),
    Cause.DISQUALIFIED: N_("Does not meet a criterion"),
    Cause.PRESENTATION_YES: N_("Said yes"),
    Cause.PRESENTATION_NO: N_("Said no"),
    Cause.WON_DEAL: N_("Deal won"),
    Cause.REPEAT_SALE: N_("Bought again"),
    Cause.MANUAL: N_("Changed by hand"),
    Cause.MERGED: N_("Merged with a duplicate"),
}


def parse_stage(value: str) -> Stage:
    """A stage from its code or its English/Dutch label; ValueError otherwise."""
    text = value.strip().lower().replace(" ", "_").replace("-", "_")
    for stage in Stage:
        if text in (stage.value, stage.label.lower().replace(" ", "_")):
            return stage
    raise ValueError(value)
