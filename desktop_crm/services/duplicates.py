"""Possible duplicates: the full scan, "not a duplicate", and the re-check of one saved contact.

The scan reads plain tuples straight from the cursor (Peewee rows cost more than the
matching at 100,000 contacts) and hands them to the pure rules in
`domain.duplicate_match`. The flag `possible_duplicate_of` is what the list's filter
and badges show; a save and a scan keep it current."""

from __future__ import annotations

import gc
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import reduce

import peewee as pw

from desktop_crm.domain.duplicate_match import (
    Birthday,
    Group,
    Person,
    compare,
    email_key,
    find_groups,
    person,
)
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_rows import contact_row
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

_CHUNK = 500
_NAME_NEIGHBOURS = 1_000  # most contacts a save compares by name; the scan finds the rest
_WHOLE_TABLE_FROM = 20_000  # from this many contacts, one query for all emails beats id lists


def _active() -> pw.Expression:
    return (m.Contact.archived == False) & m.Contact.merged_into.is_null()  # noqa: E712 - SQL


def _people(where: pw.Expression) -> list[Person]:
    db = m.database_proxy.obj
    rows = db.execute(
        m.Contact.select(
            m.Contact.id,
            m.Contact.given_name,
            m.Contact.middle_name,
            m.Contact.family_name,
            m.Contact.display_name,
            m.Contact.company,
            m.Contact.birthday_year,
            m.Contact.birthday_month,
            m.Contact.birthday_day,
        ).where(where)
    ).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    everyone = len(ids) > _WHOLE_TABLE_FROM
    emails = _grouped(m.ContactEmail.contact, m.ContactEmail.email, ids, everyone)
    phones = _grouped(m.ContactPhone.contact, m.ContactPhone.e164, ids, everyone)
    people = []
    for cid, given, middle, family, full, company, year, month, day in rows:
        birthday: Birthday | None = (year, month, day) if month and day else None
        people.append(
            person(
                cid,
                given_name=given,
                middle_name=middle,
                family_name=family,
                full_name=full,
                company=company,
                emails=emails.get(cid, ()),
                phones=phones.get(cid, ()),
                birthday=birthday,
            )
        )
    return people


def _grouped(
    owner: pw.Field, value: pw.Field, ids: list[int], everyone: bool
) -> dict[int, list[str]]:
    """{contact: [values]}; for a whole-database scan one query without an id list."""
    db = m.database_proxy.obj
    found: dict[int, list[str]] = defaultdict(list)
    queries = (
        [owner.model.select(owner, value).where(value.is_null(False))]
        if everyone
        else [
            owner.model.select(owner, value).where(owner.in_(ids[i : i + _CHUNK]))
            for i in range(0, len(ids), _CHUNK)
        ]
    )
    for query in queries:
        for cid, text in db.execute(query).fetchall():
            if text:
                found[cid].append(text)
    return found


def ignored_pairs() -> frozenset[tuple[int, int]]:
    rows = m.database_proxy.obj.execute(
        m.DuplicateIgnore.select(m.DuplicateIgnore.contact_low, m.DuplicateIgnore.contact_high)
    ).fetchall()
    return frozenset((low, high) for low, high in rows)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The scan builds several hundred thousand small objects that all live until it ends;
    Python's cyclic collector would walk them again and again (half the scan's time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def find_duplicates() -> list[Group]:
    """Every candidate group among the active contacts, best first."""
    with _collector_paused():
        return find_groups(_people(_active()), ignored_pairs())


def ignore_pair(first: int, second: int) -> Changes:
    """'Not a duplicate': the pair is never proposed again, and their flags are cleared."""
    if first == second:
        raise ValidationError(_("A contact cannot be a duplicate of itself."))
    contact_row(first)
    contact_row(second)
    low, high = sorted((first, second))
    with write_transaction():
        m.DuplicateIgnore.insert(contact_low=low, contact_high=high).on_conflict_ignore().execute()
        for one, other in ((first, second), (second, first)):
            m.Contact.update(possible_duplicate_of=None).where(
                (m.Contact.id == one) & (m.Contact.possible_duplicate_of == other)
            ).execute()
        recheck_contacts([first, second])
    return Changes(contact_ids={first, second})


def _candidate_ids(p: Person, contact_id: int) -> set[int]:
    """Contacts that share an email or phone with `p`, or have a surname starting alike."""
    db = m.database_proxy.obj
    found: set[int] = set()
    plain = [e for e in p.emails if not e.endswith("@gmail.com")]
    if plain:
        query = m.ContactEmail.select(m.ContactEmail.contact).where(m.ContactEmail.email.in_(plain))
        found.update(row[0] for row in db.execute(query).fetchall())
    for gmail in (e for e in p.emails if e.endswith("@gmail.com")):
        # Dots in a Gmail local part do not count: compare with the dots taken out.
        local = gmail.split("@", 1)[0]
        query = m.ContactEmail.select(m.ContactEmail.contact, m.ContactEmail.email).where(
            m.ContactEmail.email.endswith("mail.com")
            & (pw.fn.REPLACE(m.ContactEmail.email, ".", "").startswith(local + "@"))
        )
        found.update(
            cid for cid, email in db.execute(query).fetchall() if email_key(email) == gmail
        )
    if p.phones:
        query = m.ContactPhone.select(m.ContactPhone.contact).where(
            m.ContactPhone.e164.in_(list(p.phones))
        )
        found.update(row[0] for row in db.execute(query).fetchall())
    # A name only counts beside the same company or birthday: ask for those alone.
    context: list[pw.Expression] = []
    if p.birthday:
        context.append(
            (m.Contact.birthday_month == p.birthday[1]) & (m.Contact.birthday_day == p.birthday[2])
        )
    if p.company:
        context.append(pw.fn.LOWER(m.Contact.company).startswith(p.company[:3]))
    if p.surname and p.given and context:
        # sort_name starts with the folded family name; a range keeps the index in use.
        start = p.surname[:3]
        query = (
            m.Contact.select(m.Contact.id)
            .where(
                (m.Contact.sort_name >= start)
                & (m.Contact.sort_name < start + "\uffff")
                & reduce(operator.or_, context)
            )
            .limit(_NAME_NEIGHBOURS)
        )
        found.update(row[0] for row in db.execute(query).fetchall())
    found.discard(contact_id)
    return found


def recheck_contacts(ids: Iterable[int]) -> None:
    """Set (or clear) the possible-duplicate flag of these contacts after a save.

    The best candidate becomes the flag; a candidate without a flag points back, and a
    contact that pointed here but no longer matches loses its flag. Runs inside the
    caller's transaction."""
    ignored = ignored_pairs()
    for contact_id in ids:
        found = _people(m.Contact.id == contact_id)
        me = found[0] if found else None
        if me is None or not _is_active(contact_id):
            continue
        candidates = _people(m.Contact.id.in_(list(_candidate_ids(me, contact_id))) & _active())
        best: tuple[float, int] | None = None
        for other in candidates:
            if (min(me.id, other.id), max(me.id, other.id)) in ignored:
                continue
            match = compare(me, other)
            if match is not None and (best is None or (match.score, -other.id) > best):
                best = (match.score, -other.id)
                m.Contact.update(possible_duplicate_of=contact_id).where(
                    (m.Contact.id == other.id) & m.Contact.possible_duplicate_of.is_null()
                ).execute()
        m.Contact.update(possible_duplicate_of=-best[1] if best else None).where(
            m.Contact.id == contact_id
        ).execute()
        pointing = _people(m.Contact.possible_duplicate_of == contact_id)
        for other in pointing:
            if compare(other, me) is None:
                m.Contact.update(possible_duplicate_of=None).where(
                    m.Contact.id == other.id
                ).execute()


def _is_active(contact_id: int) -> bool:
    return m.Contact.select().where((m.Contact.id == contact_id) & _active()).exists()


def sync_flags(groups: list[Group]) -> Changes:
    """After a full scan: every contact in a group points at another member; the flags of
    active contacts in no group are cleared. One transaction."""
    flagged: dict[int, int] = {}
    for group in groups:
        for cid in group.contact_ids:
            flagged[cid] = next(other for other in group.contact_ids if other != cid)
    db = m.database_proxy.obj
    with write_transaction():
        current = dict(
            db.execute(
                m.Contact.select(m.Contact.id, m.Contact.possible_duplicate_of).where(
                    _active() & m.Contact.possible_duplicate_of.is_null(False)
                )
            ).fetchall()
        )
        stale = [cid for cid in current if cid not in flagged]
        for start in range(0, len(stale), _CHUNK):
            m.Contact.update(possible_duplicate_of=None).where(
                m.Contact.id.in_(stale[start : start + _CHUNK])
            ).execute()
        changed = set(stale)
        for cid, other in flagged.items():
            if cid not in current:
                m.Contact.update(possible_duplicate_of=other).where(m.Contact.id == cid).execute()
                changed.add(cid)
    return Changes(contact_ids=changed)
