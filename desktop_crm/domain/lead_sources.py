"""Where a lead came from: suggested values; any free text is allowed too."""

from __future__ import annotations

from desktop_crm.i18n import N_, _

SUGGESTIONS = {
    "bought_list": N_("Bought list"),
    "phone_book": N_("Phone book"),
    "internet": N_("Internet"),
    "in_person": N_("In person"),
    "referral": N_("Referral"),
    "other": N_("Other"),
}


def label(source: str | None) -> str:
    """A suggested source's label in the user's language; free text as typed."""
    if not source:
        return ""
    if source in SUGGESTIONS:
        return _(SUGGESTIONS[source])
    return source


def normalise(source: str | None) -> str:
    """A typed source matched to a suggestion's code where it is one ('Phone book' → phone_book)."""
    text = (source or "").strip()
    lowered = text.lower().replace("-", " ").replace("_", " ")
    for code, english in SUGGESTIONS.items():
        if lowered in (code.replace("_", " "), english.lower(), _(english).lower()):
            return code
    return text
