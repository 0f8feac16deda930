"""The main window: composes the contact list, the detail pane, the other tabs, menus and status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.panel import ContactListPanel
from desktop_crm.ui.file_drop import importable_paths, start_import
from desktop_crm.ui.focus_ring import install_focus_ring
from desktop_crm.ui.main_menus import build_menus
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.window_tabs import TabContext, TabHost, build_tabs

if TYPE_CHECKING:
    from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
    from desktop_crm.ui.detail.pane import DetailPane
    from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
    from desktop_crm.ui.duplicates.merge_opener import MergeOpener
    from desktop_crm.ui.duplicates.view import DuplicatesWindow
    from desktop_crm.ui.palette.dialog import CommandPalette
    from desktop_crm.ui.server_status import ServerStatus

# What the first paint does not show (the detail pane, dialogs, the duplicates view, the
# palette) is imported where it is first built: a window built with `paint_first` shows
# the list, its search box and the tabs before those modules load (issue 14, point 5).

VIEWS = ("list", "today", "pipeline", "deals", "insights")


class MainWindow(QMainWindow):
    """With `paint_first`, only what the first paint shows is built (the tabs, the list
    with its search box and first page, the menus); `later_steps()` builds the rest, one
    step per event-loop turn after the paint. Whatever needs a part before its step has
    run builds it then (`detail` is built on first use), so no click or key is lost."""

    pane_placed = Signal()  # the detail pane is whole and in its place
    views_built = Signal()  # views_building() has just turned false (a tab made its rows)
    # View › Snooze all reminders, or Today's: the app sends it to the notifier (the tray's).
    snooze_all_requested = Signal(object)  # SnoozeChoice

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        region: str = DEFAULT_REGION,
        settings: QSettings | None = None,
        bus: ChangesBus | None = None,
        paint_first: bool = False,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Desktop CRM"))
        self.setAcceptDrops(True)
        self.clock = clock or SystemClock()
        self.region = region
        self.settings = settings
        self.bus = bus or ChangesBus(self)
        from desktop_crm.ui.undo import UndoStack  # a refused undo puts the index back
        from desktop_crm.ui.undo_feedback import UndoFeedback

        stack = UndoStack(self)
        self.undo_stack: QUndoStack = stack
        self.undo_feedback = UndoFeedback(self, stack)  # busy while an undo is on the writer
        # Every view's database work goes through this one runner (off the GUI thread).
        self.runner = OperationRunner(self.bus, parent=self)

        self.contact_list = ContactListPanel(
            self.bus, clock=self.clock, settings=settings, runner=self.runner
        )
        self.contact_list.state.region = region  # a typed phone number is read in this region
        self._detail: DetailPane | None = None  # built by _build_detail (or on first use)
        self._detail_waits = False  # built when the Contacts tab is first shown
        self._pane_parts: DetailPane | None = None  # the pane while it is built a part a turn
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.contact_list)
        # The detail pane's place: it goes in when built (a placeholder swapped out of a
        # splitter would become a top-level window of its own).
        self._detail_place = QWidget()
        place = QVBoxLayout(self._detail_place)
        place.setContentsMargins(0, 0, 0, 0)
        self.splitter.addWidget(self._detail_place)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([770, 510])

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Views"))  # the tab bar's tabs name each view
        self.tabs.addTab(self.splitter, _("Contacts"))
        self.view_tabs: dict[str, QWidget] = {"list": self.splitter}
        self._tab_hosts = build_tabs(
            TabContext(
                self.clock, self.runner, self.undo_stack, snooze_all=self.snooze_all_requested.emit
            ),
            self.bus,
            self.open_contact,
        )
        for hosted in self._tab_hosts:
            self.tabs.addTab(hosted, hosted.title)
            self.view_tabs[hosted.spec.view] = hosted
            hosted.built.connect(self._tell_if_views_built)
        self.tabs.currentChanged.connect(self._leave_contacts_tab)
        self.setCentralWidget(self.tabs)

        # The menus and their shortcuts are there at the first paint; what an action opens
        # is imported when it is triggered.
        self.window_actions = build_menus(
            self, [self.tabs.tabText(i) for i in range(self.tabs.count())]
        )
        self.window_actions.new_contact.triggered.connect(self.new_contact)
        self.window_actions.import_file.triggered.connect(lambda: self.start_import(None))
        self.window_actions.find.triggered.connect(self._focus_search)
        self.window_actions.archive.triggered.connect(self.archive_selected)
        self.contact_list.view.addAction(self.window_actions.archive)
        self.window_actions.log_conversation.triggered.connect(self.log_conversation)
        self.duplicates_window: DuplicatesWindow | None = None
        self._merges: MergeOpener | None = None  # the badge's merge dialog, one at a time
        if self.window_actions.find_duplicates is not None:
            self.window_actions.find_duplicates.triggered.connect(self.show_duplicates)
        self.contact_list.filter_bar.duplicates_requested.connect(self.show_duplicates)
        for index, action in enumerate(self.window_actions.show_views):
            action.triggered.connect(lambda _c=False, i=index: self.tabs.setCurrentIndex(i))
        self.palette_action = self._add_palette_action()

        self._total: int | None = None  # all contacts, for "N of M"
        self._counting = False  # the total is being counted on a worker
        self._total_waiting: list[Callable[[int], object]] = []
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.server_status: ServerStatus | None = None  # PostgreSQL away/back, built later
        self.contact_list.current_contact_changed.connect(self._show_current_contact)
        self.contact_list.selection_changed.connect(self._on_selection)
        self.contact_list.contacts_counted.connect(lambda _n: self._update_counts())
        self._listed: int | None = None  # the list's count, for the pane's placeholder
        self.contact_list.contacts_counted.connect(self._tell_detail_the_count)
        self.contact_list.archive_requested.connect(self.archive)
        self.contact_list.restore_requested.connect(self.restore)
        self.window_actions.restore.triggered.connect(self.restore_selected)
        self.contact_list.undo_step.connect(self.undo_stack.push)  # bulk stage / tag
        self._archive_message = ""
        # The status line's "Archived …" goes once the archive is undone.
        self.undo_stack.indexChanged.connect(self._clear_undone_message)
        # Enter on a contact moves into its fields (the pane is built now if it was not).
        self.contact_list.open_requested.connect(lambda _cid: self.detail.focus_fields())
        install_focus_ring(QApplication.instance())  # type: ignore[arg-type]
        self.bus.changed.connect(self._on_changes)

        self.resize(1280, 800)
        self.restore_state()
        self.contact_list.show_first_page()
        self._update_log_action()
        self._wire_shell()
        if not paint_first:
            for _name, step in self.later_steps():
                step()

    def later_steps(self, *, load_ahead: bool = False) -> list[tuple[str, Callable[[], object]]]:
        """What a `paint_first` window builds after its first paint, in this order; each
        step is quick, and a step whose part was built meanwhile does nothing. With
        `load_ahead` the detail pane's modules load on the runner's background thread
        first and the pane is built a part a turn when they are in, or, when another view
        opened first, when the Contacts tab is first shown; the sample-data look is then left to the
        caller, which runs it after the start (the app's start)."""
        if load_ahead:
            return [
                ("keyboard paths", _install_keyboard_paths),
                ("detail pane", self._load_detail),
                ("server status", self._build_server_status),
            ]
        return [
            ("keyboard paths", _install_keyboard_paths),
            ("detail pane", self._build_detail),
            ("server status", self._build_server_status),
            ("sample data action", self.shell.update_sample_action),
        ]

    @property
    def detail(self) -> DetailPane:
        """The detail pane, built now if its step has not run yet."""
        if self._detail is None:
            self._build_detail()
        assert self._detail is not None
        return self._detail

    @property
    def is_built(self) -> bool:
        """Every part of the window is there (the later steps have run); a detail pane
        that waits for the Contacts tab to be shown counts as there."""
        pane_ready = self._detail is not None or self._detail_waits
        return pane_ready and self.server_status is not None

    def views_building(self) -> bool:
        """A tab is still making the rows or cards of a read a few per turn (Today, a board):
        whatever waits for the window to show what it read waits for this too."""
        return any(host.is_building for host in self._tab_hosts)

    def _tell_if_views_built(self) -> None:
        if not self.views_building():
            self.views_built.emit()

    def _load_detail(self) -> None:
        if self._detail is not None:
            return
        if self.tabs.currentWidget() is not self.splitter:
            # Another view opened first (Today): the pane's 50–100 ms build waits until
            # Contacts is shown, instead of sitting between the start and the first click.
            self._detail_waits = True
            self.tabs.currentChanged.connect(self._build_detail_when_shown)
            return
        from desktop_crm.ui.load_ahead import DETAIL_PANE_QT, import_in_turns

        # Its services on a worker, its Qt modules on this thread a module a turn (PySide6
        # must not make its classes on two threads at once), then the pane.
        self.runner.query(
            _import_detail_pane,
            lambda _none: import_in_turns(DETAIL_PANE_QT, self._build_detail_in_turns, parent=self),
            background=True,
            after_writes=False,
            parent=self,
        )

    def _build_detail_when_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.splitter:
            self._build_detail()

    def _build_detail_in_turns(self) -> None:
        """The pane a part a turn of the event loop (a click meanwhile is answered between two
        parts; one that needs the pane finishes it at once, through `detail`)."""
        if self._detail is not None or self._pane_parts is not None:
            return
        self._pane_parts = self._new_detail(in_parts=True)
        QTimer.singleShot(0, self, self._next_detail_part)

    def _next_detail_part(self) -> None:
        pane = self._pane_parts
        if pane is None:
            return  # finished at once meanwhile
        if pane.build_part():
            QTimer.singleShot(0, self, self._next_detail_part)
        else:
            self._place_detail(pane)

    def _new_detail(self, *, in_parts: bool = False) -> DetailPane:
        from desktop_crm.ui.detail.pane import DetailPane

        return DetailPane(
            self.bus,
            runner=self.runner,
            clock=self.clock,
            region=self.region,
            undo_stack=self.undo_stack,
            in_parts=in_parts,
        )

    def _tell_detail_the_count(self, count: int | None) -> None:
        """The pane's placeholder depends on the list (an empty one has nothing to choose);
        the pane may be built after the list has counted (it waits for the first paint)."""
        self._listed = count
        if self._detail is not None and count is not None:
            state = self.contact_list.state
            self._detail.nothing_selected.list_counted(
                count, narrowed=state.narrowed, archive=state.whole_archive
            )

    def when_built(self, then: Callable[[], object]) -> None:
        """`then` once every part of the window is there (now, if it is): what may wait
        must not take the turns of a pane still being built a part a turn."""
        if self.is_built:
            then()
        else:
            self.pane_placed.connect(then, Qt.ConnectionType.SingleShotConnection)

    def _build_detail(self) -> None:
        if self._detail is not None:
            return
        if self._detail_waits:
            self._detail_waits = False
            self.tabs.currentChanged.disconnect(self._build_detail_when_shown)
        pane = self._pane_parts or self._new_detail()
        pane.finish()  # the parts not built yet, at once
        self._place_detail(pane)

    def _place_detail(self, pane: DetailPane) -> None:
        """The whole pane into its place, showing what the list selected before it was there."""
        self._pane_parts = None
        self._detail = pane
        self._tell_detail_the_count(self._listed)
        layout = self._detail_place.layout()
        assert layout is not None
        layout.addWidget(pane)
        pane.duplicate_badge.merge_requested.connect(self.merge_pair)
        pane.back_to_search.connect(self.contact_list.focus_search)
        pane.contact_shown.connect(lambda _cid: self._update_log_action())
        pane.archived_banner.restore_requested.connect(lambda cid: self.restore([cid]))
        pane.contact_shown.connect(lambda _cid: self._update_restore_action())
        # What the list selected before the pane was there.
        selected = self.contact_list.selected_ids()
        if len(selected) > 1:
            pane.show_several(len(selected))
        elif self.contact_list.current_id is not None:
            pane.show_contact(self.contact_list.current_id)
        self._update_log_action()
        self.pane_placed.emit()

    def _build_server_status(self) -> None:
        if self.server_status is None:
            from desktop_crm.ui.server_status import ServerStatus

            self.server_status = ServerStatus(self.statusBar(), self)

    def _wire_shell(self) -> None:
        """File and Help (export, backups, settings, Quit…) and a size that fits the screen."""
        from desktop_crm.ui.screen_fit import keep_on_screen
        from desktop_crm.ui.window_shell import WindowShell

        self.shell = WindowShell(self)
        keep_on_screen(self)  # a remembered size counts only while it still fits
        self._fitted_with_frame = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted_with_frame:
            # The window manager's frame is known once the window is up: fit again with
            # the real one instead of the guess (a taller title bar, a thicker border).
            self._fitted_with_frame = True
            from desktop_crm.ui.screen_fit import keep_on_screen

            QTimer.singleShot(0, self, lambda: keep_on_screen(self))

    # --- views -------------------------------------------------------------------------

    def show_view(self, view: str) -> bool:
        widget = self.view_tabs.get(view)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def _leave_contacts_tab(self, index: int) -> None:
        """Another tab saves the contact's edits first; a refused edit keeps the list up."""
        leaving = self.tabs.widget(index) is not self.splitter
        if leaving and self._detail is not None and not self._detail.commit_pending():
            self.tabs.setCurrentWidget(self.splitter)

    def _show_current_contact(self, contact_id: int | None) -> None:
        """The list moved: save the shown contact first, or move the list back if refused."""
        if self._detail is None and contact_id is None:
            return  # nothing to show, nothing to save: the pane is built in its own step
        shown = self.detail.contact_id
        if not self.detail.show_contact(contact_id) and shown is not None:
            self.contact_list.select_contact(shown)

    def tab_widget(self, view: str) -> QWidget | None:
        """The widget showing `view` (built now if it was not yet), or None."""
        holder = self.view_tabs.get(view)
        return holder.ensure_built() if isinstance(holder, TabHost) else holder

    def open_first_view(self, then: Callable[[], None] | None = None) -> None:
        """Today opens first when something is due; the list shows until the answer is in.
        `then` runs once it is (or the read failed)."""
        clock = self.clock

        def is_due() -> bool:
            from desktop_crm.services.today import has_due_items  # on the worker

            return has_due_items(clock)

        def show_today() -> None:
            # Only if the user has not gone somewhere else meanwhile.
            if self.tabs.currentWidget() is self.splitter:
                self.show_view("today")
            if then is not None:
                then()

        def answered(due: bool) -> None:
            if not due:
                if then is not None:
                    then()
                return
            from desktop_crm.ui.load_ahead import TODAY_QT, import_in_turns

            # Today's modules a module a turn first: in one piece they were the longest
            # turn after the paint (and a start on Contacts does not need them at all).
            import_in_turns(TODAY_QT, show_today, parent=self)

        self.runner.query(
            is_due,
            answered,
            key="first-view",
            parent=self,
            on_failure=lambda _message: then() if then is not None else None,
        )

    def open_contact(self, contact_id: int) -> None:
        """Show a contact from any tab: clear what hides it, select it, bring the list up."""
        self.tabs.setCurrentWidget(self.splitter)
        panel = self.contact_list

        def make_way() -> None:
            if not panel.select_contact(contact_id):
                panel.search_box.clear()
                panel.filter_bar.clear()
                panel.state.search = ""
                panel.reload(then=lambda: panel.select_contact(contact_id))

        panel.select_contact(contact_id)  # at once when the list shows it now
        # Again once the list has read its ids: a change just published may drop the row.
        panel.reload(then=make_way)

    def _add_palette_action(self) -> QAction:
        """Ctrl+K, in the menu that holds Find (the palette finds by typing, too)."""
        action = QAction(_("Command &palette…"), self)
        action.setShortcut(QKeySequence(_("Ctrl+K")))
        action.triggered.connect(self.open_palette)
        menu = self.window_actions.find.parent()
        if isinstance(menu, QMenu):
            menu.addAction(action)
        else:
            QMainWindow.addAction(self, action)
        return action

    def command_palette(self) -> CommandPalette:
        """The palette over the menus as they are now, so every action anyone added shows."""
        from desktop_crm.ui.palette.dialog import CommandPalette
        from desktop_crm.ui.palette.entries import action_entries

        entries = action_entries(self.menuBar(), skip=[self.palette_action])
        return CommandPalette(entries, self.open_contact, region=self.region, parent=self)

    def open_palette(self) -> None:
        from desktop_crm.ui.palette.dialog import run_palette

        run_palette(self.command_palette())

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.splitter)
        self.contact_list.focus_search()

    # --- actions -----------------------------------------------------------------------

    def new_contact(self) -> NewContactDialog:
        """The dialog, window-modal and not blocking: the contact is written by the runner
        (which publishes it); then it is one undo step and opens in the pane."""
        from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog

        dialog = NewContactDialog(
            clock=self.clock, region=self.region, runner=self.runner, parent=self
        )
        dialog.finished.connect(lambda code: self._contact_added(dialog, code))
        dialog.open()
        return dialog

    def _contact_added(self, dialog: NewContactDialog, code: int) -> None:
        from desktop_crm.ui.detail.edit_command import NewContactCommand

        if code == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.undo_stack.push(NewContactCommand(dialog.created, self.runner, clock=self.clock))
            self.open_contact(dialog.created.id)
        dialog.deleteLater()

    def log_conversation(self) -> None:
        if self.detail.contact_id is None:
            self.statusBar().showMessage(_("Select one contact to log a conversation with."), 4000)
            return
        self.tabs.setCurrentWidget(self.splitter)
        self.detail.log_conversation()

    def archive_selected(self) -> None:
        self.archive(self.contact_list.selected_ids())

    def archive(self, ids: list[int], *, restore: bool = False) -> None:
        """Archive contacts, or with `restore` bring them back: one transaction, one undo
        step (Undo does the other)."""
        if not ids:
            return
        from desktop_crm.ui.undo import ArchiveContactsCommand

        self.undo_stack.push(
            ArchiveContactsCommand(ids, self.runner, clock=self.clock, restore=restore)
        )
        if restore:
            text = ngettext(
                "Restored {count} contact from the archive. Undo with Ctrl+Z.",
                "Restored {count} contacts from the archive. Undo with Ctrl+Z.",
                len(ids),
            )
        else:
            text = ngettext(
                "Archived {count} contact. Undo with Ctrl+Z.",
                "Archived {count} contacts. Undo with Ctrl+Z.",
                len(ids),
            )
        self._archive_message = text.format(count=len(ids))
        self.statusBar().showMessage(self._archive_message, 8000)

    def restore_selected(self) -> None:
        if self.contact_list.showing_archive:
            self.restore(self.contact_list.selected_ids())
        elif self._detail is not None and self._detail.shows_archived:
            self.restore([self._detail.contact_id])  # type: ignore[list-item]

    def restore(self, ids: list[int]) -> None:
        self.archive(ids, restore=True)

    def _update_restore_action(self) -> None:
        in_archive = self.contact_list.showing_archive and bool(self.contact_list.selected_ids())
        shown = self._detail is not None and self._detail.shows_archived
        self.window_actions.restore.setEnabled(in_archive or shown)

    def show_duplicates(self) -> DuplicatesWindow:
        """The Duplicates view in its own window (one, raised again when open)."""
        if self.duplicates_window is None:
            from desktop_crm.ui.duplicates.view import DuplicatesWindow

            self.duplicates_window = DuplicatesWindow(
                self.bus,
                undo_stack=self.undo_stack,
                clock=self.clock,
                runner=self.runner,
                parent=self,
            )
            self.duplicates_window.view.open_contact.connect(self.open_contact)
        self.duplicates_window.show()
        self.duplicates_window.raise_()
        self.duplicates_window.activateWindow()
        return self.duplicates_window

    def merge_pair(self, contact_id: int, other_id: int, dialog: MergeDialog | None = None) -> bool:
        """From the detail pane's badge: the side-by-side merge of a contact and its twin,
        window-modal and one at a time (its contacts are read on a worker). True when a
        prepared dialog had merged already; else the merge follows when the dialog closes."""
        if dialog is not None and dialog.result_value is not None:
            return self._pair_merged(dialog)
        if self._merges is None:
            from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
            from desktop_crm.ui.duplicates.merge_opener import MergeOpener

            def make(ids: list[int]) -> MergeDialog:
                return MergeDialog(ids, clock=self.clock, runner=self.runner, parent=self)

            self._merges = MergeOpener(make, self._pair_merged)
        self._merges.open([contact_id, other_id], dialog)
        return False

    def _pair_merged(self, dialog: MergeDialog) -> bool:
        from desktop_crm.ui.duplicates.undo import MergeCommand

        done = dialog.result_value
        if done is None:
            return False
        self.undo_stack.push(
            MergeCommand(done, dialog.choices(), self.bus, clock=self.clock, runner=self.runner)
        )
        if not dialog.wrote_through:
            self.bus.publish(done.changes)  # written by the dialog itself
        self.open_contact(done.kept)
        self.statusBar().showMessage(_("Contacts merged. Undo with Ctrl+Z."), 8000)
        return True

    def start_import(self, path: Path | None) -> bool:
        return start_import(self, path, clock=self.clock, region=self.region, bus=self.bus)

    # --- drops -------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if importable_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = importable_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped_paths = paths
        # Leave the drop handler first: a modal wizard inside it blocks the source app.
        QTimer.singleShot(0, lambda: self.start_import(paths[0]))

    # --- status ------------------------------------------------------------------------

    def _clear_undone_message(self, _index: int) -> None:
        if self._archive_message and self.statusBar().currentMessage() == self._archive_message:
            self.statusBar().clearMessage()
        self._archive_message = ""

    def _on_selection(self, ids: list[int]) -> None:
        # Nothing selected: nothing to archive; the archive's contacts are restored instead.
        self.window_actions.archive.setEnabled(bool(ids) and not self.contact_list.showing_archive)
        self._update_restore_action()
        # Several selected before the pane was built: it shows them when it is.
        several = len(ids) > 1 and self._detail is not None
        if several and not self.detail.show_several(len(ids)):
            shown = self.detail.contact_id
            if shown is not None:
                self.contact_list.select_contact(shown)
        self._update_counts()
        self._update_log_action()

    def _update_log_action(self) -> None:
        shown = None if self._detail is None else self._detail.contact_id
        self.window_actions.log_conversation.setEnabled(shown is not None)

    def _on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.contacts_added_or_removed:
            self._total = None
            self._counting = False  # a count asked before this change is dropped
            self._update_counts()

    def _total_contacts(self) -> int | None:
        """All (unarchived) contacts as last known; None while they are counted (asked
        here, on a worker; the counts are shown again when the number is in)."""
        if self._total is None:
            self._count_total()
        return self._total

    def when_total_known(self, then: Callable[[int], object]) -> None:
        """`then(total)` at once when the total is known, else when its count is in."""
        if self._total is not None:
            then(self._total)
            return
        self._total_waiting.append(then)
        self._count_total()

    def _count_total(self) -> None:
        if self._counting:
            return
        self._counting = True
        clock = self.clock

        def work() -> int:
            from desktop_crm.services.contact_queries import count_contacts  # on the worker

            return count_contacts(clock=clock)

        self.runner.query(
            work,
            self._total_counted,
            key="total-contacts",  # a newer count (after a change) drops this one
            parent=self,
            on_failure=self._total_not_counted,
            explains=True,
        )

    def _total_counted(self, total: int) -> None:
        self._counting = False
        self._total = total
        waiting, self._total_waiting = self._total_waiting, []
        for then in waiting:
            then(total)
        self._update_counts()

    def _total_not_counted(self, _message: str) -> None:
        """A refused count (a busy database): the status line keeps saying nothing about
        the total rather than a guess; the next change or filter asks again."""
        self._counting = False
        self._total_waiting = []

    def _show_selected_only(self) -> None:
        selected = len(self.contact_list.selected_ids())
        self.count_label.setText(
            _("{count} selected").format(count=format_number(selected)) if selected > 1 else ""
        )

    def _update_counts(self) -> None:
        shown = self.contact_list.model.rowCount()
        if self.contact_list.reading_ids:
            # Only the first page is in: its row count is not the list's. Nothing about
            # the count until the ids arrive (contacts_counted comes then).
            self._show_selected_only()
            return
        if self.contact_list.showing_archive:  # the archive's count, not "N of all"
            self.count_label.setText(
                ngettext("{count} archived contact", "{count} archived contacts", shown).format(
                    count=format_number(shown)
                )
            )
            return
        if not self.contact_list.state.narrowed:
            self._total = shown  # the whole list, read with its ids: no count needed
        total = self._total_contacts()
        if total is None:  # the filter's total is on its way: nothing until it is in
            self._show_selected_only()
            return
        if shown == total:
            text = ngettext("{count} contact", "{count} contacts", total).format(
                count=format_number(total)
            )
        else:
            text = ngettext(
                "{shown} of {total} contact", "{shown} of {total} contacts", total
            ).format(shown=format_number(shown), total=format_number(total))
        selected = len(self.contact_list.selected_ids())
        if selected > 1:
            text += " · " + _("{count} selected").format(count=format_number(selected))
        self.count_label.setText(text)

    # --- state ---------------------------------------------------------------------------

    def restore_state(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.contact_list.save_state()
        self.settings.sync()

    def closeEvent(self, event) -> None:
        if self._detail is not None and not self._detail.commit_pending():
            event.ignore()  # a refused edit stays on screen with its reason
            return
        self.save_state()
        super().closeEvent(event)


def _install_keyboard_paths() -> None:
    """Shift+F10 and the Menu key, for every window (a shortcut each, given on first focus).
    After the first paint, where no key can reach the window yet; its module then too
    (QWindow's and the text edits' enum classes)."""
    from desktop_crm.ui.keyboard import install_context_menu_keys

    install_context_menu_keys(QApplication.instance())  # type: ignore[arg-type]


def _import_detail_pane() -> None:
    """On a worker: the detail pane's modules without Qt load off the GUI thread."""
    from desktop_crm.ui.load_ahead import DETAIL_PANE_QT_FREE, import_without_qt

    import_without_qt(DETAIL_PANE_QT_FREE)
