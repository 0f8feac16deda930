"""Babel formatting in Dutch and English: birthdays, dates, relative times, money, numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_crm.i18n import set_language
from desktop_crm.i18n.formatting import (
    LocaleFormats,
    decimal_to_minor,
    format_birthday,
    format_money,
    format_relative,
    minor_to_decimal,
)

NBSP = "\xa0"
NOW = datetime(2026, 3, 10, 10, 0)
TODAY = NOW.date()


@pytest.fixture
def nl() -> LocaleFormats:
    return LocaleFormats.for_locale("nl_NL")


@pytest.fixture
def en() -> LocaleFormats:
    return LocaleFormats.for_locale("en_GB")


def test_birthday_without_year_is_day_and_month(nl, en):
    assert nl.birthday(3, 14) == "14 maart"
    assert en.birthday(3, 14) == "14 March"


def test_birthday_with_known_year_shows_the_year(nl, en):
    assert nl.birthday(3, 14, 1980) == "14 maart 1980"
    assert en.birthday(3, 14, 1980) == "14 March 1980"


def test_birthday_on_leap_day_without_year(nl):
    assert nl.birthday(2, 29) == "29 februari"


def test_american_english_puts_the_month_first():
    assert LocaleFormats.for_locale("en_US").birthday(3, 14) == "March 14"


def test_dates_in_both_languages(nl, en):
    day = date(2026, 3, 14)
    assert nl.calendar_date(day) == "14 mrt 2026"
    assert en.calendar_date(day) == "14 Mar 2026"
    assert nl.calendar_date(day, "short") == "14-03-2026"
    assert nl.calendar_date(day, "full") == "zaterdag 14 maart 2026"
    assert en.calendar_date(day, "full") == "Saturday, 14 March 2026"


def test_date_time_has_no_seconds(nl, en):
    moment = datetime(2026, 3, 14, 10, 5, 30)
    assert nl.date_time(moment) == "14 mrt 2026, 10:05"
    assert en.date_time(moment) == "14 Mar 2026, 10:05"
    assert nl.date_time(moment, length="short") == "14-03-2026, 10:05"


def test_aware_date_time_is_shown_in_the_given_zone(nl):
    moment = datetime(2026, 3, 14, 9, 5, tzinfo=UTC)
    assert nl.date_time(moment, ZoneInfo("Europe/Amsterdam")) == "14 mrt 2026, 10:05"
    assert nl.clock_time(moment, ZoneInfo("Europe/Amsterdam")) == "10:05"


@pytest.mark.parametrize(
    ("offset", "dutch", "english"),
    [
        (timedelta(days=3), "over 3 dagen", "in 3 days"),
        (timedelta(days=-14), "2 weken geleden", "2 weeks ago"),
        (timedelta(days=1), "over 1 dag", "in 1 day"),
        (timedelta(hours=2), "over 2 uur", "in 2 hours"),
        (timedelta(minutes=-5), "5 minuten geleden", "5 minutes ago"),
        (timedelta(days=6), "over 6 dagen", "in 6 days"),  # not rounded up to a week
        (timedelta(days=-60), "2 maanden geleden", "2 months ago"),
        (timedelta(days=400), "over 1 jaar", "in 1 year"),
    ],
)
def test_relative_times(nl, en, offset, dutch, english):
    assert nl.relative(NOW + offset, NOW) == dutch
    assert en.relative(NOW + offset, NOW) == english


def test_relative_dates_count_calendar_days(nl):
    # Yesterday evening seen this morning is a day ago, not "14 uur geleden".
    assert nl.relative(date(2026, 3, 9), NOW) == "1 dag geleden"


def test_relative_now_is_a_translated_word(nl):
    set_language("nl")
    assert nl.relative(NOW, NOW) == "zojuist"
    set_language("en")
    assert nl.relative(NOW, NOW) == "just now"


@pytest.mark.parametrize(
    ("days", "dutch", "english"),
    [
        (0, "vandaag", "today"),
        (1, "morgen", "tomorrow"),
        (-1, "gisteren", "yesterday"),
        (3, "over 3 dagen", "in 3 days"),
        (-14, "2 weken geleden", "2 weeks ago"),
    ],
)
def test_relative_day_uses_words_for_neighbouring_days(nl, en, days, dutch, english):
    day = TODAY + timedelta(days=days)
    set_language("nl")
    assert nl.relative_day(day, TODAY) == dutch
    set_language("en")
    assert en.relative_day(day, TODAY) == english


def test_money_from_minor_units(nl, en):
    assert nl.money(123450) == f"€{NBSP}1.234,50"
    assert en.money(123450, "EUR") == "€1,234.50"
    assert nl.money(0) == f"€{NBSP}0,00"
    assert nl.money(-5) == f"€{NBSP}-0,05"


def test_money_in_a_currency_without_cents(nl):
    assert nl.money(1000, "JPY") == f"JP¥{NBSP}1.000"


def test_money_short_for_board_columns(nl, en):
    assert nl.money_short(1_234_500) == f"€{NBSP}12,3K"
    assert en.money_short(1_234_500, "EUR") == "€12.3k"  # CLDR en_GB writes a small k


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("1.234,50", 123450), ("€ 1.234,50", 123450), ("12", 1200), ("12,5", 1250), ("12.50", 1250)],
)
def test_parse_money_dutch(nl, typed, minor):
    assert nl.parse_money(typed) == minor


def test_parse_money_english(en):
    assert en.parse_money("1,234.50", "EUR") == 123450
    assert en.parse_money("£12", "GBP") == 1200


def test_parse_money_refuses_text(nl):
    with pytest.raises(ValueError):
        nl.parse_money("twaalf")


def test_minor_units_round_trip():
    assert minor_to_decimal(123450, "EUR") == Decimal("1234.50")
    assert minor_to_decimal(1000, "JPY") == Decimal("1000")
    assert decimal_to_minor(Decimal("1234.505"), "EUR") == 123450  # half to even
    assert decimal_to_minor(Decimal("0.015"), "EUR") == 2


def test_numbers_and_percentages(nl, en):
    assert nl.number(1234.5) == "1.234,5"
    assert en.number(1234.5) == "1,234.5"
    assert nl.number(2, decimals=2) == "2,00"
    assert nl.percent(0.25) == "25%"
    assert nl.percent(0.255, decimals=1) == "25,5%"
    assert en.percent(0.255, decimals=1) == "25.5%"


def test_first_day_of_the_week():
    assert LocaleFormats.for_locale("nl_NL").first_weekday == 0
    assert LocaleFormats.for_locale("en_GB").first_weekday == 0
    us = LocaleFormats.for_locale("en_US")
    assert us.first_weekday == 6
    assert us.weekday_names()[0] == "Sun"
    assert LocaleFormats.for_locale("nl_NL").weekday_names("wide")[0] == "maandag"


def test_month_names(nl, en):
    assert nl.month_name(3) == "maart"
    assert en.month_name(3, "abbreviated") == "Mar"


def test_defaults_follow_the_region():
    assert LocaleFormats.for_locale("nl_NL").currency == "EUR"
    assert LocaleFormats.for_locale("nl_NL").phone_region == "NL"
    assert LocaleFormats.for_locale("nl_BE").phone_region == "BE"
    assert LocaleFormats.for_locale("en_US").currency == "USD"


def test_bare_language_gets_european_defaults():
    dutch = LocaleFormats.for_locale("nl")
    english = LocaleFormats.for_locale("en")
    assert (dutch.currency, dutch.phone_region) == ("EUR", "NL")
    assert (english.currency, english.phone_region) == ("EUR", "NL")
    assert english.birthday(3, 14) == "14 March"


def test_settings_override_currency_and_phone_region():
    formats = LocaleFormats.for_locale("nl_NL", currency="usd", phone_region="be")
    assert (formats.currency, formats.phone_region) == ("USD", "BE")
    assert formats.money(100) == f"US${NBSP}1,00"


def test_current_follows_the_active_language_and_system_region(monkeypatch):
    for var in ("LC_ALL", "LC_MONETARY", "LC_TIME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    set_language("nl")
    formats = LocaleFormats.current()
    assert str(formats.locale) == "nl_BE"
    assert (formats.currency, formats.phone_region) == ("EUR", "BE")


def test_current_without_system_region_uses_defaults(monkeypatch):
    for var in ("LC_ALL", "LC_MONETARY", "LC_TIME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr("locale.getlocale", lambda *a: (None, None))
    formats = LocaleFormats.current(language="nl")
    assert (str(formats.locale), formats.currency, formats.phone_region) == ("nl_NL", "EUR", "NL")
    english = LocaleFormats.current(language="en")
    assert (str(english.locale), english.currency) == ("en_GB", "EUR")


def test_current_takes_the_region_from_the_ui(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    formats = LocaleFormats.current(language="en", territory="IE")
    assert str(formats.locale) == "en_IE"
    assert formats.currency == "EUR"


def test_shortcuts_use_the_active_language(monkeypatch):
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    set_language("nl")
    assert format_birthday(3, 14) == "14 maart"
    assert format_money(123450) == f"€{NBSP}1.234,50"
    assert format_relative(NOW + timedelta(days=3), NOW) == "over 3 dagen"
    set_language("en")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert format_birthday(3, 14) == "14 March"
    assert format_relative(NOW - timedelta(days=14), NOW) == "2 weeks ago"
