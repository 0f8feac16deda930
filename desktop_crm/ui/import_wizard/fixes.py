"""A rejected row fixed in the preview: the record with the typed name or email, checked again."""

from __future__ import annotations

import copy

from desktop_crm.domain.names import clean_text, split_full_name
from desktop_crm.services.importing import Action, ContactRecord, PlannedRow, RowStatus
from desktop_crm.services.importing.planner import reject_reason


def with_name(record: ContactRecord, typed: str) -> ContactRecord:
    fixed = copy.deepcopy(record)
    fixed.full_name = clean_text(typed)
    # The list sorts on the family name, so a typed name is split the way new contacts are.
    fixed.given_name, fixed.middle_name, fixed.family_name = (
        split_full_name(fixed.full_name) if fixed.full_name else ("", "", "")
    )
    return fixed


def with_email(record: ContactRecord, typed: str) -> ContactRecord:
    fixed = copy.deepcopy(record)
    address = typed.strip()
    others = fixed.emails[1:]
    labels = fixed.email_labels[1:] if fixed.email_labels else []
    if address:
        fixed.emails = [address.lower(), *others]
        fixed.email_labels = [fixed.email_labels[0] if fixed.email_labels else "", *labels]
    else:
        fixed.emails, fixed.email_labels = others, labels
    fixed.email_raw = address
    return fixed


def recheck(row: PlannedRow) -> None:
    """Update a row's rejection at once; duplicates need the whole file and come after."""
    found = reject_reason(row.record)
    if found is not None:
        row.status = RowStatus.REJECTED
        row.reason = found[0].value
        row.value = found[1]
    elif row.status == RowStatus.REJECTED:
        row.status = RowStatus.NEW
        row.action = Action.CREATE
        row.reason = row.value = None
