"""How list and detail cells show dates, birthdays and money: Babel via i18n.formatting."""

from __future__ import annotations

from datetime import date, datetime
from types import ModuleType

_formatting: ModuleType | None
try:  # written alongside this module; the fallback keeps the window usable without it
    from desktop_crm.i18n import formatting as _formatting
except ImportError:  # pragma: no cover - only before i18n/formatting.py exists
    _formatting = None


def show_date(value: date | None) -> str:
    if value is None:
        return ""
    if _formatting is not None:
        return _formatting.format_date(value, "medium")
    return value.isoformat()


def show_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if _formatting is not None:
        return _formatting.format_datetime(value, length="medium")
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def show_birthday(month: int, day: int, year: int | None) -> str:
    if _formatting is not None:
        return _formatting.format_birthday(month, day, year)
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def show_money(minor_units: int, currency: str) -> str:
    if _formatting is not None:
        return _formatting.format_money(minor_units, currency)
    return f"{currency} {minor_units / 100:,.2f}"


def parse_money(text: str, currency: str) -> int:
    """Minor units from what a user typed; ValueError when it is no amount."""
    if _formatting is not None:
        return _formatting.current_formats().parse_money(text, currency)
    return round(float(text.replace(",", ".").strip()) * 100)
