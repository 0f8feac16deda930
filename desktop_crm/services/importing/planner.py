"""Classifying records in file order (R4 rejections, R5 duplicates), within the file and
against the contacts already in the database."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.domain.duplicates import DuplicateIndex, Keys, KeyTable, Match
from desktop_crm.domain.emails import is_valid_email
from desktop_crm.domain.names import join_name
from desktop_crm.services.importing.decoding import has_controls
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.store.database import READ_ONCE_CACHE_KIB, current_database, page_cache

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

    def __init__(self, existing: KeyTable[Target] | None = None):
        self._stored = existing
        self._index: DuplicateIndex[Target] = DuplicateIndex()  # this file's created records
        # The keys of the record classified last: `created` usually follows for that one.
        self._last: tuple[ContactRecord, Keys] | None = None

    def classify(self, record: ContactRecord) -> Classification:
        rejected = reject_reason(record)
        if rejected is not None:
            return Classification(RowStatus.REJECTED, rejected[0], rejected[1])
        keys = record.keys()
        self._last = (record, keys)
        found = self._index.find(keys, self._stored)
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
        self._stored = None  # a few arrays: freed at once
        for _left in self._index.drain():
            time.sleep(0)


def load_existing_index() -> KeyTable[Target]:
    """The stored contacts' R5 keys, streamed in one query (each contact's first email and
    phone by index): no per-contact Python object outlives its row."""
    db = current_database()
    # One pass over the contacts: a small page cache, not 4 MB of pages nobody reads again.
    with page_cache(db, READ_ONCE_CACHE_KIB):
        cursor = db.execute_sql(
            "SELECT c.id, c.given_name, c.middle_name, c.family_name, c.display_name, "
            "c.company, "
            "(SELECT e.email FROM contact_email e WHERE e.contact_id = c.id "
            "ORDER BY e.is_primary DESC, e.position, e.id LIMIT 1), "
            "(SELECT p.e164 FROM contact_phone p WHERE p.contact_id = c.id "
            "ORDER BY p.is_primary DESC, p.position, p.id LIMIT 1) "
            "FROM contact c ORDER BY c.id"
        )
        return KeyTable(_stored_keys(cursor), _stored_target)


def _stored_keys(rows: Iterable[tuple]) -> Iterator[tuple[Keys, int]]:
    for contact_id, given, middle, family, display, company, email, phone in rows:
        name = join_name(given, middle, family)
        if not name and display and display != company and display != (email or ""):
            name = display
        yield Keys.of(name, email, phone), contact_id


def _stored_target(contact_id: int) -> Target:
    return Target(None, contact_id)
