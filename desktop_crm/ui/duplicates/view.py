"""The Duplicates view: candidate groups best first with their reasons, the merge, "Not a
duplicate" and undo. The scan runs on a worker thread, and with the window's runner every
write (merge, Not a duplicate, Undo last merge) on the writer thread: the window stays
responsive."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.duplicate_match import Group
from desktop_crm.errors import UserError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.changes import Changes
from desktop_crm.services.duplicates import ignore_pair
from desktop_crm.services.merge import merges, unmerge
from desktop_crm.services.records import ContactSummary
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.duplicates.labels import reasons_text, score_text
from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
from desktop_crm.ui.duplicates.merge_opener import MergeOpener
from desktop_crm.ui.duplicates.undo import MergeCommand
from desktop_crm.ui.duplicates.worker import ScanResult, ScanThread
from desktop_crm.ui.empty_state import EmptyState
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import error_text_style, muted_text_style

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 2


def _contact_line(row: ContactSummary | None, contact_id: int) -> list[str]:
    if row is None:
        return [str(contact_id), "", "", ""]
    details = " · ".join(p for p in (row.company, row.primary_email, row.phone_e164) if p)
    return [f"{row.full_name or row.primary_email or ''} ({contact_id})", "", "", details]


class DuplicatesView(QWidget):
    """`open_merge(ids)` runs the side-by-side dialog; `open_contact` shows one in the list."""

    open_contact = Signal(int)
    scanned = Signal()  # after the groups on screen were replaced

    def __init__(
        self,
        bus: ChangesBus,
        *,
        undo_stack: QUndoStack | None = None,
        clock=None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._bus = bus
        self._runner = runner
        self._writing = False  # Not a duplicate or Undo last merge is on its way
        self._can_undo_merge = False  # from the last scan, read off the GUI thread
        self._undo_stack = undo_stack
        self._clock = clock
        self._thread: ScanThread | None = None
        self.merges = MergeOpener(self.merge_dialog, self.after_merge)
        self._stale = False
        self.groups: list[Group] = []

        title = QLabel(_("Possible duplicates"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.status_label = QLabel()
        self.status_label.setStyleSheet(muted_text_style())
        self.status_label.setAccessibleName(_("Scan status"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Groups of possible duplicates"))
        self.tree.setHeaderLabels([_("Contacts"), _("Score"), _("Why"), _("Details")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 330)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(self._on_activated)

        self.empty = EmptyState(
            _("No possible duplicates"),
            _(
                "Contacts that share an email or a phone number, or have a similar name at the "
                "same company or with the same birthday, show up here."
            ),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        self.merge_button = QPushButton(_("&Compare and merge…"))
        self.ignore_button = QPushButton(_("&Not a duplicate"))
        self.ignore_button.setToolTip(_("Never propose these contacts as duplicates again"))
        self.open_button = QPushButton(_("&Show contact"))
        self.rescan_button = QPushButton(_("Scan &again"))
        self.undo_button = QPushButton(_("&Undo last merge"))
        self.undo_button.setToolTip(_("Separate the contacts of the latest merge again"))
        for button in (
            self.merge_button,
            self.ignore_button,
            self.open_button,
            self.rescan_button,
            self.undo_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").replace("…", ""))
        self.merge_button.clicked.connect(lambda: self.merge_selected())  # not `checked`
        self.ignore_button.clicked.connect(self.ignore_selected)
        self.open_button.clicked.connect(self._open_selected)
        self.rescan_button.clicked.connect(self.start_scan)
        self.undo_button.clicked.connect(self.undo_last_merge)

        buttons = QHBoxLayout()
        for button in (self.merge_button, self.ignore_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.rescan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.status_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        bus.changed.connect(self._on_changes)
        app = QCoreApplication.instance()
        if app is not None:  # a running thread must not be destroyed with the window at exit
            app.aboutToQuit.connect(self.wait_for_scan)
        self._update_buttons()

    # --- scanning ---------------------------------------------------------------------

    def start_scan(self) -> None:
        if self._thread is not None:
            self._stale = True  # scan again when this one is done
            return
        self._stale = False
        self.status_label.setText(_("Looking for duplicates…"))
        self.rescan_button.setEnabled(False)
        thread = ScanThread(self)
        thread.found.connect(self.show_result)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        thread.start()

    @property
    def scanning(self) -> bool:
        return self._thread is not None

    def _on_thread_finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        self.rescan_button.setEnabled(True)
        if self._stale:
            self.start_scan()

    def _on_failed(self, message: str) -> None:
        self.status_label.setText("")
        self.show_error(message)

    def wait_for_scan(self) -> None:
        """For tests and the screenshot: block until the running scan has finished."""
        if self._thread is not None:
            self._thread.wait()

    def show_result(self, result: ScanResult) -> None:
        self.groups = result.groups
        self._can_undo_merge = result.can_undo_merge
        self.tree.clear()
        for index, group in enumerate(result.groups):
            item = QTreeWidgetItem(
                [
                    " · ".join(
                        (result.rows[cid].full_name if cid in result.rows else "") or str(cid)
                        for cid in group.contact_ids
                    ),
                    score_text(group.score),
                    reasons_text(group.reasons),
                ]
            )
            item.setData(0, GROUP_ROLE, index)
            rows = [item]
            for cid in group.contact_ids:
                child = QTreeWidgetItem(_contact_line(result.rows.get(cid), cid))
                child.setData(0, GROUP_ROLE, index)
                child.setData(0, CONTACT_ROLE, cid)
                item.addChild(child)
                rows.append(child)
            for row in rows:
                for column in range(row.columnCount()):
                    row.setToolTip(column, row.text(column))  # the whole text when cut short
            self.tree.addTopLevelItem(item)
        count = len(result.groups)
        self.status_label.setText(
            ngettext(
                "{count} group of possible duplicates, best first.",
                "{count} groups of possible duplicates, best first.",
                count,
            ).format(count=format_number(count))
        )
        self.stack.setCurrentWidget(self.tree if count else self.empty)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.expandItem(first)
        self._update_buttons()
        self._bus.publish(result.changes)
        self.scanned.emit()

    def _on_changes(self, changes: Changes) -> None:
        # An edit or import while the view is hidden may make or break groups: the window
        # scans again when it is shown; while shown, "Scan again" is one click away.
        if (changes.contact_ids or changes.everything) and not self.isVisible():
            self._stale = True

    @property
    def stale(self) -> bool:
        return self._stale

    # --- actions ----------------------------------------------------------------------

    def selected_group(self) -> Group | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        index = item.data(0, GROUP_ROLE)
        return self.groups[index] if index is not None and index < len(self.groups) else None

    def _update_buttons(self) -> None:
        has_group = self.selected_group() is not None
        self.merge_button.setEnabled(has_group)
        self.ignore_button.setEnabled(has_group and not self._writing)
        item = self.tree.currentItem()
        self.open_button.setEnabled(item is not None and item.data(0, CONTACT_ROLE) is not None)
        self.undo_button.setEnabled(self._can_undo_merge and not self._writing)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def merge_dialog(self, contact_ids: list[int]) -> MergeDialog:
        return MergeDialog(contact_ids, clock=self._clock, runner=self._runner, parent=self)

    def merge_selected(self, dialog: MergeDialog | None = None) -> bool:
        """Open the side-by-side merge for the selected group, window-modal (its contacts
        are read on a worker; a second click while it is open raises it). True when a
        prepared dialog had merged already; else the merge follows when the dialog closes."""
        group = self.selected_group()
        if group is None:
            return False
        if dialog is not None and dialog.result_value is not None:
            return self.after_merge(dialog)
        self.merges.open(group.contact_ids, dialog)
        return False

    def after_merge(self, dialog: MergeDialog) -> bool:
        done = dialog.result_value
        if done is None:
            return False
        if self._undo_stack is not None:
            self._undo_stack.push(
                MergeCommand(
                    done, dialog.choices(), self._bus, clock=self._clock, runner=self._runner
                )
            )
        if not dialog.wrote_through:
            self._bus.publish(done.changes)  # written by the dialog itself
        self.show_error("")
        self.start_scan()
        return True

    def ignore_selected(self) -> None:
        group = self.selected_group()
        if group is None:
            return
        pairs = list(combinations(group.contact_ids, 2))

        def work() -> Changes:
            changes = Changes()
            for first, second in pairs:
                changes.merge(ignore_pair(first, second))
            return changes

        self._write(work, lambda _changes: None)

    def undo_last_merge(self) -> None:
        clock = self._clock

        def work() -> Changes | None:
            latest = next((m for m in merges(limit=1) if not m.undone), None)
            return None if latest is None else unmerge(latest.id, clock=clock).changes

        def done(undone: Changes | None) -> None:
            if undone is not None:
                self.status_label.setText(_("The merge was undone."))

        self._write(work, done)

    def _write(self, work, done) -> None:
        """One transaction: on the writer thread with a runner (which publishes its Changes),
        else here; a refusal is shown on the view's error line and changes nothing. The
        buttons that write are off until the answer is in, so a second click sends nothing."""
        if self._writing:
            return
        self.show_error("")
        if self._runner is None:
            try:
                changes = work()
            except UserError as exc:
                self.show_error(exc.message)
                return
            if changes is not None:
                self._bus.publish(changes)
            self._written(done, changes)
            return
        self._writing = True
        self._update_buttons()
        self._runner.mutate(
            work,
            lambda changes: self._written(done, changes),
            parent=self,
            on_failure=self._write_refused,
            explains=True,
        )

    def _written(self, done, changes) -> None:
        self._writing = False
        done(changes)
        self._update_buttons()
        self.start_scan()

    def _write_refused(self, message: str) -> None:
        self._writing = False
        self._update_buttons()
        self.show_error(message)

    def _open_selected(self) -> None:
        item = self.tree.currentItem()
        contact_id = item.data(0, CONTACT_ROLE) if item is not None else None
        if contact_id is not None:
            self.open_contact.emit(contact_id)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, CONTACT_ROLE) is not None:
            self.open_contact.emit(item.data(0, CONTACT_ROLE))
        else:
            self.merge_selected()


class DuplicatesWindow(QDialog):
    """The view in a window of its own, opened from the menu and the list's filter."""

    def __init__(
        self,
        bus: ChangesBus,
        *,
        undo_stack: QUndoStack | None = None,
        clock=None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Duplicates"))
        self.setAccessibleName(_("Duplicates"))
        self.view = DuplicatesView(
            bus, undo_stack=undo_stack, clock=clock, runner=runner, parent=self
        )
        close = QPushButton(_("Close"))
        close.setAccessibleName(_("Close"))
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(1100, 600)  # fits a 1366×768 screen with room to spare

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.view.groups or self.view.stale:
            self.view.start_scan()

    def closeEvent(self, event) -> None:
        self.view.wait_for_scan()  # a thread must not outlive the widgets it reports to
        super().closeEvent(event)
