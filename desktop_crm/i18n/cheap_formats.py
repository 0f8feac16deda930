"""The contact list's first page without Babel's locale data: medium dates, whole numbers and
a region's currency for the locales most users have, as the very text Babel gives (a property
test holds each to Babel). Anything else returns None and goes to Babel.

Babel's modules take 40–80 ms to import (babel.dates looks up the local time zone) and its
locale data 15–35 ms to load: time the window's first paint would otherwise wait for."""

from __future__ import annotations

from datetime import date

_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EN_GB = (*_EN[:8], "Sept", *_EN[9:])  # CLDR's British September
_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# Locale → (day before month?, abbreviated months, group separator), from CLDR as Babel has it.
_KNOWN: dict[str, tuple[bool, tuple[str, ...], str]] = {
    "en": (False, _EN, ","),
    "en_US": (False, _EN, ","),
    "en_GB": (True, _EN_GB, ","),
    "nl": (True, _NL, "."),
    "nl_NL": (True, _NL, "."),
    "nl_BE": (True, _NL, "."),
}
# The currency in use in a region today (Babel: get_territory_currencies(region, today)[0]).
_CURRENCIES = {"NL": "EUR", "BE": "EUR", "GB": "GBP", "US": "USD"}


def known_locales() -> tuple[str, ...]:
    return tuple(_KNOWN)


def medium_date(locale: str, value: date) -> str | None:
    """Babel's `format_date(value, "medium", locale)`, or None for a locale not known here."""
    known = _KNOWN.get(locale)
    if known is None:
        return None
    day_first, months, _group = known
    month = months[value.month - 1]
    if day_first:
        return f"{value.day} {month} {value.year}"  # d MMM y
    return f"{month} {value.day}, {value.year}"  # MMM d, y


def whole_number(locale: str, value: int) -> str | None:
    """Babel's `format_decimal(value, locale=locale)` for an int, or None."""
    known = _KNOWN.get(locale)
    if known is None or type(value) is not int:
        return None
    return f"{value:,}".replace(",", known[2])


def territory_currency(territory: str) -> str | None:
    """The currency a region uses today, for the regions known here; None otherwise."""
    return _CURRENCIES.get(territory.upper())
