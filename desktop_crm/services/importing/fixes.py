"""A rejected row fixed by hand (the wizard's preview): the record with the typed name or
email, checked again by the import's own rules."""

from __future__ import annotations

import copy

from desktop_crm.domain.emails import normalise_email
from desktop_crm.services.importing.limits import MAX_EMAIL_CHARS
from desktop_crm.services.importing.planner import Action, RowStatus, reject_reason
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.services.importing.runner import PlannedRow


def with_name(record: ContactRecord, typed: str) -> ContactRecord:
    """The record named `typed`: cleaned, split and capped as the readers do (R3)."""
    fixed = copy.deepcopy(record)
    fixed.set_names(typed, "", "", "")
    return fixed


def with_email(record: ContactRecord, typed: str) -> ContactRecord:
    """The record with `typed` as its primary email (none when empty); the others stay."""
    fixed = copy.deepcopy(record)
    address = typed.strip()[:MAX_EMAIL_CHARS]
    others = fixed.emails[1:]
    labels = fixed.email_labels[1:] if fixed.email_labels else []
    if address:
        fixed.emails = [normalise_email(address), *others]
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
