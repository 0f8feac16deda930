"""Settings › General: language, phone region, currency, start at login, start in the tray."""

from __future__ import annotations

import phonenumbers
from babel import Locale
from babel.numbers import get_currency_name
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from desktop_crm.i18n import _, current_language
from desktop_crm.ui import autostart
from desktop_crm.ui.form_rows import add_named_row
from desktop_crm.ui.settings.preferences import LANGUAGE_NAMES, Preferences
from desktop_crm.ui.style import muted_text_style

# The currencies our users meet most, first; the list is short so that it stays usable.
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "JPY")


def calling_codes() -> dict[str, int]:
    """+31 for NL …, from the library's code table: asking `country_code_for_region` loads
    each region's metadata module (200 ms for the 245 regions, on the GUI thread)."""
    return {
        region: code
        for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
        for region in regions
    }


def _territory_names() -> dict[str, str]:
    locale = Locale.parse(current_language())
    return {code: locale.territories.get(code, code) for code in phonenumbers.SUPPORTED_REGIONS}


class GeneralTab(QWidget):
    def __init__(self, preferences: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)

        self.language_box = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self._select(self.language_box, preferences.language)
        add_named_row(form, _("&Language:"), self.language_box, _("Language"))

        self.region_box = QComboBox()
        names = _territory_names()
        calling = calling_codes()
        for code in sorted(names, key=lambda c: names[c].casefold()):
            self.region_box.addItem(f"{names[code]} (+{calling[code]})", code)
        self._select(self.region_box, preferences.phone_region)
        add_named_row(form, _("&Phone region:"), self.region_box, _("Phone region"))
        region_hint = QLabel(
            _("Phone numbers typed without +country code are read as this region's.")
        )
        region_hint.setWordWrap(True)
        region_hint.setStyleSheet(muted_text_style())
        form.addRow("", region_hint)

        self.currency_box = QComboBox()
        locale = Locale.parse(current_language())
        codes = list(CURRENCIES)
        if preferences.currency not in codes:
            codes.insert(0, preferences.currency)
        for code in codes:
            self.currency_box.addItem(f"{code} · {get_currency_name(code, locale=locale)}", code)
        self._select(self.currency_box, preferences.currency)
        add_named_row(form, _("&Currency:"), self.currency_box, _("Currency"))

        self.login_check = QCheckBox(_("&Start Desktop CRM when I log in"))
        self.login_check.setAccessibleName(_("Start at login"))
        self.login_check.setChecked(preferences.start_at_login)
        self.login_check.setEnabled(autostart.is_supported())
        form.addRow("", self.login_check)
        self.minimized_check = QCheckBox(_("Start minimised to the &tray"))
        self.minimized_check.setAccessibleName(_("Start minimised to the tray"))
        self.minimized_check.setChecked(preferences.start_minimized)
        form.addRow("", self.minimized_check)

    @staticmethod
    def _select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index >= 0:
            box.setCurrentIndex(index)

    def preferences(self) -> Preferences:
        return Preferences(
            language=str(self.language_box.currentData()),
            phone_region=str(self.region_box.currentData()),
            currency=str(self.currency_box.currentData()),
            start_at_login=self.login_check.isChecked(),
            start_minimized=self.minimized_check.isChecked(),
        )
