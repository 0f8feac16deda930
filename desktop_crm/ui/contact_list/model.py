"""The contact list's table model: it holds ids only and reads rows a page at a time,
formatted when read, so that `data()` hands out strings and never formats or queries."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_crm.services.list_pages import PAGE_SIZE, IdList, read_id_list
from desktop_crm.ui.contact_list.cells import Cells, KeptCells, PageReader, read_page
from desktop_crm.ui.contact_list.display import show_datetime
from desktop_crm.ui.contact_list.state import ListState, column_title, custom_name
from desktop_crm.ui.duplicates.badge import badge_text, duplicate_icon
from desktop_crm.ui.style import archived_colour, overdue_colour, stage_colour

__all__ = ["ID_ROLE", "PAGE_SIZE", "ContactTableModel", "PageRequest"]

# The first page's rows read at once, with the search: at least this many, or as many as
# the view shows (about 30 in a window); the rest of the page is read off the GUI thread
# when a row beyond them is painted. (40 cost ~0.2 ms more a search at 100k.)
FIRST_ROWS = 30
MAX_CACHED_PAGES = 40  # ~4,000 rows: scrolling back is instant, memory stays flat at 100k
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()  # a table has one parent: the invisible root
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
# The roles besides the text that some column answers, and which columns answer them.
_KEYS_OF_ROLE: dict[int, frozenset[str]] = {
    _DECORATION: frozenset({"name"}),
    _FOREGROUND: frozenset({"stage", "next_follow_up"}),  # every column in the archive
    int(Qt.ItemDataRole.ToolTipRole): frozenset({"name", "next_follow_up"}),
}
_OTHER_ROLES = frozenset({*_KEYS_OF_ROLE, int(ID_ROLE)})

# (work, deliver): run work() off the GUI thread, then deliver(its result) on it.
PageRequest = Callable[[Callable[[], dict[int, Cells]], Callable[[dict[int, Cells]], None]], None]


class ContactTableModel(QAbstractTableModel):
    """Sorting and searching are queries: the panel hands the model ids in list order."""

    sort_requested = Signal()
    sort_refused = Signal()  # a custom field's column was clicked: it does not sort

    def __init__(
        self,
        state: ListState,
        *,
        clock=None,
        read_rows: PageReader = read_page,
        parent=None,
    ):
        super().__init__(parent)
        self.state = state
        self._clock = clock
        self._read = read_rows
        self._request: PageRequest | None = None  # none: pages are read inline (tests)
        self._list = IdList(())  # ids in list order, as arrays (1.2 MB at 100k, not 12)
        self._complete = True
        self._columns: tuple[str, ...] = state.columns
        self._shown_custom: frozenset[str] = frozenset()
        self._pages: OrderedDict[int, dict[int, Cells]] = OrderedDict()
        self._stale: set[int] = set()  # shown until their fresh rows arrive
        self._partial: set[int] = set()  # pages holding only their first rows
        self._asked: dict[int, int] = {}  # page → the number of its read on the way
        self._reads = 0
        self._stage_colours: dict[str, QColor] = {}  # per theme: is_dark() copies the palette
        self._kept = KeptCells()  # the first rows of the last searches (GUI thread, SQLite)
        self.pages_fetched: list[int] = []  # for tests and the benchmark: what was loaded

    def read_pages_with(self, request: PageRequest | None) -> None:
        """Read pages through `request` (the runner) instead of on the GUI thread."""
        self._request = request

    # --- loading --------------------------------------------------------------------

    def reload(self) -> None:
        """Every id at once, on this thread (the list alone in tests; the panel uses the runner)."""
        self.set_ids(read_id_list(self.state.query(), clock=self._clock))

    def first_page_reader(
        self, shown: int = FIRST_ROWS, version: int | None = None
    ) -> Callable[[Sequence[int]], dict[int, Cells]]:
        """Reads and formats the first page's first rows, enough for `shown` rows in view
        (before `set_ids`), on any thread. With the database's `version` (SQLite, on the
        GUI thread) rows read for an earlier search at that version are not read again."""
        read, keys = self._read, self._keys_read(self.state.columns)
        rows = min(PAGE_SIZE, max(FIRST_ROWS, shown))
        if version is None:
            return lambda ids: read(list(ids[:rows]), keys)
        kept = self._kept
        return lambda ids: kept.read(read, list(ids[:rows]), keys, version)

    def forget_kept_rows(self) -> None:
        """A write: rows kept for the next search are read again."""
        self._kept.clear()

    def set_ids(
        self,
        ids: Sequence[int] | IdList,
        *,
        complete: bool = True,
        first_page: dict[int, Cells] | None = None,
    ) -> None:
        """Show `ids`; `complete=False` while only the first page of them is known."""
        self.beginResetModel()
        self._list = ids if isinstance(ids, IdList) else IdList(ids)
        self._complete = complete
        self._columns = self.state.columns
        self._forget_pages()
        if first_page is not None:
            self._pages[0] = first_page
            if len(first_page) < min(PAGE_SIZE, len(self._list)):
                self._partial.add(0)
        self.endResetModel()

    def complete_ids(self, ids: Sequence[int] | IdList) -> bool:
        """The whole list after its first page: the rows after it are appended (the view
        keeps its scroll position and selection). False when the first page no longer
        leads the list (a change came between the two reads): then call `set_ids`."""
        whole = ids if isinstance(ids, IdList) else IdList(ids)
        shown = len(self._list)
        if whole.ids[:shown] != self._list.ids:
            return False
        self._complete = True
        if len(whole) > shown:
            self.beginInsertRows(_ROOT, shown, len(whole) - 1)
            self._list = whole
            self.endInsertRows()
        return True

    @property
    def shown_custom(self) -> frozenset[str]:
        return self._shown_custom

    @property
    def complete(self) -> bool:
        """All matching ids are here (not just the first page of them)."""
        return self._complete

    def show_custom_fields(self, names: frozenset[str]) -> None:
        """Read the values of these custom fields (their columns are shown) from now on."""
        if names != self._shown_custom:
            self._shown_custom = names
            self._forget_pages()
            self._all_changed()

    def refresh_contacts(self, contact_ids: set[int]) -> None:
        """Read the pages of changed contacts again; their old rows show until then."""
        self._kept.clear()
        found = [self.row_of(cid) for cid in contact_ids]
        rows = [r for r in found if r is not None]
        for page in {r // PAGE_SIZE for r in rows}:
            if page in self._pages:
                self._stale.add(page)
            self._asked.pop(page, None)  # a read on its way may hold the old values
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def theme_changed(self) -> None:
        """The palette changed (light ↔ dark): the stage colours follow."""
        self._stage_colours.clear()
        self._all_changed()

    def refresh_all(self) -> None:
        """Every row again (a custom field renamed, the language changed)."""
        self._kept.clear()
        self._stale.update(self._pages)
        self._asked.clear()
        self._all_changed()

    def _all_changed(self) -> None:
        if self._list.ids:
            last = self.index(len(self._list.ids) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._stale.clear()
        self._partial.clear()
        self._asked.clear()

    def _keys_read(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        # A hidden custom field's column is read as empty: its values cost a query.
        return tuple(
            "" if (name := custom_name(key)) is not None and name not in self._shown_custom else key
            for key in columns
        )

    def _ask(self, page: int) -> None:
        if page in self._asked:
            return
        ids = self._list.ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE].tolist()
        self.pages_fetched.append(page)
        keys = self._keys_read(self._columns)
        if self._request is None:
            self._store(page, self._read(ids, keys))
            return
        self._reads += 1
        number = self._asked[page] = self._reads
        read = self._read
        self._request(lambda: read(ids, keys), lambda cells: self._arrived(page, number, cells))

    def _arrived(self, page: int, number: int, cells: dict[int, Cells]) -> None:
        if self._asked.get(page) != number:
            return  # the ids changed, or the contacts did, since this read was asked
        del self._asked[page]
        self._store(page, cells)
        first = page * PAGE_SIZE
        last = min(len(self._list.ids), first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _store(self, page: int, cells: dict[int, Cells]) -> None:
        self._stale.discard(page)
        self._partial.discard(page)
        self._pages[page] = cells
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            dropped, _cells = self._pages.popitem(last=False)
            self._stale.discard(dropped)
            self._partial.discard(dropped)

    def cells(self, row: int) -> Cells | None:
        """The row as shown, or None while its page is being read."""
        ids = self._list.ids
        if not 0 <= row < len(ids):
            return None
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None or page in self._stale:
            self._ask(page)
            cached = self._pages.get(page)  # an inline read has it now
        if cached is None:
            return None
        self._pages.move_to_end(page)
        found = cached.get(ids[row])
        if found is None and page in self._partial:
            self._ask(page)  # a row after those read with the search: the whole page
            found = self._pages.get(page, cached).get(ids[row])  # an inline read has it now
        return found

    # --- ids and rows ---------------------------------------------------------------

    @property
    def ids(self) -> array:
        """The ids in list order (an `array('q')`: a sequence of ints)."""
        return self._list.ids

    @property
    def id_list(self) -> IdList:
        return self._list

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    def id_at(self, row: int) -> int | None:
        ids = self._list.ids
        return ids[row] if 0 <= row < len(ids) else None

    def row_of(self, contact_id: int) -> int | None:
        return self._list.row_of(contact_id)

    @property
    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # --- Qt's model interface ---------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._list.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self._columns):
                return column_title(self._columns[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # Qt asks seven roles of each painted cell, one call each (~1,200 calls a paint):
        # the common answers come first and read the row only when the column needs it.
        if role == _DISPLAY:
            row = self.cells(index.row())  # an invalid index has row -1: None
            return None if row is None else row.texts[index.column()]
        if role not in _OTHER_ROLES:
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        column = index.column()
        if not 0 <= column < len(self._columns):
            return None
        key = self._columns[column]
        if key not in _KEYS_OF_ROLE[role] and not (
            role == _FOREGROUND and self.state.filters.archived_only
        ):
            return None
        row = self.cells(index.row())
        if row is None:
            return None  # its page is on its way; the row paints when it arrives
        if role == _DECORATION:  # the "possible duplicate" badge
            return duplicate_icon() if row.possible_duplicate else None
        if role == _FOREGROUND:
            return self.foreground(row, key)
        if key == "name":  # the tooltips
            return badge_text() if row.possible_duplicate else None
        return show_datetime(row.next_follow_up) or None

    def foreground(self, row: Cells, key: str) -> QColor | None:
        """The text colour of the cell of column `key`, or None for the palette's."""
        if self.state.filters.archived_only:
            return archived_colour()  # every row of the archive is archived: greyed
        if key == "stage":
            colour = self._stage_colours.get(row.stage)
            if colour is None:
                colour = self._stage_colours[row.stage] = stage_colour(row.stage)
            return colour
        if key == "next_follow_up" and row.next_follow_up and self.is_past(row.next_follow_up):
            return QColor(overdue_colour())
        return None

    def is_past(self, moment: datetime) -> bool:
        return moment < (self._clock.now() if self._clock else datetime.now().astimezone())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self.state.sort_by(column, order == Qt.SortOrder.DescendingOrder):
            self.sort_requested.emit()
        else:
            self.sort_refused.emit()
