"""Dates, times, money, numbers and percentages in the user's language, through Babel. No Qt.

`LocaleFormats` bundles a Babel locale with the default currency and phone region;
Settings may override both. Build one with `LocaleFormats.current(...)` and pass it
to what shows values; the module-level shortcuts use the active language.
"""

from __future__ import annotations

import locale as _stdlib_locale
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import ModuleType

from babel import Locale, UnknownLocaleError

from desktop_crm.i18n import _, current_language
from desktop_crm.i18n.cheap_formats import medium_date, territory_currency, whole_number

DEFAULT_CURRENCY = "EUR"
DEFAULT_PHONE_REGION = "NL"
# Without a region from the system: Dutch as in the Netherlands; English with
# day-month dates and a Monday week, which is what our (European) users expect.
_DEFAULT_TERRITORY = {"nl": "NL", "en": "GB"}
# A leap year, so a birthday on 29 February can be formatted without its year.
_LEAP_YEAR = 2000
# The user's choices from Settings (currency, phone region); None means "from the locale".
# One place, set by the window at start and when Settings change, so every amount agrees.
_preferred: dict[str, str | None] = {"currency": None, "phone_region": None}


def _dates() -> ModuleType:
    """babel.dates, imported on first use: 40–80 ms (it finds the local time zone) that the
    window's first paint does not wait for (its dates come from cheap_formats)."""
    import babel.dates

    return babel.dates


def _numbers() -> ModuleType:
    """babel.numbers, imported on first use (as babel.dates)."""
    import babel.numbers

    return babel.numbers


def load_ahead() -> None:
    """Babel's modules and the active locale's data, loaded before a format needs them (the
    app calls this on a worker after the first paint, so no view pays for it on the GUI
    thread later)."""
    _dates()
    _numbers()
    formats = current_formats()
    formats.locale.date_formats  # noqa: B018 - touching it loads the locale's data
    default_currency(formats.locale.territory)


def set_preferred(*, currency: str | None = None, phone_region: str | None = None) -> None:
    """The user's currency and phone region for every later `LocaleFormats.current()`."""
    _preferred["currency"] = currency.upper() if currency else None
    _preferred["phone_region"] = phone_region.upper() if phone_region else None


def preferred_currency() -> str | None:
    return _preferred["currency"]


def preferred_phone_region() -> str | None:
    return _preferred["phone_region"]


def system_territory() -> str | None:
    """The region of the system locale (nl_BE → BE), or None when it has none (C, POSIX)."""
    for var in ("LC_ALL", "LC_MONETARY", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        if value:
            territory = _territory_of(value)
            if territory:
                return territory
    try:
        name = _stdlib_locale.getlocale()[0]
    except ValueError:
        name = None
    return _territory_of(name) if name else None


def _territory_of(name: str) -> str | None:
    bare = name.split(".")[0].split("@")[0]
    if bare.upper() in ("C", "POSIX", ""):  # Babel would read these as en_US_POSIX
        return None
    try:
        parsed = Locale.parse(bare, sep="_")
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return parsed.territory


def _locale_for(language: str, territory: str | None) -> Locale:
    for candidate in (f"{language}_{territory}" if territory else None, language):
        if candidate:
            try:
                return Locale.parse(candidate)
            except (ValueError, UnknownLocaleError):
                continue
    return Locale.parse("en")


def default_currency(territory: str | None) -> str:
    """The currency in use in a region today; EUR when the region is unknown."""
    if territory:
        known = territory_currency(territory)
        if known is not None:
            return known
        currencies = _numbers().get_territory_currencies(territory, date.today())
        if currencies:
            return currencies[0]
    return DEFAULT_CURRENCY


@dataclass(frozen=True)
class LocaleFormats:
    locale: Locale
    currency: str = DEFAULT_CURRENCY
    phone_region: str = DEFAULT_PHONE_REGION

    @classmethod
    def for_locale(
        cls, name: str, *, currency: str | None = None, phone_region: str | None = None
    ) -> LocaleFormats:
        """Formats for a Babel locale such as nl_NL; a bare language gets our default region."""
        parsed = Locale.parse(name.replace("-", "_"))
        territory = parsed.territory
        if territory is None:
            parsed = _locale_for(parsed.language, _DEFAULT_TERRITORY.get(parsed.language))
        return cls(
            locale=parsed,
            currency=(currency or default_currency(territory)).upper(),
            phone_region=(phone_region or territory or DEFAULT_PHONE_REGION).upper(),
        )

    @classmethod
    def current(
        cls,
        *,
        language: str | None = None,
        territory: str | None = None,
        currency: str | None = None,
        phone_region: str | None = None,
    ) -> LocaleFormats:
        """Formats for the active language in the system's region.

        The UI may pass `territory` from QLocale.system() (Windows and macOS rarely set
        LANG); `currency` and `phone_region` are the user's overrides from Settings."""
        language = language or current_language()
        territory = territory or system_territory()
        chosen = _locale_for(language, territory or _DEFAULT_TERRITORY.get(language))
        # The money follows the locale actually used: Dutch on an en_US system formats as
        # nl (there is no nl_US), so it is euros, not "US$ 0,00". Settings may choose another.
        money_territory = territory if chosen.territory == territory else None
        return cls(
            locale=chosen,
            currency=(
                currency or _preferred["currency"] or default_currency(money_territory)
            ).upper(),
            phone_region=(
                phone_region or _preferred["phone_region"] or territory or DEFAULT_PHONE_REGION
            ).upper(),
        )

    # ---- dates and times -------------------------------------------------------------

    @property
    def first_weekday(self) -> int:
        """The first day of the week: 0 is Monday, 6 is Sunday (as `date.weekday()`)."""
        return self.locale.first_week_day

    def weekday_names(self, width: str = "abbreviated") -> list[str]:
        """Day names in display order, starting at `first_weekday`."""
        names = self.locale.days["format"][width]
        return [names[(self.first_weekday + i) % 7] for i in range(7)]

    def month_name(self, month: int, width: str = "wide") -> str:
        return self.locale.months["format"][width][month]

    def birthday(self, month: int, day: int, year: int | None = None) -> str:
        """'14 maart' / '14 March', with the year when it is known ('14 maart 1980')."""
        if year is None:
            return _dates().format_skeleton(
                "MMMMd", date(_LEAP_YEAR, month, day), locale=self.locale
            )
        return _dates().format_skeleton("yMMMMd", date(year, month, day), locale=self.locale)

    def calendar_date(self, value: date, length: str = "medium") -> str:
        """A calendar date; `length` is short, medium, long or full (Babel's formats)."""
        if length == "medium":
            cheap = medium_date(str(self.locale), value)
            if cheap is not None:
                return cheap
        return _dates().format_date(value, format=length, locale=self.locale)

    def clock_time(self, value: datetime, tz: tzinfo | None = None) -> str:
        return _dates().format_time(value, format="short", tzinfo=tz, locale=self.locale)

    def date_time(self, value: datetime, tz: tzinfo | None = None, length: str = "medium") -> str:
        """Date and time without seconds: a follow-up is due at 10:00, not 10:00:00.

        An aware `value` is shown in `tz` (the local zone when None); a naive one as is."""
        if value.tzinfo is not None:
            value = value.astimezone(tz) if tz is not None else value.astimezone()
        day = _dates().format_date(value, format=length, locale=self.locale)
        clock = _dates().format_time(value, format="short", locale=self.locale)
        # The locale's own glue ("{1}, {0}", "{1} 'om' {0}"), quotes as in CLDR patterns.
        glue = str(self.locale.datetime_formats[length]).replace("'", "")
        return glue.replace("{1}", day).replace("{0}", clock)

    def relative(self, when: datetime | date, now: datetime | date) -> str:
        """'over 3 dagen' / 'in 3 days', '2 weken geleden' / '2 weeks ago'.

        Dates compare by calendar day, so yesterday evening is '1 dag geleden' and not
        '14 uur geleden'; for dates today and tomorrow read better, see `relative_day`."""
        if isinstance(when, datetime) != isinstance(now, datetime):
            when = when.date() if isinstance(when, datetime) else when
            now = now.date() if isinstance(now, datetime) else now
        delta: timedelta = when - now  # type: ignore[operator]
        if abs(delta) < timedelta(minutes=1):
            return _("just now")
        return _dates().format_timedelta(
            delta, add_direction=True, threshold=1.0, locale=self.locale
        )

    def relative_day(self, day: date, today: date) -> str:
        """'vandaag', 'morgen', 'gisteren', else 'over 3 dagen' / '2 weken geleden'."""
        offset = (day - today).days
        if offset == 0:
            return _("today")
        if offset == 1:
            return _("tomorrow")
        if offset == -1:
            return _("yesterday")
        return _dates().format_timedelta(
            timedelta(days=offset),
            granularity="day",
            add_direction=True,
            threshold=1.0,
            locale=self.locale,
        )

    # ---- numbers and money -----------------------------------------------------------

    def number(self, value: int | float | Decimal, decimals: int | None = None) -> str:
        """1.234,5 / 1,234.5; `decimals` fixes the digits after the separator."""
        if decimals is None:
            cheap = whole_number(str(self.locale), value) if type(value) is int else None
            if cheap is not None:
                return cheap
            return _numbers().format_decimal(value, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return _numbers().format_decimal(
            value, format=pattern, locale=self.locale, decimal_quantization=True
        )

    def percent(self, fraction: float | Decimal, decimals: int = 0) -> str:
        """A fraction as a percentage: 0.25 → '25%'."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
        return _numbers().format_percent(fraction, format=pattern, locale=self.locale)

    def money(self, minor_units: int, currency: str | None = None) -> str:
        """An amount stored in cents (or the currency's minor unit): 123450 → '€ 1.234,50'."""
        code = (currency or self.currency).upper()
        return _numbers().format_currency(
            minor_to_decimal(minor_units, code), code, locale=self.locale
        )

    def money_short(self, minor_units: int, currency: str | None = None) -> str:
        """A compact amount for board columns: '€ 12K' / '€12K'."""
        code = (currency or self.currency).upper()
        return _numbers().format_compact_currency(
            minor_to_decimal(minor_units, code), code, locale=self.locale, fraction_digits=1
        )

    def parse_money(self, text: str, currency: str | None = None) -> int:
        """What a user typed ('1.234,50', '€ 1234') in minor units; ValueError if no amount."""
        code = (currency or self.currency).upper()
        symbol = _numbers().get_currency_symbol(code, locale=self.locale)
        cleaned = text.replace(symbol, "").replace(code, "").replace("\xa0", " ").strip()
        cleaned = cleaned.replace(" ", "")
        try:
            amount = _numbers().parse_decimal(cleaned, locale=self.locale, strict=True)
        except _numbers().NumberFormatError as exc:
            # A Dutch user typing 1234.50 means what an English one means; accept it
            # when the text is unambiguous (one dot, at most two digits after it).
            plain = cleaned.replace(",", "") if "," not in cleaned[-3:] else None
            try:
                fallback = Decimal(plain) if plain else None
            except InvalidOperation:
                fallback = None
            if fallback is None:
                raise ValueError(text) from exc
            amount = fallback
        return decimal_to_minor(amount, code)


def currency_digits(currency: str) -> int:
    """Digits after the decimal separator: 2 for EUR, 0 for JPY."""
    return _numbers().get_currency_precision(currency.upper())


def minor_to_decimal(minor_units: int, currency: str) -> Decimal:
    return Decimal(minor_units).scaleb(-currency_digits(currency))


def decimal_to_minor(amount: Decimal, currency: str) -> int:
    # Banker's rounding, like Babel's own quantization, so parse(format(x)) == x.
    scaled = amount.scaleb(currency_digits(currency)).quantize(Decimal(1), ROUND_HALF_EVEN)
    return int(scaled)


# ---- shortcuts for the active language (system region, no overrides) -----------------


def current_formats() -> LocaleFormats:
    return LocaleFormats.current()


def format_birthday(month: int, day: int, year: int | None = None) -> str:
    return current_formats().birthday(month, day, year)


def format_date(value: date, length: str = "medium") -> str:
    return current_formats().calendar_date(value, length)


def format_datetime(value: datetime, tz: tzinfo | None = None, length: str = "medium") -> str:
    return current_formats().date_time(value, tz, length)


def format_relative(when: datetime | date, now: datetime | date) -> str:
    return current_formats().relative(when, now)


def format_money(minor_units: int, currency: str | None = None) -> str:
    return current_formats().money(minor_units, currency)


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    return current_formats().number(value, decimals)


def format_percent(fraction: float | Decimal, decimals: int = 0) -> str:
    return current_formats().percent(fraction, decimals)
