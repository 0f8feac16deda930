"""Text folding for search: case- and accent-insensitive, with CJK split into characters.

The same folding is applied to what is indexed and to what the user types, so
`muller` finds Müller and `山田` finds 山田太郎 on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Han, Hiragana, Katakana, Hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i"})


def fold(text: str) -> str:
    """Lowercase without accents: 'Müller' → 'muller', 'Straße' → 'strasse'."""
    if text.isascii():  # most names and every email: no decomposition needed
        return _SPACES.sub(" ", text.lower()).strip()
    # Compatibility forms first (𝕬 → A), then case, then decompose again for the accents.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_EXTRA)).strip()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def spaced_cjk(text: str) -> str:
    """Each CJK character as a word of its own, so a word index can match 1–2 character names."""
    return _CJK.sub(lambda m: f" {m.group(0)} ", text)


def search_terms(query: str) -> list[str]:
    """The folded words of a query; quotes and FTS operators are dropped."""
    cleaned = re.sub(r'["*^():{}\[\]]', " ", fold(query))
    return [term for term in cleaned.split(" ") if term]
