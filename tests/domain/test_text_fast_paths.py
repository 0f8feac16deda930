"""The import's faster text paths give exactly what the plain ones gave: `clean_text`'s
ASCII shortcut, `fold` with its per-character table, and the whitespace collapse."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.names import clean_text
from desktop_crm.domain.search_text import fold

_SPACES = re.compile(r"\s+")
_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i"})


def plain_clean_text(value: str) -> str:
    """`clean_text` as it was before its shortcut."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_controls(value))).strip()


def plain_fold(text: str) -> str:
    """`fold` as it was before its per-character table."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_EXTRA)).strip()


# Whitespace of every kind, controls, combining marks, the extra letters, CJK and the rest.
TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000\x00\x07\x7f"),
        st.sampled_from("øłđħıØŁĐĦİßÆæœ\u0301\u0308\u0327é𝕬ﬁ山田김"),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=3000)
@given(TRICKY)
@example("  Jan   de  Vries ")
@example("tab\there")
@example("e\u0301mile")
def test_clean_text_is_unchanged(value):
    assert clean_text(value) == plain_clean_text(value)


@settings(max_examples=3000)
@given(TRICKY)
@example("Müller Straße  Łukasz")
@example("ASCII\x1c with\x1f separators ")
def test_fold_is_unchanged_and_stays_so_once_its_table_is_filled(value):
    expected = plain_fold(value)
    assert fold(value) == expected
    assert fold(value) == expected  # the second time from the filled table
