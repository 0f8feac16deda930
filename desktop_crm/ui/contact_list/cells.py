"""A page of the contact list read and formatted in one go (on a worker), so that the
model's `data()` only hands out strings. No Qt here: it runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n.formatting import current_formats
from desktop_crm.services.list_pages import ListRow, list_rows
from desktop_crm.ui.contact_list.state import custom_name


@dataclass(frozen=True, slots=True)
class Cells:
    """One row as shown: a string per column, and what the colours and tooltips need."""

    texts: tuple[str, ...]
    stage: str
    next_follow_up: datetime | None
    possible_duplicate: bool


PageReader = Callable[[Sequence[int], Sequence[str]], dict[int, Cells]]


def _stage_label(code: str) -> str:
    try:
        return Stage(code).label
    except ValueError:
        return code


# Dates as shown, per locale: pages repeat dates, and Babel takes ~30 µs for each.
# Bounded: a few thousand short strings at most.
_SHOWN_DATES: dict[tuple[str, date], str] = {}
_SHOWN_DATES_LIMIT = 4_096


def format_rows(rows: dict[int, ListRow], columns: Sequence[str]) -> dict[int, Cells]:
    formats = current_formats()  # once a page: finding the locale costs more than a date
    locale = str(formats.locale)

    def show(moment: datetime | None) -> str:
        if moment is None:
            return ""
        key = (locale, moment.date())  # the date; the time is in the tooltip
        text = _SHOWN_DATES.get(key)
        if text is None:
            if len(_SHOWN_DATES) >= _SHOWN_DATES_LIMIT:
                _SHOWN_DATES.clear()
            text = _SHOWN_DATES[key] = formats.calendar_date(key[1], "medium")
        return text

    def cell(row: ListRow, key: str) -> str:
        if key == "name":
            return row.name
        if key == "company":
            return row.company
        if key == "stage":
            return _stage_label(row.stage)
        if key == "next_follow_up":
            return show(row.next_follow_up)
        if key == "last_contact":
            return show(row.last_contact)
        if key == "lead_source":
            return lead_sources.label(row.lead_source)
        name = custom_name(key)
        return row.custom.get(name, "") if name is not None else ""

    return {
        cid: Cells(
            texts=tuple(cell(row, key) for key in columns),
            stage=row.stage,
            next_follow_up=row.next_follow_up,
            possible_duplicate=row.possible_duplicate,
        )
        for cid, row in rows.items()
    }


class KeptCells:
    """Rows as shown, kept from one search to the next while the database is unchanged:
    a search typed on ("jan" → "jans") shows mostly the same contacts again."""

    def __init__(self, limit: int = 2_000) -> None:
        self._limit = limit
        self._cells: dict[int, Cells] = {}
        self._key: tuple[tuple[str, ...], int, str] | None = None

    def read(
        self, read: PageReader, ids: Sequence[int], columns: Sequence[str], version: int
    ) -> dict[int, Cells]:
        """The rows of `ids`, reading only those not kept for these columns at `version`
        (the connection's `PRAGMA data_version`) in this language."""
        key = (tuple(columns), version, str(current_formats().locale))
        if key != self._key or len(self._cells) > self._limit:
            self._cells.clear()
            self._key = key
        kept = self._cells
        missing = [cid for cid in ids if cid not in kept]
        if missing:
            kept.update(read(missing, columns))
        return {cid: found for cid in ids if (found := kept.get(cid)) is not None}

    def clear(self) -> None:
        self._cells.clear()


def read_page(ids: Sequence[int], columns: Sequence[str]) -> dict[int, Cells]:
    """The rows of `ids`, formatted for `columns`; custom fields only for those columns."""
    custom = [name for name in map(custom_name, columns) if name is not None]
    return format_rows(list_rows(ids, custom), columns)
