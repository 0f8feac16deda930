"""The contact list's controller: search box, filters, the table view and its selection."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.bulk_actions import BulkActions
from desktop_crm.ui.contact_list.filter_bar import FilterBar
from desktop_crm.ui.contact_list.header_state import configure_header, save_header
from desktop_crm.ui.contact_list.model import ContactTableModel
from desktop_crm.ui.contact_list.state import ListState
from desktop_crm.ui.empty_state import EmptyState

SEARCH_DELAY_MS = 150  # long enough to skip a query per keystroke, short enough to feel live


# From this many contacts on, a one-letter search waits for a second letter.
SHORT_SEARCH_LIST_SIZE = 5_000


class ContactListPanel(QWidget):
    current_contact_changed = Signal(object)  # int | None
    selection_changed = Signal(list)  # ids
    contacts_counted = Signal(int)  # rows shown
    archive_requested = Signal(list)  # ids; the window runs it on its undo stack

    def __init__(
        self,
        bus: ChangesBus,
        *,
        clock=None,
        settings: QSettings | None = None,
        model: ContactTableModel | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._bus = bus
        self._settings = settings
        self.state = ListState()
        self.model = model or ContactTableModel(self.state, clock=clock, parent=self)
        self.model.state = self.state
        self._current_id: int | None = None
        self._unfiltered_size = 0  # the list without a search, to judge one-letter searches

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search names, companies, emails, phones, tags…"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._apply_filters)

        self.view = QTableView()
        self.view.setModel(self.model)
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
        configure_header(self.view, settings)
        self.view.horizontalHeader().setSortIndicator(
            self.state.sort_column, Qt.SortOrder.AscendingOrder
        )
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.model.sort_requested.connect(self.reload)

        self.bulk = BulkActions(
            self, bus, lambda ids: self.archive_requested.emit(ids), clock=clock
        )
        self.empty = EmptyState("")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        bus.changed.connect(self.on_changes)

    # --- loading, keeping the selection by id ----------------------------------------

    def reload(self) -> None:
        selected = self.selected_ids()
        current = self._current_id
        self.model.reload()
        if not self.state.search.strip():
            self._unfiltered_size = self.model.rowCount()
        self._restore_selection(selected, current)
        self._show_empty_state_if_needed()
        self.contacts_counted.emit(self.model.rowCount())

    def _restore_selection(self, selected: list[int], current: int | None) -> None:
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
        self._on_selection()

    def _show_empty_state_if_needed(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.view)
            return
        if self.state.narrowed:
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
        if changes.everything or changes.contacts_added_or_removed:
            self.filter_bar.reload_choices()
            self.reload()
        elif changes.stages and (self.state.filters.stage or self.state.sort == "stage"):
            self.reload()  # a contact may have left the filtered stage or moved in the order
        elif changes.contact_ids:
            self.filter_bar.reload_choices()
            self.model.refresh_contacts(changes.contact_ids)

    # --- search and filters -----------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _apply_search(self) -> None:
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
            return
        self.state.search = text
        self.reload()

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
        row = self.model.row_of(contact_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def select_first(self) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)

    def _on_selection(self, *_args) -> None:
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

    def _show_menu(self, pos) -> None:
        ids = self.selected_ids()
        if ids:
            self.bulk.menu_for(ids).exec(self.view.viewport().mapToGlobal(pos))

    def save_state(self) -> None:
        save_header(self.view, self._settings)
