"""How the window names the reasons of a duplicate match."""

from __future__ import annotations

from desktop_crm.i18n import N_, _

_REASONS = {
    "same_email": N_("Same email"),
    "same_phone": N_("Same phone"),
    "similar_name": N_("Similar name"),
    "same_company": N_("Same company"),
    "same_birthday": N_("Same birthday"),
}


def reasons_text(reasons: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_(_REASONS[r]) for r in reasons if r in _REASONS)


def score_text(score: float) -> str:
    return f"{round(score * 100)}%"
