"""Duplicate detection (import rule R5): exact duplicates and possible duplicates.

Keys: the case-folded full name, the primary email and the E.164 phone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from desktop_crm.domain.names import name_key

Ref = TypeVar("Ref")


class Match(StrEnum):
    EXACT = "exact"
    POSSIBLE = "possible"


@dataclass(frozen=True)
class Keys:
    name: str
    email: str
    phone: str

    @classmethod
    def of(cls, full_name: str | None, email: str | None, phone_e164: str | None) -> Keys:
        return cls(name_key(full_name or ""), email or "", phone_e164 or "")


def is_exact(a: Keys, b: Keys) -> bool:
    """Same name and the same email, or both without email and the same phone."""
    if a.name != b.name:
        return False
    if a.email or b.email:
        return a.email == b.email
    return bool(a.phone) and a.phone == b.phone


class DuplicateIndex(Generic[Ref]):
    """Records seen so far, looked up by key in constant time."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[tuple[Keys, Ref]]] = {}
        self._by_email: dict[str, list[tuple[Keys, Ref]]] = {}

    def add(self, keys: Keys, ref: Ref) -> None:
        if keys.name:
            self._by_name.setdefault(keys.name, []).append((keys, ref))
        if keys.email:
            self._by_email.setdefault(keys.email, []).append((keys, ref))

    def find(self, keys: Keys) -> tuple[Match, Ref] | None:
        """The first exact match if any, else the first possible match, else None."""
        candidates = self._by_name.get(keys.name, []) if keys.name else []
        for other, ref in candidates:
            if is_exact(keys, other):
                return Match.EXACT, ref
        if candidates:
            return Match.POSSIBLE, candidates[0][1]
        if keys.email and (same_email := self._by_email.get(keys.email)):
            return Match.POSSIBLE, same_email[0][1]
        return None

    def drain(self, chunk: int = 2_000) -> Iterator[int]:
        """Empty the index a chunk at a time, yielding how many entries are left.

        Freeing 100,000 entries in one go holds Python's interpreter lock for ~0.1 s; a
        caller on a worker thread pauses between chunks so the window stays responsive."""
        for table in (self._by_name, self._by_email):
            while table:
                for _ in range(min(chunk, len(table))):
                    table.popitem()
                yield len(self._by_name) + len(self._by_email)
