"""How the window names the reasons of a duplicate match."""

from __future__ import annotations

from desktop_crm.i18n import N_, _

# Lower case: they are joined into one phrase whose first letter alone is a capital
# ("Similar name, same company").
_REASONS = {
    "same_email": N_("same email"),
    "same_phone": N_("same phone"),
    "similar_name": N_("similar name"),
    "same_company": N_("same company"),
    "same_birthday": N_("same birthday"),
}


def reasons_text(reasons: tuple[str, ...] | list[str]) -> str:
    phrase = ", ".join(_(_REASONS[r]) for r in reasons if r in _REASONS)
    # Only the first character: str.capitalize() would lower "e-mail" names and acronyms.
    return phrase[:1].upper() + phrase[1:]


def score_text(score: float) -> str:
    return f"{round(score * 100)}%"
