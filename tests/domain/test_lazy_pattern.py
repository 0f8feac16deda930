"""The patterns compiled on first use answer exactly as the eager `re.compile` did."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.lazy_pattern import LazyPattern

MODULES = [
    "desktop_crm.domain.birthdays",
    "desktop_crm.domain.duplicate_match",
    "desktop_crm.domain.emails",
    "desktop_crm.domain.names",
    "desktop_crm.domain.phone_search",
    "desktop_crm.domain.phones",
    "desktop_crm.domain.search_text",
    "desktop_crm.services.contact_validation",
]

SAMPLES = [
    "",
    " ",
    "1985-03-07",
    "19850307",
    "--03-07",
    "7/3/1985",
    "12.31.99",
    "+31 6 12345678 ext. 12",
    "020-1234567 x9",
    "06 12 34 56 78 toestel 4",
    "(030) 123.45.67",
    "anna@example.org",
    "a b@c.d",
    "jan@vries.co.uk",
    "  Jan   de  Vries\t",
    'O\'Brien "Bob" (Jr.)',
    "Café Ünïcødé, B.V.",
    "山田太郎",
    "한국어 テスト",
    "https://example.com",
    "example.com:8080",
    "mailto:x@y.z",
]


def _lazy_patterns() -> list[tuple[str, LazyPattern]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, LazyPattern):
                found.append((f"{name}.{attr}", value))
    return found


PATTERNS = _lazy_patterns()


def _same(lazy: LazyPattern, text: str) -> None:
    eager = re.compile(lazy.pattern, lazy.flags)
    for method in ("match", "search"):
        got, want = getattr(lazy, method)(text), getattr(eager, method)(text)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
    assert lazy.sub("<>", text) == eager.sub("<>", text)
    assert lazy.sub(lambda m: f"[{m.group(0)}]", text) == eager.sub(
        lambda m: f"[{m.group(0)}]", text
    )


def test_every_start_module_pattern_is_lazy() -> None:
    assert len(PATTERNS) >= 16  # the patterns that were compiled at import before the paint


@pytest.mark.parametrize(("where", "lazy"), PATTERNS, ids=[w for w, _ in PATTERNS])
def test_table(where: str, lazy: LazyPattern) -> None:
    for text in SAMPLES:
        _same(lazy, text)


@given(st.text(alphabet=st.sampled_from("0123456789 +-./()@abcxXT:,;'\"’`\t山テé"), max_size=30))
def test_any_text(text: str) -> None:
    for _where, lazy in PATTERNS:
        _same(lazy, text)


def test_compiled_on_first_use_only() -> None:
    lazy = LazyPattern(r"\d+x")
    assert "compiled" not in vars(lazy)
    assert lazy.search("a12x")
    assert vars(lazy)["compiled"] is re.compile(r"\d+x")  # re's own cache: one compile
