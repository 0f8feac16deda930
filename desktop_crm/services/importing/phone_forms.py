"""The search forms of imported phone numbers, with libphonenumber's national-format decision
cached per number shape: a parse and a format per number were a fifth of a large import."""

from __future__ import annotations

import re

import phonenumbers

_NOT_DIGITS = re.compile(r"\D")

# A shape is (the first four digits after "+", the digit count): enough to fix the country
# code and the formatting rule libphonenumber picks. The decision it stores is how the
# national digits follow from the E.164 ones: (digits of the country code to cut, the
# prefix to put in front), or None where the national form is not that simple (it is then
# asked of libphonenumber every time). A property test holds it to libphonenumber.
_Decision = tuple[int, str] | None
_decisions: dict[tuple[str, int], _Decision] = {}


def _shape(digits: str) -> tuple[str, int]:
    return digits[:4], len(digits)


def _parsed_national(e164: str) -> tuple[str, int] | None:
    """libphonenumber's national form as digits, and the length of the country code."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return _NOT_DIGITS.sub("", national), len(str(number.country_code))


def _decide(digits: str, national: str, code_length: int) -> _Decision:
    significant = digits[code_length:]
    if not significant or not national.endswith(significant):
        return None
    return code_length, national[: len(national) - len(significant)]


def national_digits(e164: str) -> str | None:
    """The digits of the national form of a valid E.164 number (as `phone_index_forms`)."""
    digits = e164[1:]
    shape = _shape(digits)
    if shape in _decisions:
        decision = _decisions[shape]
        if decision is not None:
            cut, prefix = decision
            return prefix + digits[cut:]
    parsed = _parsed_national(e164)
    if parsed is None:
        return None
    national, code_length = parsed
    if shape not in _decisions:
        _decisions[shape] = _decide(digits, national, code_length)
    return national


def index_forms(raw: str, e164: str | None) -> list[str]:
    """`domain.phone_search.phone_index_forms`, with the national form from the cache."""
    forms: list[str] = []
    raw_digits = _NOT_DIGITS.sub("", raw or "")
    if e164:
        forms.append(e164)
        national = national_digits(e164)
        if national is not None:
            forms.append(national)
    if raw_digits and raw_digits not in forms:
        forms.append(raw_digits)
    return forms


def phone_search_parts(phones: list[tuple[str, str | None]]) -> list[str]:
    """Each number as written followed by its forms, as `contact_document` indexes them."""
    parts: list[str] = []
    for raw, e164 in phones:
        parts += [raw, *index_forms(raw, e164)]
    return parts
