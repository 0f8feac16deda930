"""Birthdays with or without a year: parsing the forms real files use, and date math.

29 February falls on 28 February in years without one."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from desktop_crm.domain.lazy_pattern import LazyPattern

# Apple writes a year-less birthday as 1604-MM-DD with X-APPLE-OMIT-YEAR=1604.
APPLE_OMIT_YEAR = 1604


@dataclass(frozen=True, order=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # A year-less date is checked against a leap year so that --02-29 is valid.
        date(self.year or 2000, self.month, self.day)

    @classmethod
    def from_columns(cls, month: int | None, day: int | None, year: int | None) -> Birthday | None:
        """The birthday a contact's row stores in three columns; None when it has none, or
        when another program wrote a date that does not exist (a read must not fail on it)."""
        if not month or not day:
            return None
        try:
            return cls(month, day, year)
        except ValueError:
            return None

    def iso(self) -> str:
        """YYYY-MM-DD, or --MM-DD without a year (vCard 4.0 / ISO 8601 style)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def in_year(self, year: int) -> date:
        """This birthday's date in `year`; 29 February becomes 28 February in a common year."""
        if self.month == 2 and self.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def next_on_or_after(self, today: date) -> date:
        this_year = self.in_year(today.year)
        return this_year if this_year >= today else self.in_year(today.year + 1)

    def age_on(self, day: date) -> int | None:
        """The age reached on `day`'s birthday of that year; None without a year."""
        if self.year is None:
            return None
        return day.year - self.year


_ISO = LazyPattern(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = LazyPattern(r"^--(\d{2})-?(\d{2})$")
_NUMERIC = LazyPattern(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")


def _make(year: int | None, month: int, day: int) -> Birthday | None:
    if year == APPLE_OMIT_YEAR:
        year = None
    if year is not None and not 1800 <= year <= 2200:
        return None
    try:
        return Birthday(month, day, year)
    except ValueError:
        return None


def parse_birthday(
    text: str | None, *, day_first: bool = True, omit_year: int | None = None
) -> Birthday | None:
    """A birthday from the forms contact files use; None for no date or an impossible one.

    ISO forms (YYYY-MM-DD, YYYYMMDD, --MM-DD, --MMDD) are unambiguous. Other numeric
    forms with the year last are read day-first (Dutch) unless `day_first` is False
    (English slash dates, M/D/YYYY). `0/0/00` and the like mean "no date"."""
    if not text:
        return None
    value = text.strip()
    if not value:
        return None
    if match := _NO_YEAR.match(value):
        return _make(None, int(match[1]), int(match[2]))
    if match := _ISO.match(value):
        year = int(match[1])
        if omit_year is not None and year == omit_year:
            return _make(None, int(match[2]), int(match[3]))
        return _make(year, int(match[2]), int(match[3]))
    if match := _NUMERIC.match(value):
        a, b, c = match[1], match[2], match[3]
        if len(a) == 4:  # YYYY/MM/DD
            return _make(int(a), int(b), int(c))
        if int(a) == 0 or int(b) == 0:
            return None
        year = int(c)
        if len(c) <= 2:
            year += 1900 if year > 30 else 2000
        first, second = int(a), int(b)
        month, day = (second, first) if day_first else (first, second)
        return _make(year, month, day)
    return None


def parse_birthday_argument(text: str) -> Birthday:
    """The command line's YYYY-MM-DD or --MM-DD; ValueError for anything else."""
    value = text.strip()
    if not (_NO_YEAR.match(value) or re.match(r"^\d{4}-\d{2}-\d{2}$", value)):
        raise ValueError(text)
    birthday = parse_birthday(value)
    if birthday is None:
        raise ValueError(text)
    return birthday
