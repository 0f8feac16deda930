"""The contact list's controller: search box, filters, the table view and its selection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.search_text import has_cjk
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import ContactQuery
from desktop_crm.services.custom_fields import defined_fields
from desktop_crm.services.list_pages import (
    PAGE_SIZE,
    FirstPage,
    IdList,
    ListOrder,
    RecentFirstPages,
    ShownMatches,
    data_version,
    first_page,
    match_texts,
    read_id_list,
)
from desktop_crm.store.database import is_sqlite
from desktop_crm.store.search import ListHead
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.after_paint import AfterPaint
from desktop_crm.ui.contact_list.cell_painter import CellPainter
from desktop_crm.ui.contact_list.cells import Cells
from desktop_crm.ui.contact_list.filter_bar import FilterBar
from desktop_crm.ui.contact_list.header_state import (
    configure_header,
    custom_columns_shown,
    save_header,
    show_custom_columns,
)
from desktop_crm.ui.contact_list.model import ContactTableModel
from desktop_crm.ui.contact_list.state import ListState, followed_renames
from desktop_crm.ui.empty_state import EmptyState
from desktop_crm.ui.operations import OperationRunner

if TYPE_CHECKING:
    from desktop_crm.ui.contact_list.bulk_actions import BulkActions

# A background read starts after the first page's paint, or after this long at most (the
# panel may be gone before its timer runs).
PAINT_WAIT_S = 0.05
SEARCH_DELAY_MS = 150  # long enough to skip a query per keystroke, short enough to feel live


_THEME_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)

# From this many contacts on, a one-letter search waits for a second letter.
SHORT_SEARCH_LIST_SIZE = 5_000


def own_viewport(view: QAbstractScrollArea) -> QWidget:
    """Give `view` a viewport made here, as Qt makes its own. Asked for with viewport(), Qt's
    comes back as a bare QWidget pointer, and PySide6 then makes the Python classes (and 47
    enum classes) of every QWidget subclass to find its type: 5-8 ms before the first paint."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    view.setViewport(viewport)
    return viewport


class ContactListPanel(QWidget):
    current_contact_changed = Signal(object)  # int | None
    selection_changed = Signal(list)  # ids
    contacts_counted = Signal(int)  # rows shown
    undo_step = Signal(object)  # a bulk action's QUndoCommand, for the window's undo stack
    archive_requested = Signal(list)  # ids; the window runs it on its undo stack
    restore_requested = Signal(list)  # ids of archived contacts, likewise
    open_requested = Signal(int)  # Enter on a contact: the window moves into its details

    def __init__(
        self,
        bus: ChangesBus,
        *,
        clock=None,
        settings: QSettings | None = None,
        model: ContactTableModel | None = None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._bus = bus
        self._clock = clock
        # With a runner (the window) the list's ids are read off the GUI thread; without
        # one (tests of the list alone) inline.
        self._runner = runner
        self._after_reload: list[Callable[[], object]] = []  # wait for the next ids shown
        self._reloads_asked = 0
        self._reloads_shown = 0
        self._first_shown = 0  # the reload whose first page is shown
        # The selection when a reload began, kept until the whole list is shown: the first
        # page alone may not hold it. A click meanwhile replaces it.
        self._kept: tuple[list[int], int | None] | None = None
        self._restoring = False
        self._settings = settings
        self.state = ListState(custom_fields=tuple(defined_fields()))
        self.model = model or ContactTableModel(self.state, clock=clock, parent=self)
        self.model.state = self.state
        if runner is not None:  # pages are read and formatted on a worker
            self.model.read_pages_with(
                lambda work, deliver: runner.query(work, deliver, parent=self)
            )
        self._current_id: int | None = None
        self._unfiltered_size = 0  # the list without a search, to judge one-letter searches
        # The whole list without the search, as last read: it puts a search's few matches
        # in order without a query (services/list_pages.py), until the database changes.
        self._order: ListOrder | None = None
        self._order_coming = False  # a read that will keep an order is on its way
        self._recent = RecentFirstPages()
        # The search shown, with all its matches: the next one typed on from it is tested
        # among them (services/list_pages.py), until the database changes.
        self._matches: ShownMatches | None = None

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search names, companies, emails, phones, tags…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(_("Search contacts"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._apply_filters)
        if runner is not None:  # after a change the choices are read on a worker
            self.filter_bar.read_with(
                lambda work, deliver: runner.query(
                    work, deliver, key=f"filter-choices-{id(self)}", parent=self
                )
            )

        self.view = QTableView()
        self.view.setModel(self.model)
        self._cell_painter = CellPainter(self.model, self.view)
        self.view.setItemDelegate(self._cell_painter)
        self._after_paint = AfterPaint(own_viewport(self.view))
        self.view.setAccessibleName(_("Contacts"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.view.verticalHeader()
        vertical.hide()
        # Fixed row heights: Qt never measures rows it does not show, so paging stays lazy.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        configure_header(self.view, settings, on_custom_toggled=self._custom_columns_toggled)
        self.model.show_custom_fields(custom_columns_shown(self.view))
        self.view.horizontalHeader().setSortIndicator(
            self.state.sort_column, Qt.SortOrder.AscendingOrder
        )
        self.view.selectionModel().selectionChanged.connect(self._selection_changed_in_view)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.model.sort_requested.connect(self.reload)
        self.model.sort_refused.connect(self._show_sort_indicator)

        self.empty = EmptyState("")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.search_box.installEventFilter(self)
        self.view.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        bus.changed.connect(self.on_changes)

    # --- loading, keeping the selection by id ----------------------------------------

    def reload(self, then: Callable[[], object] | None = None) -> None:
        """Show the first page of the list at once (one index walk of about a hundred
        ids and one page query), then the whole ordered id list from the runner; keep
        the selection; `then()` once the whole list is shown.

        A newer reload drops an older one's result, never its `then`: every waiting
        continuation runs once the newest ids are shown."""
        if self._kept is None:
            self._kept = (self.selected_ids(), self._current_id)
        if then is not None:
            self._after_reload.append(then)
        self._reloads_asked += 1
        asked = self._reloads_asked
        shown = self.view.viewport().height() // max(
            1, self.view.verticalHeader().defaultSectionSize()
        )
        query, clock = self.state.query(), self._clock
        version = data_version()  # before any read: a commit after it makes the order stale
        self._let_go_of_other_lists(query)
        # On SQLite the first rows are read on this thread: those of the last searches are
        # kept (0 is a server's version: there they are always read).
        read_rows = self.model.first_page_reader(shown + 2, version if is_sqlite() else None)
        order, recent, previous = self._order, self._recent, self._matches

        def read_first() -> tuple[FirstPage, dict[int, Cells]]:
            first = recent.get(query, version)
            if first is None:
                first = first_page(query, clock=clock, order=order, previous=previous)
                recent.put(query, version, first)
            return first, read_rows(first.ids)

        if self._runner is not None and not is_sqlite():
            # A server is a network away: even the first page is read off the GUI thread.
            self._runner.query(
                read_first,
                lambda found: self._show_first(found[0], found[1], query, asked),
                key=f"contact-list-first-{id(self)}",
                parent=self,
            )
            return
        first, cells = read_first()
        self._show_first(first, cells, query, asked, version)
        if query.search.strip() and (order is None or not order.orders(query)):
            self._read_order(query, version)

    def _let_go_of_other_lists(self, query: ContactQuery) -> None:
        """The kept order of another sort or filter, and the matches of a search this one
        does not type on from, serve no search that follows: freed before the new list is
        read, not after (at 100k the old order and the new ids together made the peak)."""
        if self._order is not None and not self._order.lists(query):
            self._order = None
        if self._matches is not None and not self._matches.narrows_to(query):
            self._matches = None

    def _read_the_rest(self, query: ContactQuery, asked: int, version: int) -> None:
        clock, painted = self._clock, self._painted()

        def read() -> IdList:
            painted.wait(PAINT_WAIT_S)
            return read_id_list(query, clock=clock).index_rows()

        if self._runner is None:
            self._show_ids(read(), query, asked, version)
            return
        # The list without a search is the order for the searches after it: under a key of
        # its own, so that a search typed before it arrives does not drop it.
        orders = not query.search.strip() and ListOrder.can_order(query)
        self._order_coming |= orders
        self._runner.query(
            read,
            lambda ids: self._show_ids(ids, query, asked, version),
            key=f"contact-list-{'order-' if orders else ''}{id(self)}",
            parent=self,
            on_failure=lambda _message: self._order_failed(orders),
        )

    def _order_failed(self, orders: bool) -> None:
        if orders:
            self._order_coming = False  # the next search asks again

    def _read_order(self, query: ContactQuery, version: int) -> None:
        """The list without the search, read off the GUI thread for the searches that follow
        (after a change, or when the list opened with a search)."""
        unsearched = replace(query, search="")
        if self._runner is None or self._order_coming or not ListOrder.can_order(unsearched):
            return
        self._order_coming = True
        clock, painted = self._clock, self._painted()

        def read() -> IdList:
            painted.wait(PAINT_WAIT_S)
            return read_id_list(unsearched, clock=clock).index_rows()

        self._runner.query(
            read,
            lambda ids: self._keep_order(unsearched, ids, version),
            key=f"contact-list-order-{id(self)}",
            parent=self,
            on_failure=lambda _message: self._order_failed(True),
        )

    def _keep_order(self, query: ContactQuery, ids: IdList, version: int) -> None:
        if query.search.strip() or not ListOrder.can_order(query):
            return
        self._order_coming = False
        if len(ids) > PAGE_SIZE and query == replace(self.state.query(), search=""):
            order = ListOrder(query, ids, version)
            same_head = order.with_head_of(self._order)
            self._order = same_head or order
            if same_head is None:
                self._read_head(order)

    def _read_head(self, order: ListOrder) -> None:
        """The search index of the order's first contacts, copied off the GUI thread: a
        search with nothing to narrow from finds its first page there (list_pages.py)."""
        if self._runner is None:
            self._order = replace(order, head=order.read_head())
            return

        def arrived(head: ListHead | None) -> None:
            if self._order is order and head is not None:  # no write and no new order since
                self._order = replace(order, head=head)

        # Nobody waits for it: on the background reader, not before a page's read.
        self._runner.query(
            order.read_head,
            arrived,
            key=f"contact-list-head-{id(self)}",
            parent=self,
            background=True,
        )

    @property
    def reading_first_page(self) -> bool:
        """The newest reload's first page is not shown yet (on a server it comes from
        the runner too)."""
        return self._first_shown != self._reloads_asked

    @property
    def reading_ids(self) -> bool:
        """A reload is on its way: what the list shows now is about to change."""
        return self._reloads_shown != self._reloads_asked

    def _take_waiting(self) -> Callable[[], object] | None:
        waiting, self._after_reload = self._after_reload, []
        if not waiting:
            return None
        return lambda: [step() for step in waiting]

    def _show_first(
        self,
        first: FirstPage,
        cells: dict[int, Cells],
        query: ContactQuery,
        asked: int,
        version: int = 0,
    ) -> None:
        if asked != self._reloads_asked:
            return  # a newer reload is on its way (only from the runner, on a server)
        self._first_shown = asked
        self.model.set_ids(first.ids, complete=first.complete, first_page=cells)
        show_custom_columns(self.view, self.model.columns, self._custom_shown)
        if first.complete:
            self._keep_matches(query, self.model.id_list, version)
            self._read_texts(after_paint=True)
            self._finish(asked)
            return
        # Only the first page: the kept selection shows where it can, nothing is announced
        # (the detail pane keeps its contact), and the whole list restores it.
        selected, current = self._kept or ([], None)
        self._restore_selection(selected, current, quiet=True)
        self._show_empty_state_if_needed()
        self._read_the_rest(query, asked, version)

    def _painted(self) -> threading.Event:
        """Set once the list has painted after this call (the first page). A background
        read waits for it: its Python holds the GIL for up to 5 ms at a time
        (`sys.getswitchinterval`), and the paint would wait for the worker."""
        if self._runner is None:
            painted = threading.Event()
            painted.set()  # inline (tests of the list alone): nothing to wait for
            return painted
        return self._after_paint.next_paint()

    def _show_ids(self, ids: IdList, query: ContactQuery, asked: int, version: int) -> None:
        self._keep_order(query, ids, version)
        if asked != self._reloads_asked:
            return  # a newer reload's first page is shown; its own ids are on their way
        if not self.model.complete_ids(ids):
            self.model.set_ids(ids)
        self._keep_matches(query, ids, version)
        self._finish(asked)
        self._read_texts(after_paint=False)  # the first page was painted long ago

    def _read_texts(self, *, after_paint: bool) -> None:
        """The texts of the shown search's first matches, read off the GUI thread after the
        paint and after its whole list: the next search typed on from it is tested on them
        in memory (services/list_pages.py)."""
        shown = self._matches
        if shown is None or self._runner is None:
            return
        painted = self._painted() if after_paint else None

        def read() -> dict[int, str]:
            if painted is not None:
                painted.wait(PAINT_WAIT_S)
            return match_texts(shown.ids)

        def arrived(texts: dict[int, str]) -> None:
            if self._matches is shown:  # still the search shown, and no write since
                self._matches = replace(shown, texts=texts)

        # Nobody waits for them: on the background reader, not before a page's read.
        self._runner.query(
            read, arrived, key=f"contact-list-texts-{id(self)}", parent=self, background=True
        )

    def _keep_matches(self, query: ContactQuery, ids: IdList, version: int) -> None:
        # The server's path gives version 0 and never narrows (ListOrder.can_order).
        kept = query.search.strip() and ListOrder.can_order(query)
        self._matches = ShownMatches(query, ids, version) if kept else None

    def _finish(self, asked: int) -> None:
        """The whole list is shown: the selection (as kept, or as the user made it
        meanwhile), the count, and the waiting continuations."""
        kept, self._kept = self._kept, None
        selected, current = kept if kept is not None else (self.selected_ids(), self._current_id)
        self._reloads_shown = asked
        self._reloaded(selected, current, self._take_waiting())

    def show_first_page(self) -> None:
        """The first rows at once, the rest off the GUI thread: the window paints its list
        before the 100,000 ids arrive."""
        self.reload()

    def _reloaded(
        self, selected: list[int], current: int | None, then: Callable[[], object] | None
    ) -> None:
        if not self.state.search.strip():
            self._unfiltered_size = self.model.rowCount()
        self._restore_selection(selected, current)
        self._show_empty_state_if_needed()
        self.contacts_counted.emit(self.model.rowCount())
        if then is not None:
            then()

    def _restore_selection(
        self, selected: list[int], current: int | None, *, quiet: bool = False
    ) -> None:
        self._restoring = True
        try:
            self._select_rows_of(selected, current)
        finally:
            self._restoring = False
        if not quiet:
            self._on_selection()

    def _select_rows_of(self, selected: list[int], current: int | None) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for cid in selected:
            row = self.model.row_of(cid)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().select(selection, flags)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.view.scrollTo(self.model.index(row, 0))

    def _show_empty_state_if_needed(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.view)
            return
        if self.state.whole_archive:
            self.empty.set_text(
                _("The archive is empty"),
                _(
                    "Contacts you archive are kept here, out of the list, Today and "
                    "reminders, and can be brought back from here."
                ),
            )
            self.empty.set_buttons_visible(False)
        elif self.state.narrowed:
            self.empty.set_text(
                _("No contacts match"),
                _("Try fewer words, or clear the filters above the list."),
            )
            self.empty.set_buttons_visible(False)
        else:
            self.empty.set_text(
                _("No contacts yet"),
                _(
                    "Import a file, add a contact, or try the sample data (it can be "
                    "removed whole later). You can also drop a CSV or vCard file here."
                ),
            )
            self.empty.set_buttons_visible(True)
        self.stack.setCurrentWidget(self.empty)

    def on_changes(self, changes: Changes) -> None:
        self.model.forget_kept_rows()  # any write may change a row as shown
        if changes.everything or changes.contacts_added_or_removed or changes.contact_ids:
            # A write on this thread's own connection leaves data_version as it was.
            self._order = None
            self._matches = None
            self._recent.clear()
        if changes.everything:
            self._follow_custom_fields()
        if changes.everything or changes.contacts_added_or_removed:
            self.filter_bar.reload_choices()
            self.reload()
        elif changes.stages and (self.state.filters.stage or self.state.sort == "stage"):
            self.reload()  # a contact may have left the filtered stage or moved in the order
        elif changes.contact_ids and self.state.filters.possible_duplicates:
            self.reload()  # a save or a scan may have set or cleared the flag
        elif changes.contact_ids:
            self.filter_bar.reload_choices()
            self.model.refresh_contacts(changes.contact_ids)

    # --- keyboard: the search box drives the list -----------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() in _THEME_EVENTS:
            self._cell_painter.forget()
            self.model.theme_changed()
            return False
        if watched is self.view and event.type() == QEvent.Type.FontChange:
            self._cell_painter.forget()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        key = event.key()
        if watched is self.search_box:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._step_from_search(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_from_search()
                return True
        elif watched is self.view:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current_id is not None:
                self.open_requested.emit(self._current_id)
                return True
            if key == Qt.Key.Key_Escape:
                self.focus_search()
                return True
        return False

    def when_whole(self, then: Callable[[], object]) -> None:
        """`then()` once the whole id list is shown: at once, or when the runner has it
        (an export of the filter must not take only the first page)."""
        if self.reading_ids:
            self._after_reload.append(then)
        else:
            then()

    def _apply_pending_search(self, then: Callable[[], object]) -> None:
        """A search still waiting for its pause runs now and `then` acts on its results
        (they arrive from the runner); keys pressed while results are on their way wait
        for them too; with nothing pending, `then` runs at once."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._apply_search(then)
        elif self.reading_ids:
            self._after_reload.append(then)
        else:
            then()

    def _step_from_search(self, step: int) -> None:
        self._apply_pending_search(lambda: self._step_into_list(step))

    def _step_into_list(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.view.currentIndex()
        if current.isValid() and self.selected_ids():
            row = current.row()  # back into the list where the user left it
        else:
            row = 0 if step > 0 else rows - 1
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_from_search(self) -> None:
        self._apply_pending_search(self._open_current_or_first)

    def _open_current_or_first(self) -> None:
        if self._current_id is None and self.model.rowCount():
            self.view.selectRow(0)
        if self._current_id is not None:
            self.open_requested.emit(self._current_id)

    # --- search and filters -----------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _apply_search(self, then: Callable[[], object] | None = None) -> None:
        self._search_timer.stop()  # applied now: the pause's own apply would read it again
        text = self.search_box.text()
        if self._too_short_for_this_list(text):
            # One letter matches most of a long list: sorting those rows costs a noticeable
            # pause and shows nothing useful, so the list waits for the next letter.
            QToolTip.showText(
                self.search_box.mapToGlobal(self.search_box.rect().bottomLeft()),
                _("Type one more letter to search {count} contacts.").format(
                    count=format_number(self._unfiltered_size)
                ),
                self.search_box,
            )
            if then is not None:
                then()
            return
        self.state.search = text
        self.reload(then=then)

    def _too_short_for_this_list(self, text: str) -> bool:
        stripped = text.strip()
        if len(stripped) != 1 or has_cjk(stripped):
            return False
        return self._unfiltered_size > SHORT_SEARCH_LIST_SIZE

    def _apply_filters(self, filters) -> None:
        self.state.filters = filters
        self.reload()

    # --- selection ---------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [cid for cid in (self.model.id_at(r) for r in rows) if cid is not None]

    def select_contact(self, contact_id: int) -> bool:
        """Show just this contact. Through the selection model, not `selectRow`: that one
        reads the keyboard's modifiers, and a Ctrl still held from Ctrl+K would add the
        row to the old selection instead of replacing it."""
        row = self.model.row_of(contact_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def select_first(self) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)

    def _selection_changed_in_view(self, *_args) -> None:
        if self._restoring:
            return  # the panel put the selection back; announced once it is done
        self._kept = None  # the user chose: that selection stands after the reload too
        self._on_selection()

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        # The detail pane shows one contact: the only selected one, or none for several.
        new_current = ids[0] if len(ids) == 1 else None
        if new_current != self._current_id:
            self._current_id = new_current
            self.current_contact_changed.emit(new_current)
        self.selection_changed.emit(ids)

    @property
    def current_id(self) -> int | None:
        return self._current_id

    @cached_property
    def bulk(self) -> BulkActions:
        """The selection's context menu and its writes, made on first use: its modules (the
        bulk services and their undo commands) are not needed for the first paint."""
        from desktop_crm.ui.contact_list.bulk_actions import BulkActions

        return BulkActions(
            self,
            self._bus,
            lambda ids: self.archive_requested.emit(ids),
            runner=self._runner,
            push=self.undo_step.emit,
            clock=self._clock,
            restore=self.restore_requested.emit,
        )

    def _show_menu(self, pos) -> None:
        ids = self.selected_ids()
        if ids:
            menu = self.bulk.menu_for(ids, archived=self.showing_archive)
            menu.exec(self.view.viewport().mapToGlobal(pos))

    @property
    def showing_archive(self) -> bool:
        """The list shows the archive: its contacts are restored, not archived."""
        return self.state.filters.archived_only

    def save_state(self) -> None:
        save_header(self.view, self._settings, sorted(self._custom_shown))

    # --- custom fields as columns -------------------------------------------------------

    @property
    def _custom_shown(self) -> frozenset[str]:
        return self.model.shown_custom

    def _custom_columns_toggled(self) -> None:
        """The column chooser showed or hid a custom field: read its values from now on."""
        self.model.show_custom_fields(custom_columns_shown(self.view))
        save_header(self.view, self._settings, sorted(self._custom_shown))

    def _follow_custom_fields(self) -> None:
        """Definitions changed (Settings): columns follow; a renamed shown field stays shown."""
        names = tuple(defined_fields())
        if names == self.state.custom_fields:
            return
        renamed = followed_renames(self.state.custom_fields, names)
        shown = frozenset(renamed.get(n, n) for n in self._custom_shown) & set(names)
        self.state.custom_fields = names
        self.model.show_custom_fields(shown)  # the reload that follows resets the columns

    def _show_sort_indicator(self) -> None:
        order = (
            Qt.SortOrder.DescendingOrder if self.state.descending else Qt.SortOrder.AscendingOrder
        )
        self.view.horizontalHeader().setSortIndicator(self.state.sort_column, order)
