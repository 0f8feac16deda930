"""Classifying records in file order (R4 rejections, R5 duplicates), within the file and
against the contacts already in the database."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.domain.duplicates import DuplicateIndex, Keys, Match
from desktop_crm.domain.emails import is_valid_email
from desktop_crm.domain.names import join_name
from desktop_crm.services.importing.decoding import has_controls
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.store.database import current_database

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RowStatus(StrEnum):
    NEW = "new"
    EXACT_DUPLICATE = "exact_duplicate"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    REJECTED = "rejected"


class RejectReason(StrEnum):
    INVALID_EMAIL = "invalid_email"
    MISSING_NAME_AND_EMAIL = "missing_name_and_email"


class Action(StrEnum):
    """What the wizard decided for one row; the default follows the row's status."""

    CREATE = "create"  # new, or a possible duplicate created and flagged
    SKIP = "skip"
    MERGE = "merge"  # add what is new to the duplicate it matches


@dataclass(frozen=True, slots=True)
class Target:
    """Whom a record duplicates: a record of this file (line) and/or a stored contact (id)."""

    line: int | None
    contact_id: int | None


@dataclass(frozen=True, slots=True)
class Classification:
    status: RowStatus
    reason: RejectReason | None = None
    value: str | None = None  # the offending email of an invalid_email rejection
    target: Target | None = None


_NEW = Classification(RowStatus.NEW)  # immutable: one for every new record


def reject_reason(record: ContactRecord) -> tuple[RejectReason, str | None] | None:
    """R4: an invalid primary email first, then no name and no email."""
    email = record.primary_email
    if email and (not is_valid_email(email) or has_controls(email)):
        shown = record.email_raw or email
        # A NUL would end the message in a terminal; it is shown as \x00.
        return RejectReason.INVALID_EMAIL, _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", shown)
    if not record.full_name and not record.primary_email:
        return RejectReason.MISSING_NAME_AND_EMAIL, None
    return None


class Classifier:
    """R5 in file order: each record is compared with what this import created before it
    (and with the stored contacts when an index of them is given)."""

    def __init__(self, existing: DuplicateIndex[Target] | None = None):
        self._index: DuplicateIndex[Target] = existing if existing is not None else DuplicateIndex()
        # The keys of the record classified last: `created` usually follows for that one.
        self._last: tuple[ContactRecord, Keys] | None = None

    def classify(self, record: ContactRecord) -> Classification:
        rejected = reject_reason(record)
        if rejected is not None:
            return Classification(RowStatus.REJECTED, rejected[0], rejected[1])
        keys = record.keys()
        self._last = (record, keys)
        found = self._index.find(keys)
        if found is None:
            return _NEW
        match, target = found
        status = RowStatus.EXACT_DUPLICATE if match == Match.EXACT else RowStatus.POSSIBLE_DUPLICATE
        return Classification(status, target=target)

    def created(self, record: ContactRecord, target: Target) -> None:
        """Remember a created record so later ones are compared with it."""
        last = self._last
        keys = last[1] if last is not None and last[0] is record else record.keys()
        self._index.add(keys, target)

    def release(self) -> None:
        """Let go of the index a piece at a time: on the wizard's worker thread, one big
        free would freeze the window (it holds the interpreter lock throughout)."""
        for _left in self._index.drain():
            time.sleep(0)


def load_existing_index() -> DuplicateIndex[Target]:
    """The stored contacts' R5 keys, read in one pass over three indexed tables."""
    db = current_database()
    index: DuplicateIndex[Target] = DuplicateIndex()
    emails: dict[int, str] = {}
    phones: dict[int, str] = {}
    cursor = db.execute_sql(
        "SELECT contact_id, email FROM contact_email ORDER BY is_primary DESC, position, id"
    )
    for contact_id, email in cursor:
        emails.setdefault(contact_id, email or "")
    cursor = db.execute_sql(
        "SELECT contact_id, e164 FROM contact_phone ORDER BY is_primary DESC, position, id"
    )
    for contact_id, e164 in cursor:
        phones.setdefault(contact_id, e164 or "")
    cursor = db.execute_sql(
        "SELECT id, given_name, middle_name, family_name, display_name, company FROM contact "
        "ORDER BY id"
    )
    for contact_id, given, middle, family, display, company in cursor:
        name = join_name(given, middle, family)
        if not name and display and display != company and display != emails.get(contact_id):
            name = display
        keys = Keys.of(name, emails.get(contact_id, ""), phones.get(contact_id, ""))
        index.add(keys, Target(None, contact_id))
    return index
