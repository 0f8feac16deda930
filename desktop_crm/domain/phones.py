"""Phone numbers: parsed with libphonenumber into E.164, and formatted for display."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "NL"
_EXTENSION = re.compile(r"(?:;ext=|\s*(?:ext\.?|x|toestel|tst\.?)\s*)\d+\s*$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")


def region_for_locale(locale_name: str | None) -> str:
    """nl_NL → NL; a bare language falls back to NL, our first market."""
    if locale_name and "_" in locale_name:
        return locale_name.split("_", 1)[1].split(".")[0].upper()[:2]
    return DEFAULT_REGION


def clean_phone_text(raw: str) -> str:
    """Strip a tel: URI prefix and any extension, keeping what the user typed otherwise."""
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    return _EXTENSION.sub("", text).strip()


@lru_cache(maxsize=65536)
def to_e164(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 (+31612345678) for a valid number; None for anything that is not one."""
    if not raw or not _HAS_DIGIT.search(raw):
        return None
    text = clean_phone_text(raw)
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
