"""The cheap first-page formats give Babel's own text, for every known locale."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_territory_currencies
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_crm.i18n.cheap_formats import (
    known_locales,
    medium_date,
    territory_currency,
    whole_number,
)
from desktop_crm.i18n.formatting import LocaleFormats

LOCALES = st.sampled_from(known_locales())


@settings(max_examples=600)
@given(LOCALES, st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_medium_date_reads_as_babels(locale, day):
    assert medium_date(locale, day) == format_date(day, "medium", locale=Locale.parse(locale))


@settings(max_examples=600)
@given(LOCALES, st.integers(min_value=-(10**15), max_value=10**15))
def test_a_whole_number_reads_as_babels(locale, value):
    assert whole_number(locale, value) == format_decimal(value, locale=Locale.parse(locale))


def test_every_month_and_a_date_with_a_time():
    for locale in known_locales():
        for month in range(1, 13):
            day = date(2026, month, 9)
            assert medium_date(locale, day) == format_date(day, "medium", locale=locale)
        moment = datetime(2026, 9, 30, 23, 59)
        assert medium_date(locale, moment) == format_date(moment, "medium", locale=locale)


def test_the_known_regions_use_the_currency_babel_names_today():
    for region in ("NL", "BE", "GB", "US"):
        assert territory_currency(region) == get_territory_currencies(region, date.today())[0]


def test_other_locales_and_values_go_to_babel():
    assert medium_date("de_DE", date(2026, 3, 14)) is None
    assert whole_number("fr_FR", 1234) is None
    assert whole_number("nl_NL", True) is None  # a bool is no count
    assert territory_currency("JP") is None
    # Through LocaleFormats: a locale outside the table still formats (through Babel).
    formats = LocaleFormats.for_locale("en_ZA")
    assert formats.calendar_date(date(2026, 3, 14)) == format_date(
        date(2026, 3, 14), "medium", locale="en_ZA"
    )
    assert formats.number(1234) == format_decimal(1234, locale="en_ZA")
