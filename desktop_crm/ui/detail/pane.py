"""The detail pane: header, fields, qualification, timeline, questions, follow-ups, deals.

Its reads and saves go through the operation runner: a selected contact is read whole off
the GUI thread (the previous one stays on screen, greyed, until it arrives), and a save is
checked on the GUI thread (fast, no database) and then written on the writer thread. The
sections' writes (questions, follow-ups, deals, criteria, a conversation) go there too, and
bring back the sections they touched: the pane repaints those and reads nothing itself."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.conversations import LogResult
from desktop_crm.services.records import ContactDetails
from desktop_crm.services.sales_defaults import SalesDefaults
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.display import show_date, show_datetime
from desktop_crm.ui.detail.archived_banner import ArchivedBanner
from desktop_crm.ui.detail.badge import StageBadge
from desktop_crm.ui.detail.contact_save import SavedEdit
from desktop_crm.ui.detail.deals_box import DealsBox
from desktop_crm.ui.detail.edit_command import ContactEditCommand
from desktop_crm.ui.detail.fields_editor import FieldsEditor
from desktop_crm.ui.detail.follow_ups_box import FollowUpsBox
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.detail.nothing_selected import NothingSelectedText
from desktop_crm.ui.detail.qualification_box import QualificationBox, ask_disqualify_reason
from desktop_crm.ui.detail.questions_box import QuestionsBox
from desktop_crm.ui.detail.section_writes import SectionWrites, Written
from desktop_crm.ui.detail.snapshot import ContactSnapshot, SectionUpdate, read_snapshot
from desktop_crm.ui.detail.timeline import TimelineView
from desktop_crm.ui.duplicates.badge import DuplicateBadge
from desktop_crm.ui.empty_state import EmptyState
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import error_text_style, muted_text_style, success_text_style


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    # Not a Tab stop: the fields are, and the area scrolls to the one with the focus. As a
    # stop of its own it was a nameless "filler" to a screen reader (the AT-SPI audit).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class DetailPane(QWidget):
    contact_saved = Signal(int)
    contact_shown = Signal(object)  # the id now on screen (None: none), once its read is in
    back_to_search = Signal()  # Escape: the edits are saved and the search box takes over

    def __init__(
        self,
        bus: ChangesBus,
        *,
        runner: OperationRunner,
        clock=None,
        region: str = DEFAULT_REGION,
        ask_reason=ask_disqualify_reason,
        undo_stack: QUndoStack | None = None,
        in_parts: bool = False,
        parent=None,
    ):
        """With `in_parts`, only the pane's own state is made here: `build_part()` makes the
        rest one part per call (the window calls it once a turn of the event loop, so the
        pane's 15–40 ms build is never one long turn) and `finish()` the rest at once. A pane
        is used only once it is whole (the window hands it out then)."""
        super().__init__(parent)
        self._bus = bus
        self._runner = runner
        self._clock = clock
        self._region = region
        self._ask_reason = ask_reason
        self._details: ContactDetails | None = None
        self._wanted: int | None = None  # the contact asked for; shown once its read is in
        self._focus_when_shown = False
        # Saved edits go on the window's stack so Ctrl+Z takes them back; a pane on its
        # own (tests, previews) keeps a stack of its own.
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._details_tab_index = 0
        self.writes = SectionWrites(runner, self, self.undo_stack)
        self._unpainted: dict[str, object] = {}  # sections back from writes, painted when all are
        self._sales_defaults = SalesDefaults()
        self._parts: Iterator[bool] | None = self._build_parts()
        if not in_parts:
            self.finish()

    @property
    def is_whole(self) -> bool:
        return self._parts is None

    def build_part(self) -> bool:
        """Make the next part; False once the pane is whole."""
        if self._parts is None:
            return False
        if next(self._parts, None) is None:
            self._parts = None
        return self._parts is not None

    def finish(self) -> None:
        while self.build_part():
            pass

    def _build_parts(self) -> Iterator[bool]:
        """The pane's parts in order, one per step: the header, the fields, the sections, the
        tabs that hold them."""
        self._build_header()
        yield True
        self.fields = FieldsEditor(clock=self._clock, region=self._region, runner=self._runner)
        self.fields.saved.connect(self._on_saved)
        self.writes.written.connect(self._written)
        yield True
        self.qualification = QualificationBox(
            self.writes, clock=self._clock, ask_reason=self._ask_reason
        )
        self.timeline = TimelineView()
        yield True
        self.questions = QuestionsBox(self.writes, clock=self._clock)
        self.follow_ups = FollowUpsBox(self.writes, clock=self._clock)
        self.deals = DealsBox(self.writes, clock=self._clock)
        yield True
        self._build_pages()

    def _build_header(self) -> None:
        self.name_label = QLabel()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = StageBadge()
        self.subtitle_label = QLabel()
        self.subtitle_label.setStyleSheet(muted_text_style())
        self.log_button = QPushButton(_("Log conversation…"))
        self.log_button.setToolTip(_("Ctrl+L"))
        self.log_button.clicked.connect(lambda: self.log_conversation())
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(success_text_style())
        self.message_label.hide()
        self.duplicate_badge = DuplicateBadge()  # the window connects its merge_requested
        self.archived_banner = ArchivedBanner()  # and this one's restore_requested
        self.empty = EmptyState("")
        self.nothing_selected = NothingSelectedText(self.empty)  # the window tells it the count

    def _build_pages(self) -> None:
        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.badge)
        title_row.addWidget(self.log_button)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Contact sections"))
        self.tabs.addTab(_scrolling(self.fields), _("Details"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.qualification, _("Qualification"))
        self.tabs.addTab(self.questions, _("Questions"))
        self.tabs.addTab(self.follow_ups, _("Follow-ups"))
        self.tabs.addTab(self.deals, _("Deals"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.contact_page = contact_page = QWidget()
        page_layout = QVBoxLayout(contact_page)
        page_layout.setContentsMargins(8, 4, 4, 4)
        page_layout.addLayout(title_row)
        page_layout.addWidget(self.subtitle_label)
        page_layout.addWidget(self.archived_banner)
        page_layout.addWidget(self.duplicate_badge)
        page_layout.addWidget(self.message_label)
        page_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(contact_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._bus.changed.connect(self.on_changes)

    @property
    def contact_id(self) -> int | None:
        return self._details.id if self._details else None

    @property
    def shows_archived(self) -> bool:
        """The contact on screen is archived (reached from the list's archive)."""
        return self._details is not None and self._details.archived

    @property
    def details(self) -> ContactDetails | None:
        return self._details

    def commit_pending(self) -> bool:
        """Save unsaved edits (one undo step); False when a field refuses its value, which
        then stays on screen with the reason beside it. True when saved or nothing pending."""
        if self._details is None:
            return True
        if self.fields.is_dirty and not self.fields.save():
            self.tabs.setCurrentIndex(self._details_tab_index)
            self._show_refusal()
            return False
        # A question or follow-up typed into its entry row counts as an edit, too.
        for box in (self.questions, self.follow_ups):
            refused = box.commit_pending()
            if refused:
                self.tabs.setCurrentWidget(box)
                self.message_label.setStyleSheet(error_text_style())
                self.message_label.setText(refused)
                self.message_label.show()
                return False
        return True

    def discard_pending(self) -> None:
        """Throw the unsaved edits away: the form shows the stored contact again."""
        self.fields.load(self._details)
        self.message_label.hide()

    def _show_refusal(self) -> None:
        self.message_label.setStyleSheet(error_text_style())
        self.message_label.setText(
            _("Correct the highlighted field or use “Undo my edits” before you move on.")
        )
        self.message_label.show()

    def _on_tab_changed(self, index: int) -> None:
        # A refused edit brings the Details tab back (inside commit_pending).
        if index != self._details_tab_index:
            self.commit_pending()

    def show_contact(self, contact_id: int | None) -> bool:
        """Show another contact after saving this one's edits; False (and nothing changes)
        when an edit is refused. The contact is read off the GUI thread: until it is in,
        the pane keeps the previous one, greyed (or its placeholder)."""
        if contact_id is not None and contact_id == self.contact_id and self.fields.is_dirty:
            return True  # the same contact again: keep what is being typed
        if not self.commit_pending():
            return False
        if contact_id != self.contact_id:
            self.message_label.hide()
        self._wanted = contact_id
        if contact_id is None:
            self._show(None)
        else:
            if contact_id != self.contact_id:
                self._set_loading(True)
            self._read(contact_id)
        return True

    @property
    def is_loading(self) -> bool:
        """A contact was asked for and is not on screen yet."""
        return self._wanted != self.contact_id

    def _read(self, contact_id: int) -> None:
        # key="detail": a newer selection makes an older read's answer go unused.
        self._runner.query(
            lambda: read_snapshot(contact_id),
            self._arrived,
            key="detail",
            parent=self,
            on_failure=self._read_failed,
        )

    def _read_failed(self, _message: str) -> None:
        # The runner has said why. Stay on what is shown, usable: a read that failed must
        # not empty a form that may hold typing.
        self._wanted = self.contact_id
        self._set_loading(False)

    def _arrived(self, snapshot: ContactSnapshot) -> None:
        if snapshot.contact_id == self._wanted:
            self._show(snapshot)

    def _set_loading(self, loading: bool) -> None:
        # Greyed, not emptied: a few milliseconds later the next contact replaces it whole.
        self.contact_page.setEnabled(not loading)

    def _show(self, snapshot: ContactSnapshot | None) -> None:
        """Paint one read whole: header, fields and every section, never half of them."""
        details = snapshot.details if snapshot else None
        if details is None:
            self._wanted = None  # nothing, or the contact is gone
            self.nothing_selected.several_selected(0)
            self._focus_when_shown = False
        switching = (details.id if details else None) != self.contact_id
        self._details = details
        self._unpainted.clear()  # this read is newer than any write's sections
        if snapshot is not None:
            self._sales_defaults = snapshot.sales_defaults
        self._set_loading(False)
        self.stack.setCurrentIndex(1 if details else 0)
        defined = snapshot.defined_fields if snapshot else None
        if switching or not (self.fields.is_dirty or self.fields.is_saving):
            self.fields.load(details, defined)  # never overwrite what the user is typing
        self._show_sections(snapshot)
        self.contact_shown.emit(self.contact_id)
        if self._focus_when_shown and details is not None:
            self._focus_when_shown = False
            self.focus_fields()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Fields pass Escape up when they have no use for it: leaving saves, as a click would.
        if event.key() == Qt.Key.Key_Escape and self.commit_pending():
            self.back_to_search.emit()
            return
        super().keyPressEvent(event)

    def focus_fields(self) -> None:
        """Enter on a contact in the list: its Details tab, the cursor in its first field."""
        if self.is_loading:
            self._focus_when_shown = True  # once it is in
            return
        if self._details is None:
            return
        self.tabs.setCurrentIndex(self._details_tab_index)
        self.fields.given_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_several(self, count: int) -> bool:
        if not self.commit_pending():
            return False
        self._details = None
        self._wanted = None
        self._set_loading(False)
        self.contact_shown.emit(None)
        self.nothing_selected.several_selected(count)
        self.stack.setCurrentIndex(0)
        return True

    def _show_sections(self, snapshot: ContactSnapshot | None) -> None:
        d = snapshot.details if snapshot else None
        cid = d.id if d else None
        self._show_header(d)
        self.qualification.show_criteria(cid, snapshot.criteria if snapshot else [])
        self.timeline.show_entries(cid, snapshot.timeline if snapshot else [])
        self.questions.show_questions(cid, snapshot.questions if snapshot else [])
        self.follow_ups.show_follow_ups(cid, snapshot.follow_ups if snapshot else [])
        self.deals.show_deals(cid, snapshot.deals if snapshot else [])
        self._update_tab_titles()

    def _show_header(self, d: ContactDetails | None) -> None:
        if d:
            self.name_label.setText(d.full_name or (d.emails[0].email if d.emails else ""))
            self.badge.set_stage(d.stage)
            parts = [p for p in (d.job_title, d.company) if p]
            self.subtitle_label.setText(" · ".join(parts))
            self.subtitle_label.setVisible(bool(parts))
        self.duplicate_badge.show_for(d)
        self.archived_banner.show_for(d)

    def _update_tab_titles(self) -> None:
        open_questions = self.questions.open_count()
        open_follow_ups = self.follow_ups.open_count()
        self.tabs.setTabText(
            3,
            _("Questions ({count})").format(count=open_questions)
            if open_questions
            else _("Questions"),
        )
        self.tabs.setTabText(
            4,
            _("Follow-ups ({count})").format(count=open_follow_ups)
            if open_follow_ups
            else _("Follow-ups"),
        )

    def on_changes(self, changes: Changes) -> None:
        """Read the shown contact again when a change touched it; not after its own save,
        whose result already carries the contact as saved."""
        cid = self._wanted
        if cid is None or not (changes.everything or cid in changes.contact_ids):
            return
        if self.fields.is_own(changes) or self.writes.is_own(changes):
            return  # the write's own result carries what it changed
        self._read(cid)

    def _written(self, result: Written) -> None:
        """A section write is in: repaint what it touched, once no later write is on its way
        (writes run in order, so the last one's sections are the newest)."""
        update = result.sections
        # Another contact shown or coming: its own read sees this write.
        if update.contact_id == self.contact_id and not self.is_loading:
            for name in ("details", "criteria", "timeline", "questions", "follow_ups", "deals"):
                value = getattr(update, name)
                if value is not None:
                    self._unpainted[name] = value
        if self.writes.in_flight == 0 and self._unpainted and self.contact_id is not None:
            self._paint(SectionUpdate(self.contact_id, **self._unpainted))  # type: ignore[arg-type]
            self._unpainted.clear()

    def _paint(self, update: SectionUpdate) -> None:
        cid = update.contact_id
        if update.details is not None:
            self._details = update.details
            self._show_header(update.details)
            if self.fields.is_dirty or self.fields.is_saving:
                self.fields.rebase(update.details)  # the typing stays, on the new version
            else:
                self.fields.load(update.details)  # its version counted up
        if update.criteria is not None:
            self.qualification.show_criteria(cid, update.criteria)
        if update.timeline is not None:
            self.timeline.show_entries(cid, update.timeline)
        if update.questions is not None:
            self.questions.show_questions(cid, update.questions)
        if update.follow_ups is not None:
            self.follow_ups.show_follow_ups(cid, update.follow_ups)
        if update.deals is not None:
            self.deals.show_deals(cid, update.deals)
        self._update_tab_titles()

    def _on_saved(self, result: SavedEdit) -> None:
        if result.before is not None:
            self.undo_stack.push(
                ContactEditCommand(
                    result.before,
                    result.after,
                    self._runner,
                    clock=self._clock,
                    region=self._region,
                )
            )
        if self._details is not None and self._details.id == result.after.id:
            self._details = result.after
            self._show_header(result.after)
        self.contact_saved.emit(result.after.id)

    def show_message(self, text: str) -> None:
        self.message_label.setStyleSheet(success_text_style())
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def log_dialog(self) -> LogConversationDialog | None:
        if self._details is None or self.is_loading:
            return None  # never the previous contact's, while the next one is on its way
        contact_id = self._details.id
        return LogConversationDialog(
            contact_id,
            self._details.full_name,
            clock=self._clock,
            write=self.writes.through("log", contact_id),
            has_open_deal=self.deals.has_open_deal(),
            defaults=self._sales_defaults,
            parent=self,
        )

    def log_conversation(
        self, dialog: LogConversationDialog | None = None
    ) -> LogConversationDialog | None:
        """Open the dialog (or use a prepared one); when it is logged, show what the outcome
        did. The dialog is window-modal and does not block: the write runs meanwhile."""
        dialog = dialog or self.log_dialog()
        if dialog is None:
            return None
        if dialog.result_value is not None:  # logged already
            self._logged(dialog, QDialog.DialogCode.Accepted)
            return dialog
        dialog.finished.connect(partial(self._logged, dialog))
        dialog.open()
        return dialog

    def _logged(self, dialog: LogConversationDialog, code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            if not dialog.wrote_through:
                self._bus.publish(dialog.result_value.changes)  # written by the dialog itself
            step = dialog.undo_step(self._runner)
            if step is not None:
                self.undo_stack.push(step)
            self.after_logged(dialog.result_value)
        dialog.deleteLater()

    def after_logged(self, result: LogResult | None) -> LogResult | None:
        """Say what the outcome did; the sections it touched came with the write."""
        if result is None:
            return None
        messages = list(result.messages)
        if result.follow_up_at:
            messages.append(
                _("Follow-up scheduled for {when}.").format(when=show_datetime(result.follow_up_at))
            )
        if result.recontact_on:
            messages.append(
                _("Contact again on {date}.").format(date=show_date(result.recontact_on))
            )
        self.show_message(" ".join(messages) or _("Conversation logged."))
        self.tabs.setCurrentWidget(self.timeline)
        return result
