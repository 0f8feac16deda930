"""Duplicate candidates across the whole database: normalised keys, blocks and a scored pair match.

Pure rules, no database: the services load `Person` values and ask for groups. Pairs are
only compared inside blocks (same email, same phone, same or one-typo surname with a
compatible given name), never all against all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product
from typing import NamedTuple

from desktop_crm.domain.lazy_pattern import LazyPattern
from desktop_crm.domain.names import TUSSENVOEGSELS
from desktop_crm.domain.search_text import fold

# The reasons, in the order they are reported; the JSON contract names exactly these.
SAME_EMAIL = "same_email"
SAME_PHONE = "same_phone"
SIMILAR_NAME = "similar_name"
SAME_COMPANY = "same_company"
SAME_BIRTHDAY = "same_birthday"
REASONS = (SAME_EMAIL, SAME_PHONE, SIMILAR_NAME, SAME_COMPANY, SAME_BIRTHDAY)

# How much each piece of evidence says on its own; combined as independent evidence.
_WEIGHTS = {
    SAME_EMAIL: 0.85,
    SAME_PHONE: 0.7,
    SIMILAR_NAME: 0.6,
    SAME_COMPANY: 0.3,
    SAME_BIRTHDAY: 0.35,
}
# Name similarity from which "similar_name" is a reason: one difference at most (an
# initial, or a one-letter typo in the given name or in the surname), never two.
SIMILAR_NAME_AT = 0.82
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
_LEGAL_FORMS = frozenset("bv nv vof cv ltd inc llc gmbh bvba sa srl plc co zn".split())
_NAME_PUNCTUATION = LazyPattern(r"[.\"()]")
_APOSTROPHES = LazyPattern(r"['’`]")
_SKIPPED = TUSSENVOEGSELS | {"t"}  # "'t" without its apostrophe
_COMPANY_PUNCTUATION = LazyPattern(r"[^\w\s]")

Birthday = tuple[int | None, int, int]  # (year or None, month, day)


class Person(NamedTuple):
    """What the matcher knows of one contact, already normalised (a tuple: 100,000 of them
    are built per scan, and a tuple is the cheapest object to build)."""

    id: int
    given: str  # folded first given name, or an initial ("j")
    surname: str  # folded last surname word, without tussenvoegsel
    emails: frozenset[str]
    phones: frozenset[str]  # E.164
    company: str
    birthday: Birthday | None


@dataclass(frozen=True, slots=True)
class PairMatch:
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Group:
    contact_ids: tuple[int, ...]
    score: float
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "contact_ids": list(self.contact_ids),
            "score": self.score,
            "reasons": list(self.reasons),
        }


def email_key(address: str) -> str:
    """Case never matters; in Gmail addresses the dots of the local part do not either."""
    text = address.strip().lower()
    local, at, domain = text.rpartition("@")
    if at and domain in _GMAIL_DOMAINS:
        return local.replace(".", "") + "@gmail.com"
    return text


@lru_cache(maxsize=65_536)
def company_key(company: str) -> str:
    """Folded, punctuation and legal forms dropped: 'Bakker B.V.' and 'bakker bv' are one."""
    words = _COMPANY_PUNCTUATION.sub(" ", fold(company).replace(".", "")).split()
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


def name_key(given: str, middle: str, family: str, full: str) -> tuple[str, str]:
    """(first given name, last surname word), folded: 'Berg, Jan van den', 'Jan van den Berg'
    and given 'Jan' + family 'van den Berg' all give ('jan', 'berg'); 'J. de Vries' gives
    ('j', 'vries')."""
    if "," in full:  # "Family, Given": the parts split from it would be a guess
        family_part, _, given_part = full.partition(",")
        surname_words = _words(family_part)
        given_words = _words(given_part)
    elif family.strip():
        surname_words = _words(family)
        given_words = _words(given) or _words(full)[:1]
    else:
        words = _words(full) or _words(f"{given} {middle} {family}")
        if len(words) == 1:
            return "", words[0]
        surname_words = words[1:]
        given_words = words[:1]
    surname_words = tuple(w for w in surname_words if w not in _SKIPPED) or surname_words
    given_words = tuple(w for w in given_words if w not in _SKIPPED)
    return (given_words[0] if given_words else ""), (surname_words[-1] if surname_words else "")


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    text = _APOSTROPHES.sub("", fold(text))
    return tuple(_NAME_PUNCTUATION.sub(" ", text).replace(",", " ").split())


def person(
    contact_id: int,
    *,
    given_name: str = "",
    middle_name: str = "",
    family_name: str = "",
    full_name: str = "",
    company: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[str | None] = (),
    birthday: Birthday | None = None,
) -> Person:
    given, surname = name_key(given_name, middle_name, family_name, full_name)
    return Person(
        id=contact_id,
        given=given,
        surname=surname,
        emails=frozenset(email_key(e) for e in emails if e and e.strip()),
        phones=frozenset(p for p in phones if p),
        company=company_key(company),
        birthday=birthday,
    )


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1: equal, or one letter changed, added or dropped.

    Our own ten lines instead of rapidfuzz: only this bound is asked, and the library
    would add 12 MB to the installed app."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1 :] == b[start + 1 :]  # one letter changed
    return a[start:] == b[start + 1 :]  # one letter added in b


def _one_typo(a: str, b: str, shortest: int) -> bool:
    return min(len(a), len(b)) >= shortest and within_one_edit(a, b)


def _given_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.85 if a[0] == b[0] else 0.0  # an initial: 'J.' may be Jan
    return 0.9 if _one_typo(a, b, 3) else 0.0


def name_similarity(a: Person, b: Person) -> float:
    """1 for the same name; less for an initial or a one-letter typo; 0 when they differ."""
    if not (a.given and b.given and a.surname and b.surname):
        return 0.0
    if a.surname == b.surname:
        surname = 1.0
    elif _one_typo(a.surname, b.surname, 4):
        surname = 0.9
    else:
        return 0.0
    return round(surname * _given_similarity(a.given, b.given), 4)


def _names_conflict(a: Person, b: Person) -> bool:
    """Both have a surname (or both a given name) and they are clearly not the same."""
    if a.surname and b.surname and a.surname != b.surname:
        if not _one_typo(a.surname, b.surname, 4):
            return True
    return bool(a.given and b.given and _given_similarity(a.given, b.given) == 0.0)


def _birthdays(a: Birthday | None, b: Birthday | None) -> tuple[bool, bool]:
    """(same, different): a missing year matches any year."""
    if a is None or b is None:
        return False, False
    same_day = a[1:] == b[1:]
    same = same_day and (a[0] is None or b[0] is None or a[0] == b[0])
    return same, not same


def compare(a: Person, b: Person) -> PairMatch | None:
    """The score (0–1) and reasons for a pair, or None when they are not a candidate.

    A shared email is always a candidate; a shared phone unless the names clearly
    differ (a family or an office line); a similar name only beside the same company
    or the same birthday: a name alone is too common to go on."""
    same_email = not a.emails.isdisjoint(b.emails)
    same_phone = not a.phones.isdisjoint(b.phones)
    similarity = name_similarity(a, b)
    similar = similarity >= SIMILAR_NAME_AT
    same_company = bool(a.company) and a.company == b.company
    other_company = bool(a.company and b.company) and not same_company
    same_birthday, other_birthday = _birthdays(a.birthday, b.birthday)
    conflict = not similar and _names_conflict(a, b)
    if same_email:
        pass
    elif same_phone:
        if conflict:
            return None
    elif not similar or not (same_company or same_birthday):
        return None
    found = {
        SAME_EMAIL: same_email,
        SAME_PHONE: same_phone,
        SIMILAR_NAME: similar,
        SAME_COMPANY: same_company,
        SAME_BIRTHDAY: same_birthday,
    }
    missing = 1.0
    for reason, present in found.items():
        if present:
            weight = _WEIGHTS[reason] * (similarity if reason == SIMILAR_NAME else 1.0)
            missing *= 1.0 - weight
    score = 1.0 - missing
    # Evidence against lowers the score without hiding the pair.
    for against, factor in ((conflict, 0.6), (other_company, 0.8), (other_birthday, 0.6)):
        if against:
            score *= factor
    return PairMatch(round(score, 2), tuple(r for r in REASONS if found[r]))


def candidate_pairs(people: Sequence[Person]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth comparing, each once, from the blocks."""
    seen: set[tuple[int, int]] = set()
    for i, j in _block_pairs(people):
        pair = (i, j) if i < j else (j, i)
        if i != j and pair not in seen:
            seen.add(pair)
            yield pair


def _block_pairs(people: Sequence[Person]) -> Iterator[tuple[int, int]]:
    by_email: dict[str, list[int]] = {}
    by_phone: dict[str, list[int]] = {}
    # A name counts only beside the same company or birthday, so names are blocked inside
    # those: (context, surname, given name) → indexes; initials ("j") also by themselves.
    by_name: dict[tuple[object, str, str], list[int]] = {}
    initials: dict[tuple[object, str, str], list[int]] = {}
    for index, p in enumerate(people):
        for e in p.emails:
            by_email.setdefault(e, []).append(index)
        for ph in p.phones:
            by_phone.setdefault(ph, []).append(index)
        surname, given = p.surname, p.given
        if surname and given:
            names = initials if len(given) == 1 else by_name
            if p.company:
                names.setdefault((p.company, surname, given), []).append(index)
            if p.birthday:
                names.setdefault((p.birthday[1:], surname, given), []).append(index)
    for table in (by_email, by_phone, by_name, initials):
        for block in table.values():
            if len(block) > 1:
                yield from combinations(block, 2)
    # Neighbours among every surname, initials' too: "J. Bakker" may be "J. Bakkr".
    surname_neighbours = _typo_neighbours({key[1] for key in (*by_name, *initials)}, 4)
    given_neighbours = _typo_neighbours({key[2] for key in by_name}, 3)
    for (where, surname, given), members in by_name.items():
        # A one-letter typo in the given name, or in the surname (not both).
        for other in given_neighbours.get(given, ()):
            if other > given and (where, surname, other) in by_name:
                yield from product(members, by_name[(where, surname, other)])
        for other in surname_neighbours.get(surname, ()):
            if other > surname and (where, other, given) in by_name:
                yield from product(members, by_name[(where, other, given)])
        # An initial: 'J.' may be Jan, with the same surname or one a letter apart.
        if initials:
            for initial_surname in (surname, *surname_neighbours.get(surname, ())):
                key = (where, initial_surname, given[0])
                if key in initials:
                    yield from product(members, initials[key])
    for (where, surname, initial), members in initials.items():
        for other in surname_neighbours.get(surname, ()):
            if other > surname and (where, other, initial) in initials:
                yield from product(members, initials[(where, other, initial)])


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _typo_pairs(words: Iterable[str], shortest: int) -> Iterator[tuple[str, str]]:
    """Distinct words one edit apart, found through shared one-letter deletions."""
    by_deletion: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if len(word) >= shortest:
            for variant in _deletions(word):
                by_deletion[variant].append(word)
    seen: set[tuple[str, str]] = set()
    for group in by_deletion.values():
        for a, b in combinations(group, 2):
            pair = (a, b) if a < b else (b, a)
            if pair not in seen and within_one_edit(a, b):
                seen.add(pair)
                yield pair


def _typo_neighbours(words: Iterable[str], shortest: int) -> dict[str, set[str]]:
    result: dict[str, set[str]] = defaultdict(set)
    for a, b in _typo_pairs(words, shortest):
        result[a].add(b)
        result[b].add(a)
    return result


def find_groups(
    people: Sequence[Person], ignored: frozenset[tuple[int, int]] = frozenset()
) -> list[Group]:
    """Candidate groups, best first: pairs joined when they share a contact."""
    parent = list(range(len(people)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, float] = {}
    reasons: dict[int, set[str]] = defaultdict(set)
    matched: list[tuple[int, int, PairMatch]] = []
    for i, j in candidate_pairs(people):
        a, b = people[i], people[j]
        if (min(a.id, b.id), max(a.id, b.id)) in ignored:
            continue
        match = compare(a, b)
        if match is not None:
            matched.append((i, j, match))
            parent[root(i)] = root(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i, _j, match in matched:
        r = root(i)
        best[r] = max(best.get(r, 0.0), match.score)
        reasons[r].update(match.reasons)
    for index in {index for i, j, _m in matched for index in (i, j)}:
        members[root(index)].append(people[index].id)
    groups = [
        Group(
            tuple(sorted(ids)),
            best[r],
            tuple(reason for reason in REASONS if reason in reasons[r]),
        )
        for r, ids in members.items()
    ]
    groups.sort(key=lambda g: (-g.score, g.contact_ids))
    return groups
