"""Text folding for search: case- and accent-insensitive, with CJK split into characters.

The same folding is applied to what is indexed and to what the user types, so
`muller` finds Müller and `山田` finds 山田太郎 on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
import unicodedata

from desktop_crm.domain.lazy_pattern import LazyPattern

# Han, Hiragana, Katakana, Hangul: scripts written without spaces between words.
_CJK = LazyPattern(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i"})


class _Unaccent(dict[int, int | str | None]):
    """A `str.translate` table that drops combining marks and applies `_EXTRA`, each
    character looked up once (a Python test per character was most of `fold`)."""

    def __missing__(self, code: int) -> int | str | None:
        found = _EXTRA.get(code, code)
        mapped = None if unicodedata.combining(chr(code)) else found
        self[code] = mapped
        return mapped


_UNACCENT = _Unaccent()


def fold(text: str) -> str:
    """Lowercase without accents: 'Müller' → 'muller', 'Straße' → 'strasse'."""
    if text.isascii():  # most names and every email: no decomposition needed
        return " ".join(text.lower().split())  # = whitespace runs to one space, trimmed
    # Compatibility forms first (𝕬 → A), then case, then decompose again for the accents.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return " ".join(decomposed.translate(_UNACCENT).split())


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def spaced_cjk(text: str) -> str:
    """Each CJK character as a word of its own, so a word index can match 1–2 character names."""
    return _CJK.sub(lambda m: f" {m.group(0)} ", text)


def search_terms(query: str) -> list[str]:
    """The folded words of a query; quotes and FTS operators are dropped."""
    cleaned = re.sub(r'["*^():{}\[\]]', " ", fold(query))
    return [term for term in cleaned.split(" ") if term]
