"""HubSpot's lifecycle stage and lead status: labels or internal values in, internal values out."""

from __future__ import annotations

from desktop_crm.domain.stages import Stage
from desktop_crm.services.importing.header_maps import compact

LIFECYCLE_STAGES = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
    "other",
)
LEAD_STATUSES = (
    "NEW",
    "OPEN",
    "IN_PROGRESS",
    "OPEN_DEAL",
    "UNQUALIFIED",
    "ATTEMPTED_TO_CONTACT",
    "CONNECTED",
    "BAD_TIMING",
)

# Compact label or value → internal value. English labels compact to the internal value;
# the Dutch UI's labels and common abbreviations are added by hand.
_LIFECYCLE = {compact(v): v for v in LIFECYCLE_STAGES} | {
    "mql": "marketingqualifiedlead",
    "sql": "salesqualifiedlead",
    "abonnee": "subscriber",
    "verkoopkans": "opportunity",
    "klant": "customer",
    "ambassadeur": "evangelist",
    "overig": "other",
    "overige": "other",
    "anders": "other",
}
_LEAD_STATUS = {compact(v): v for v in LEAD_STATUSES} | {
    "nieuw": "NEW",
    "inbehandeling": "IN_PROGRESS",
    "bezig": "IN_PROGRESS",
    "opendeal": "OPEN_DEAL",
    "nietgekwalificeerd": "UNQUALIFIED",
    "ongekwalificeerd": "UNQUALIFIED",
    "pogingtotcontact": "ATTEMPTED_TO_CONTACT",
    "verbonden": "CONNECTED",
    "slechtetiming": "BAD_TIMING",
    "slechtmoment": "BAD_TIMING",
}


def lifecycle_stage(text: str) -> str | None:
    """The internal value; an unknown (custom) stage is kept as written; empty is None."""
    value = text.strip()
    if not value:
        return None
    return _LIFECYCLE.get(compact(value), value)


def lead_status(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    return _LEAD_STATUS.get(compact(value), value)


def our_stage(lifecycle: str | None) -> Stage:
    """Customers and evangelists are customers; qualified opportunities are prospects."""
    if lifecycle in ("customer", "evangelist"):
        return Stage.CUSTOMER
    if lifecycle in ("opportunity", "salesqualifiedlead"):
        return Stage.PROSPECT
    return Stage.LEAD
