"""The fast path for plain Dutch numbers gives exactly what libphonenumber gives."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_crm.domain.phones import _NOT_HANDLED, _fast_e164, _full_parse, clean_phone_text


def _agree(raw: str) -> None:
    text = clean_phone_text(raw)
    fast = _fast_e164(text, "NL")
    if fast is not _NOT_HANDLED:
        assert fast == _full_parse(text, "NL"), raw


def test_fast_path_agrees_on_many_realistic_numbers():
    rng = random.Random(3)
    forms = ["0{}", "+31 {}", "0031 {}", "+31 (0){}", "{}", "0{}-{}", "(0{}) {}"]
    for _ in range(20_000):
        national = str(rng.randint(10 ** (rng.randint(3, 10)), 10**11))[: rng.randint(4, 11)]
        form = rng.choice(forms)
        raw = (
            form.format(national[:3], national[3:])
            if form.count("{}") == 2
            else form.format(national)
        )
        _agree(raw)


@settings(max_examples=3000)
@given(st.text(alphabet="0123456789 +-()./", min_size=1, max_size=20))
def test_fast_path_agrees_on_any_plain_input(raw):
    _agree(raw)
