"""Three-way merge of a contact changed on both sides since the last sync (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_crm.services.sync.cards import SyncedFields

FIELD_NAMES = tuple(SyncedFields.__dataclass_fields__)


@dataclass
class MergeResult:
    merged: SyncedFields
    # Fields both sides changed differently: the app's value won; the phone's is kept here.
    conflicts: dict[str, object] = field(default_factory=dict)
    changed_here: bool = False  # the merged contact differs from ours: update the app
    changed_there: bool = False  # … differs from the server's: write the card


def merge_fields(base: SyncedFields, ours: SyncedFields, theirs: SyncedFields) -> MergeResult:
    """Field by field against the last synced version: a side that did not change a field
    takes the other side's value; where both changed it differently, ours wins."""
    merged = SyncedFields()
    conflicts: dict[str, object] = {}
    for name in FIELD_NAMES:
        b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if name == "stage" and t is None:
            t = o  # a phone knows nothing of stages: a card without one changes nothing
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            value = o
            conflicts[name] = t
        setattr(merged, name, value)
    return MergeResult(
        merged=merged,
        conflicts=conflicts,
        changed_here=merged != ours,
        changed_there=merged != _with_stage(theirs, ours),
    )


def _with_stage(theirs: SyncedFields, ours: SyncedFields) -> SyncedFields:
    if theirs.stage is not None:
        return theirs
    copy = SyncedFields.from_dict(theirs.as_dict())
    copy.stage = ours.stage
    return copy
