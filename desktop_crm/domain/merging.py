"""Rules for merging duplicates: which fields can be chosen, the default choice, and the stage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import N_, _

# Each choosable field and the contact columns it carries along (a name is all its parts).
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "middle_name", "family_name", "display_name", "sort_name"),
    **{f.name: (f.name,) for f in cf.PLAIN_TEXT_FIELDS},
    cf.BIRTHDAY.name: ("birthday_year", "birthday_month", "birthday_day"),
    "birthday_card_days": ("birthday_card_days",),
    cf.LEAD_SOURCE.name: (cf.LEAD_SOURCE.name,),
}
FIELDS = tuple(FIELD_COLUMNS)
# Labels as the editor shows them; the name is all of its parts, the card's lead time is
# the birthday's companion that the description of the fields does not list.
_FIELD_LABELS = {
    **{name: cf.BY_NAME[name].source_label for name in FIELDS if name in cf.BY_NAME},
    "name": cf.FULL_NAME.source_label,
    "birthday_card_days": N_("Card lead time (days)"),
}

# How far along the sales process a stage is: "not now" said no after a presentation,
# so it lies beyond prospect; a disqualified lead is the least far.
_PROGRESS = {
    Stage.DISQUALIFIED: 0,
    Stage.LEAD: 1,
    Stage.PROSPECT: 2,
    Stage.NOT_NOW: 3,
    Stage.CUSTOMER: 4,
    Stage.REPEAT_BUYER: 5,
}


def field_label(field: str) -> str:
    return _(_FIELD_LABELS[field])


def furthest_stage(stages: Sequence[str]) -> Stage:
    """The stage furthest along the process; the first one wins a tie."""
    return max((Stage(s) for s in stages), key=lambda s: _PROGRESS[s])


def _filled(value: object) -> bool:
    return value not in (None, "")


def default_choices(
    values: Mapping[int, Mapping[str, object]], keep_id: int, order: Sequence[int]
) -> dict[str, int]:
    """Per field, whose value is kept: the kept contact's unless it is empty, then the
    first other contact (in `order`) that has one."""
    choices: dict[str, int] = {}
    for field, columns in FIELD_COLUMNS.items():
        choices[field] = keep_id
        if any(_filled(values[keep_id].get(c)) for c in columns):
            continue
        for other in order:
            if any(_filled(values[other].get(c)) for c in columns):
                choices[field] = other
                break
    return choices
