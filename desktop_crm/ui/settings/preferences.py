"""Per-user preferences (language, phone region, currency, start-up) in QSettings, and applying them.

What belongs to the data (criteria, reminder times, sales defaults) is in the database
through the services; this module holds only what differs per user and machine."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QSettings

from desktop_crm.i18n import SUPPORTED, current_language, detect_language
from desktop_crm.i18n.formatting import DEFAULT_PHONE_REGION, default_currency, set_preferred
from desktop_crm.ui.autostart import START_AT_LOGIN_KEY, START_MINIMIZED_KEY

LANGUAGE_KEY = "preferences/language"
PHONE_REGION_KEY = "preferences/phone_region"
CURRENCY_KEY = "preferences/currency"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}  # each in its own language, never translated


@dataclass(frozen=True)
class Preferences:
    language: str
    phone_region: str
    currency: str
    start_at_login: bool = False
    start_minimized: bool = True


def system_region() -> str:
    """The region of the system locale (QLocale knows it on Windows and macOS too)."""
    territory = QLocale.system().name().partition("_")[2][:2].upper()
    return territory if len(territory) == 2 and territory.isalpha() else DEFAULT_PHONE_REGION


def system_defaults() -> Preferences:
    """What a user who never opened Settings gets: all from the system locale."""
    # The language the app runs in now (from --lang or the environment).
    language = current_language() or detect_language()
    region = system_region()
    # A region with no currency of its own (C locale → "NL" fallback) still gets euros.
    return Preferences(language=language, phone_region=region, currency=default_currency(region))


def _text(settings: QSettings, key: str, fallback: str) -> str:
    value = settings.value(key, fallback)
    return str(value) if value else fallback


def load_preferences(settings: QSettings | None) -> Preferences:
    defaults = system_defaults()
    if settings is None:
        return defaults
    language = _text(settings, LANGUAGE_KEY, defaults.language)
    return Preferences(
        language=language if language in SUPPORTED else defaults.language,
        phone_region=_text(settings, PHONE_REGION_KEY, defaults.phone_region).upper(),
        currency=_text(settings, CURRENCY_KEY, defaults.currency).upper(),
        start_at_login=bool(settings.value(START_AT_LOGIN_KEY, False, type=bool)),
        start_minimized=bool(settings.value(START_MINIMIZED_KEY, True, type=bool)),
    )


def save_preferences(settings: QSettings, preferences: Preferences) -> None:
    settings.setValue(LANGUAGE_KEY, preferences.language)
    settings.setValue(PHONE_REGION_KEY, preferences.phone_region)
    settings.setValue(CURRENCY_KEY, preferences.currency)
    settings.setValue(START_AT_LOGIN_KEY, preferences.start_at_login)
    settings.setValue(START_MINIMIZED_KEY, preferences.start_minimized)
    settings.sync()


def stored_language(settings: QSettings | None) -> str | None:
    """The language the user chose in Settings, or None when they never did."""
    if settings is None:
        return None
    value = settings.value(LANGUAGE_KEY, "")
    return str(value) if value in SUPPORTED else None


def apply_formatting(preferences: Preferences) -> None:
    """Amounts and new phone numbers follow the preferences from now on."""
    set_preferred(currency=preferences.currency, phone_region=preferences.phone_region)


def needs_restart(old: Preferences, new: Preferences) -> bool:
    """Only the language cannot change under open widgets (every label would need rebuilding)."""
    return old.language != new.language and new.language != current_language()
