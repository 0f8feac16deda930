"""Phone numbers in search: the forms a number is indexed by, and what a typed number means.

A number is indexed by its E.164 digits and its own national digits; a query that looks
like a phone number becomes one run of digits (E.164 for a whole number in the user's
region), so `06-12345678`, `+31 6 12345678` and `0031612345678` find the same contact and
`+31 20 123 4567` never finds someone who only shares a few digits with it."""

from __future__ import annotations

from desktop_crm.domain.lazy_pattern import LazyPattern
from desktop_crm.domain.phones import DEFAULT_REGION, to_e164

_PHONE_LIKE = LazyPattern(r"^\s*\+?[\d\s\-./()]+$")
_NOT_DIGITS = LazyPattern(r"\D")
# Fewer digits than this, without a + or 00, is more likely a house number or a year.
_MIN_DIGITS = 6


def phone_index_forms(raw: str, e164: str | None) -> list[str]:
    """The digit runs one stored number is found by: E.164 and national (with trunk 0)."""
    import phonenumbers  # loaded on first use (see domain/phones.py)

    forms: list[str] = []
    raw_digits = _NOT_DIGITS.sub("", raw or "")
    if e164:
        forms.append(e164)  # "+31612345678": its digits contain every E.164 query
        try:
            number = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None:
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            forms.append(_NOT_DIGITS.sub("", national))
    if raw_digits and raw_digits not in forms:
        forms.append(raw_digits)  # a number libphonenumber could not read, by its digits
    return forms


def phone_query_digits(query: str, region: str = DEFAULT_REGION) -> str | None:
    """The digit run a phone-like query must contain; None when the query is not a number."""
    text = query.strip()
    if not _PHONE_LIKE.match(text):
        return None
    digits = _NOT_DIGITS.sub("", text)
    international = text.startswith("+") or digits.startswith("00")
    if not digits or (len(digits) < _MIN_DIGITS and not international):
        return None
    # Only now: loading phonenumbers takes 20-30 ms, and a search for a name never needs it.
    import phonenumbers  # loaded on first use (see domain/phones.py)

    whole = to_e164(text, region)
    if whole:
        return whole[1:]
    # A number still being typed: bring its start to E.164 so every written form agrees.
    if text.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:] or None
    if digits.startswith("0"):
        country = phonenumbers.country_code_for_region(region.upper())
        if country:
            return f"{country}{digits[1:]}"
    return digits
