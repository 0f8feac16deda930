"""Phone numbers: parsed with libphonenumber into E.164, and formatted for display."""

from __future__ import annotations

import re
from enum import Enum, auto
from functools import lru_cache

from desktop_crm.domain.lazy_pattern import LazyPattern

# phonenumbers (15 ms and 4 MB of metadata) is imported by the functions that parse: the
# window's first paint shows no phone number (issue 14, point 5).

DEFAULT_REGION = "NL"
_EXTENSION = LazyPattern(r"(?:;ext=|\s*(?:ext\.?|x|toestel|tst\.?)\s*)\d+\s*$", re.IGNORECASE)
_HAS_DIGIT = LazyPattern(r"\d")


def clean_phone_text(raw: str) -> str:
    """Strip a tel: URI prefix and any extension, keeping what the user typed otherwise."""
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    return _EXTENSION.sub("", text).strip()


_PLAIN_NUMBER = LazyPattern(r"^\+?[\d \-./()]+$")
_NOT_DIGITS = LazyPattern(r"\D")


class _Fast(Enum):
    """The fast path's answer when only the full parser can decide."""

    NOT_HANDLED = auto()


_NOT_HANDLED = _Fast.NOT_HANDLED


@lru_cache(maxsize=8)
def _region_rules(region: str) -> tuple[str, list[tuple[re.Pattern[str], frozenset[int]]]] | None:
    """(country code, [(compiled national-number pattern, possible lengths)]) for a region
    whose national numbers never start with its trunk prefix 0; None where that is not so."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix != "0" or region not in _FAST_REGIONS:
        return None
    kinds: list[tuple[re.Pattern[str], frozenset[int]]] = []
    general = metadata.general_desc.possible_length if metadata.general_desc else ()
    for name in _NUMBER_KINDS:
        desc = getattr(metadata, name)
        if desc is not None and desc.national_number_pattern:
            lengths = frozenset(desc.possible_length or general)
            kinds.append((re.compile(desc.national_number_pattern), lengths))
    return str(metadata.country_code), kinds


# Regions whose plain numbers we check against libphonenumber's own patterns without a
# full parse (twice as fast; a test compares both ways). Others always take the full parse.
_FAST_REGIONS = frozenset({"NL"})
_NUMBER_KINDS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


def _fast_e164(text: str, region: str) -> str | None | _Fast:
    """E.164, None, or _NOT_HANDLED when the full parser must decide."""
    rules = _region_rules(region)
    if rules is None or not _PLAIN_NUMBER.match(text):
        return _NOT_HANDLED
    country, kinds = rules
    digits = _NOT_DIGITS.sub("", text)
    written_nationally = False  # no "+", no "00", the trunk prefix first ("033 897176")
    if text.startswith("+"):
        if not digits.startswith(country):
            return _NOT_HANDLED
        national = digits[len(country) :]
    elif digits.startswith("00"):
        if not digits.startswith("00" + country):
            return _NOT_HANDLED
        national = digits[2 + len(country) :]
    else:
        national = digits
        written_nationally = digits.startswith("0")
    if national.startswith("0"):  # the trunk prefix, or "+31 (0)20 …"
        national = national[1:]
    if not national or national.startswith("0"):
        return _NOT_HANDLED
    for pattern, lengths in kinds:
        if len(national) in lengths and pattern.fullmatch(national):
            return f"+{country}{national}"
    if written_nationally:
        # The full parser strips the same trunk 0 (no number of the region starts with 0)
        # and tries the same kinds: not valid. A sixth of a large file's numbers, each a
        # full parse before.
        return None
    return _NOT_HANDLED


@lru_cache(maxsize=65536)
def to_e164(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 (+31612345678) for a valid number; None for anything that is not one."""
    if not raw or not _HAS_DIGIT.search(raw):
        return None
    text = clean_phone_text(raw)
    fast = _fast_e164(text, region)
    if not isinstance(fast, _Fast):
        return fast
    return _full_parse(text, region)


def _full_parse(text: str, region: str) -> str | None:
    import phonenumbers

    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_for_display(e164: str | None, raw: str = "", region: str = DEFAULT_REGION) -> str:
    """National format for numbers in the user's region, international otherwise."""
    import phonenumbers

    if not e164:
        return raw
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return raw or e164
    same_region = phonenumbers.region_code_for_number(number) == region.upper()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_region
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
