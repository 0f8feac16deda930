"""The main window: composes the contact list, the detail pane, the other tabs, menus and status."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QSplitter, QTabWidget

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import count_contacts
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.panel import ContactListPanel
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from desktop_crm.ui.detail.pane import DetailPane
from desktop_crm.ui.file_drop import importable_paths, start_import
from desktop_crm.ui.main_menus import build_menus
from desktop_crm.ui.undo import ArchiveContactsCommand
from desktop_crm.ui.window_tabs import build_tabs

VIEWS = ("list", "today", "pipeline", "deals", "insights")


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        clock: Clock | None = None,
        region: str = DEFAULT_REGION,
        settings: QSettings | None = None,
        bus: ChangesBus | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Desktop CRM"))
        self.setAcceptDrops(True)
        self.clock = clock or SystemClock()
        self.region = region
        self.settings = settings
        self.bus = bus or ChangesBus(self)
        self.undo_stack = QUndoStack(self)

        self.contact_list = ContactListPanel(self.bus, clock=self.clock, settings=settings)
        self.detail = DetailPane(self.bus, clock=self.clock, region=region)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.contact_list)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([720, 560])

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, _("Contacts"))
        self.view_tabs = {"list": self.splitter}
        for hosted in build_tabs(
            clock=self.clock, bus=self.bus, region=region, open_contact=self.open_contact
        ):
            self.tabs.addTab(hosted, hosted.title)
            self.view_tabs[hosted.spec.view] = hosted
        self.tabs.currentChanged.connect(self._build_shown_tab)
        self.setCentralWidget(self.tabs)

        self.actions = build_menus(self, [self.tabs.tabText(i) for i in range(self.tabs.count())])
        self.actions.new_contact.triggered.connect(self.new_contact)
        self.actions.import_file.triggered.connect(lambda: self.start_import(None))
        self.actions.find.triggered.connect(self._focus_search)
        self.actions.archive.triggered.connect(self.archive_selected)
        self.contact_list.view.addAction(self.actions.archive)
        self.actions.log_conversation.triggered.connect(self.log_conversation)
        for index, action in enumerate(self.actions.show_views):
            action.triggered.connect(lambda _c=False, i=index: self.tabs.setCurrentIndex(i))

        self._total: int | None = None  # all contacts, for "N of M"
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.contact_list.current_contact_changed.connect(self.detail.show_contact)
        self.contact_list.selection_changed.connect(self._on_selection)
        self.contact_list.contacts_counted.connect(lambda _n: self._update_counts())
        self.contact_list.archive_requested.connect(self.archive)
        self.bus.changed.connect(self._on_changes)

        self.resize(1280, 800)
        self.restore_state()
        self.contact_list.reload()
        self._update_log_action()
        self._wire_shell()

    def _wire_shell(self) -> None:
        """File and Help (export, backups, settings, Quit…) and a size that fits the screen."""
        from desktop_crm.ui.screen_fit import keep_on_screen
        from desktop_crm.ui.window_shell import WindowShell

        self.shell = WindowShell(self)
        keep_on_screen(self)  # a remembered size counts only while it still fits

    # --- views -------------------------------------------------------------------------

    def show_view(self, view: str) -> bool:
        widget = self.view_tabs.get(view)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def _build_shown_tab(self, index: int) -> None:
        ensure_built = getattr(self.tabs.widget(index), "ensure_built", None)
        if ensure_built is not None:
            ensure_built()

    def tab_widget(self, view: str):
        """The widget showing `view` (built now if it was not yet), or None."""
        holder = self.view_tabs.get(view)
        ensure_built = getattr(holder, "ensure_built", None)
        return ensure_built() if ensure_built is not None else holder

    def open_first_view(self) -> None:
        """Today opens first when something is due; otherwise the contact list."""
        today = self.tab_widget("today")
        has_due = getattr(today, "has_due_items", None)
        if today is not None and callable(has_due) and has_due():
            self.show_view("today")

    def open_contact(self, contact_id: int) -> None:
        """Show a contact from any tab: clear what hides it, select it, bring the list up."""
        self.tabs.setCurrentWidget(self.splitter)
        if not self.contact_list.select_contact(contact_id):
            self.contact_list.search_box.clear()
            self.contact_list.filter_bar.clear()
            self.contact_list.state.search = ""
            self.contact_list.reload()
            self.contact_list.select_contact(contact_id)

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.splitter)
        self.contact_list.focus_search()

    # --- actions -----------------------------------------------------------------------

    def new_contact(self) -> int | None:
        dialog = NewContactDialog(clock=self.clock, region=self.region, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
            return None
        created = dialog.created.id
        self.bus.publish(Changes(contact_ids={created}, contacts_added_or_removed=True))
        self.open_contact(created)
        return created

    def log_conversation(self) -> None:
        if self.detail.contact_id is None:
            self.statusBar().showMessage(_("Select one contact to log a conversation with."), 4000)
            return
        self.tabs.setCurrentWidget(self.splitter)
        self.detail.log_conversation()

    def archive_selected(self) -> None:
        self.archive(self.contact_list.selected_ids())

    def archive(self, ids: list[int]) -> None:
        if not ids:
            return
        self.undo_stack.push(ArchiveContactsCommand(ids, self.bus, clock=self.clock))
        self.statusBar().showMessage(
            ngettext(
                "Archived {count} contact. Undo with Ctrl+Z.",
                "Archived {count} contacts. Undo with Ctrl+Z.",
                len(ids),
            ).format(count=len(ids)),
            8000,
        )

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

    def _on_selection(self, ids: list[int]) -> None:
        if len(ids) > 1:
            self.detail.show_several(len(ids))
        self._update_counts()
        self._update_log_action()

    def _update_log_action(self) -> None:
        self.actions.log_conversation.setEnabled(self.detail.contact_id is not None)

    def _on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.contacts_added_or_removed:
            self._total = None
            self._update_counts()

    def _total_contacts(self) -> int:
        """All (unarchived) contacts: counted once, again only after contacts came or went."""
        if self._total is None:
            self._total = count_contacts(clock=self.clock)
        return self._total

    def _update_counts(self) -> None:
        shown = self.contact_list.model.rowCount()
        total = self._total_contacts() if self.contact_list.state.narrowed else shown
        if shown == total:
            text = ngettext("{count} contact", "{count} contacts", total).format(count=total)
        else:
            text = ngettext(
                "{shown} of {total} contact", "{shown} of {total} contacts", total
            ).format(shown=shown, total=total)
        selected = len(self.contact_list.selected_ids())
        if selected > 1:
            text += " · " + _("{count} selected").format(count=selected)
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
        self.save_state()
        super().closeEvent(event)
