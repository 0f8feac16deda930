"""Text folding for search: case- and accent-insensitive, with CJK split into characters.

The same folding is applied to what is indexed and to what the user types, so
`muller` finds Müller and `山田` finds 山田太郎 on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Han, Hiragana, Katakana, Hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def fold(text: str) -> str:
    """Lowercase without accents: 'Müller' → 'muller', 'Straße' → 'strasse'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.replace("ø", "o").replace("ł", "l").replace("đ", "d")).strip()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def spaced_cjk(text: str) -> str:
    """Each CJK character as a word of its own, so a word index can match 1–2 character names."""
    return _CJK.sub(lambda m: f" {m.group(0)} ", text)


def search_terms(query: str) -> list[str]:
    """The folded words of a query; quotes and FTS operators are dropped."""
    cleaned = re.sub(r'["*^():{}\[\]]', " ", fold(query))
    return [term for term in cleaned.split(" ") if term]
