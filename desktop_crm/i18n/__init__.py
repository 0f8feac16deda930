"""Translation entry points: `_`, `ngettext` and the lazy marker `N_`.

Every module that shows text to a user imports these from here, so the active
language can be switched in one place (`set_language`)."""

from __future__ import annotations

import gettext as _gettext
import locale
import os

from desktop_crm.resource_paths import locale_dir

DOMAIN = "desktop_crm"
SUPPORTED = ("en", "nl")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def detect_language() -> str:
    """The user's language from the environment, limited to what we ship."""
    for var in ("DESKTOP_CRM_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            if code in SUPPORTED:
                return code
            if code not in ("c", "posix"):
                return "en"
    try:
        code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    except ValueError:
        code = "en"
    return code if code in SUPPORTED else "en"


def set_language(language: str | None) -> str:
    """Activate `language` (or the detected one); returns the code in force."""
    global _translation, _language
    code = (language or detect_language()).lower()
    if code not in SUPPORTED:
        code = "en"
    _translation = _gettext.translation(
        DOMAIN, localedir=str(locale_dir()), languages=[code], fallback=True
    )
    _language = code
    return code


def current_language() -> str:
    return _language


def current_locale() -> str:
    """The Babel locale for formatting: nl_NL for Dutch, en_GB-like defaults otherwise."""
    return "nl_NL" if _language == "nl" else "en_US"


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
