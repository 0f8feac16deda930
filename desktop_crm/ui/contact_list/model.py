"""The contact list's table model: it holds ids only and fetches rows a page at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import query_contact_ids, summaries
from desktop_crm.services.records import ContactSummary
from desktop_crm.ui.contact_list.display import show_date, show_datetime
from desktop_crm.ui.contact_list.state import COLUMNS, ListState, column_title
from desktop_crm.ui.duplicates.badge import badge_text, duplicate_icon
from desktop_crm.ui.style import overdue_colour, stage_colour

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40  # ~4,000 rows: scrolling back is instant, memory stays flat at 100k
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()  # a table has one parent: the invisible root

RowFetcher = Callable[[Sequence[int]], dict[int, ContactSummary]]


def _stage_label(code: str) -> str:
    try:
        return Stage(code).label
    except ValueError:
        return code


class ContactTableModel(QAbstractTableModel):
    """Sorting and searching are queries: `reload()` asks the service for the ids in order."""

    sort_requested = Signal()

    def __init__(
        self, state: ListState, *, clock=None, fetch_rows: RowFetcher = summaries, parent=None
    ):
        super().__init__(parent)
        self.state = state
        self._clock = clock
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None  # built on demand; 100k ints is cheap
        self._pages: OrderedDict[int, dict[int, ContactSummary]] = OrderedDict()
        self.pages_fetched: list[int] = []  # for tests and the benchmark: what was loaded

    # --- loading --------------------------------------------------------------------

    def reload(self) -> None:
        ids = query_contact_ids(self.state.query(), clock=self._clock)
        self.set_ids(ids)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._row_of = None
        self._pages.clear()
        self.endResetModel()

    def refresh_contacts(self, contact_ids: set[int]) -> None:
        """Forget cached rows of changed contacts; the view asks again for the visible ones."""
        found = [self.row_of(cid) for cid in contact_ids]
        rows = [r for r in found if r is not None]
        for page in {r // PAGE_SIZE for r in rows}:
            self._pages.pop(page, None)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def _page(self, page: int) -> dict[int, ContactSummary]:
        cached = self._pages.get(page)
        if cached is not None:
            self._pages.move_to_end(page)
            return cached
        ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        rows = self._fetch_rows(ids)
        self.pages_fetched.append(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows

    def summary(self, row: int) -> ContactSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        return self._page(row // PAGE_SIZE).get(self._ids[row])

    # --- ids and rows ---------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, contact_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {cid: row for row, cid in enumerate(self._ids)}
        return self._row_of.get(contact_id)

    @property
    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # --- Qt's model interface ---------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return column_title(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
        ):
            return None
        row = self.summary(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DecorationRole:  # the "possible duplicate" badge
            return duplicate_icon() if key == "name" and row.possible_duplicate else None
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and row.possible_duplicate:
            return badge_text()
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "stage":
                return stage_colour(row.stage)
            if key == "next_follow_up" and row.next_follow_up and self._is_past(row.next_follow_up):
                return QColor(overdue_colour())
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "next_follow_up":
                return show_datetime(row.next_follow_up) or None
            return None
        return self._cell(row, key)

    def _is_past(self, moment) -> bool:
        return moment < (self._clock.now() if self._clock else datetime.now().astimezone())

    @staticmethod
    def _cell(row: ContactSummary, key: str) -> str:
        if key == "name":
            return row.full_name or row.primary_email or ""
        if key == "company":
            return row.company
        if key == "stage":
            return _stage_label(row.stage)
        if key == "next_follow_up":  # the date; the time is in the tooltip
            return show_date(row.next_follow_up.date()) if row.next_follow_up else ""
        if key == "last_contact":
            return show_date(row.last_contact.date()) if row.last_contact else ""
        if key == "lead_source":
            return lead_sources.label(row.lead_source)
        return ""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.state.sort_by(column, order == Qt.SortOrder.DescendingOrder)
        self.sort_requested.emit()
