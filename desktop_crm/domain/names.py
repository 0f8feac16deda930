"""Person names: Unicode NFC, whitespace collapsed, and parts joined into a full name."""

from __future__ import annotations

import unicodedata

from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.lazy_pattern import LazyPattern
from desktop_crm.domain.search_text import fold

_SPACES = LazyPattern(r"\s+")
MAX_LENGTH = 300


def clean_text(value: str | None) -> str:
    """NFC, control characters dropped, whitespace collapsed and trimmed (R3)."""
    if not value:
        return ""
    if value.isascii() and value.isprintable():
        # Nothing to normalise or strip; the only whitespace is " " (an import's hot path).
        return " ".join(value.split())
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_controls(value))).strip()


def join_name(*parts: str | None) -> str:
    """Given + middle/tussenvoegsel + family, skipping empty parts."""
    return clean_text(" ".join([p for p in parts if p]))


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """A best guess at (given, middle, family) for a name typed as one string.

    Dutch tussenvoegsels (van, de, van der, 't ...) are kept with the middle part so
    that 'Sanne de Wit' sorts under W, as Dutch address books do."""
    words = clean_text(full_name).split(" ")
    if len(words) == 1:
        return words[0], "", ""
    given = words[0]
    rest = words[1:]
    middle: list[str] = []
    while len(rest) > 1 and rest[0].lower() in TUSSENVOEGSELS:
        middle.append(rest.pop(0))
    return given, " ".join(middle), " ".join(rest)


TUSSENVOEGSELS = frozenset(
    "van de der den het 't te ten ter in 'op op von vom zu da das dos di del della le la l' du".split()
)


def name_key(full_name: str) -> str:
    """The duplicate key of R5: case-folded, accents kept."""
    return clean_text(full_name).casefold()


def sort_name(given: str, middle: str, family: str, full: str) -> str:
    """Family name first, without the tussenvoegsel: 'de Wit, Sanne' sorts under W.

    One rule however the name was typed: "de Boer" in the last-name field sorts under B,
    as "Kim de Jong" typed as one name sorts under J."""
    if family:
        words = clean_text(family).split(" ")
        leading: list[str] = []
        while len(words) > 1 and words[0].lower() in TUSSENVOEGSELS:
            leading.append(words.pop(0))
        prefix = " ".join(p for p in (middle, *leading) if p)
        return fold(f"{' '.join(words)} {given} {prefix}".strip())
    return fold(full)
