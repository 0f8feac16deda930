"""The Today tab: what needs doing now, each item one click away from its contact."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.alarms import SnoozeChoice, snooze_until
from desktop_crm.domain.clock import Clock
from desktop_crm.domain.local_time import local_zone_of
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services import followups, today
from desktop_crm.services.changes import Changes
from desktop_crm.services.today import BirthdayItem, FollowUpItem
from desktop_crm.ui.boards.painted import set_background, set_role
from desktop_crm.ui.empty_state import EmptyState
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.snooze_choices import add_snooze_choices
from desktop_crm.ui.today.rows import (
    birthday_row,
    follow_up_row,
    idle_prospect_row,
    question_row,
)
from desktop_crm.ui.today.section import MORE_BATCH, ItemRow, TodaySection

# Rows made per turn of the event loop while Today builds: a read's forty rows in one turn
# held the GUI thread 110-215 ms at 100,000 contacts (start, busy machine); the rows are
# the same as "Show more"'s, so the same batch.
BUILD_BATCH = MORE_BATCH


class TodayView(QWidget):
    open_contact_requested = Signal(int)
    loaded = Signal()  # a read arrived and all its rows are made
    built = Signal()  # is_building has just turned false: what waits for the rows may go on

    def __init__(
        self,
        clock: Clock,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        snooze_all: Callable[[SnoozeChoice], None] | None = None,
    ):
        """`snooze_all` is the tray's Snooze all (the window's, which goes to the notifier)."""
        super().__init__(parent)
        self._clock = clock
        self._runner = runner
        self._has_due = False
        self._reading = False  # a read was asked and has not arrived
        self._building = False  # a read's rows are still being made, a few per turn
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        page = QWidget()
        page.setObjectName("todayPage")  # not user-visible
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(12)
        self.heading = QLabel(_("Today"))
        set_role(self.heading, "todayHeading")
        self.date_label = QLabel()
        set_role(self.date_label, "todayDate")
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        # The tray's "Snooze all 1 hour", with the row's choices, for the keyboard too.
        self.snooze_all_button = QPushButton(_("Snooze all reminders"))
        self.snooze_all_button.setToolTip(_("Snooze every reminder that is due now"))
        snooze_menu = QMenu(self.snooze_all_button)
        add_snooze_choices(snooze_menu, snooze_all or (lambda _choice: None))
        self.snooze_all_button.setMenu(snooze_menu)
        self.snooze_all_button.setVisible(snooze_all is not None)
        heading_row.addWidget(self.snooze_all_button)
        layout.addLayout(heading_row)
        layout.addWidget(self.date_label)

        self.overdue = TodaySection(_("Overdue follow-ups"))
        self.due_today = TodaySection(_("Follow-ups due today"))
        self.birthdays = TodaySection(_("Birthdays this week"))
        self.questions = TodaySection(_("Questions waiting for an answer"))
        self.idle = TodaySection(_("Prospects with no contact for 30 days"))
        grid = QGridLayout()
        grid.setSpacing(14)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        left = QVBoxLayout()
        right = QVBoxLayout()
        for column, sections in (
            (left, (self.overdue, self.due_today, self.questions)),
            (right, (self.birthdays, self.idle)),
        ):
            column.setSpacing(14)
            for section in sections:
                section.open_contact.connect(self.open_contact_requested)
                section.rows_made.connect(self._tell_if_built)
                column.addWidget(section)
            column.addStretch(1)
        # The order rows are made in after a read: what needs doing first, from the top.
        self.sections = (self.overdue, self.due_today, self.birthdays, self.questions, self.idle)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        layout.addLayout(grid)

        self.empty_state = EmptyState(
            _("Nothing due today"),
            _(
                "No follow-ups, birthdays or open questions need you now. "
                "Log a conversation or plan a follow-up and it shows up here when it is due."
            ),
        )
        self.empty_state.hide()  # until a read finds nothing: not above sections still coming
        layout.addWidget(self.empty_state, 1)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        set_background(page, "column")
        outer.addWidget(scroll)
        self.refresh()

    # --- data ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything Today shows off the GUI thread; the last state shows meanwhile."""
        clock = self._clock
        self._reading = True
        self._runner.query(
            lambda: today.today_snapshot(clock),
            self._show,
            key=f"today-{id(self)}",
            parent=self,
            on_failure=self._read_failed,
        )

    def _read_failed(self, _message: str) -> None:
        self._reading = False  # the runner shows the failure; the last state stays
        self._tell_if_built()

    def _show(self, snapshot: today.TodaySnapshot) -> None:
        self._reading = False
        now = self._clock.now()
        formats = LocaleFormats.current()
        self.date_label.setText(formats.calendar_date(now.date(), "full"))
        due = snapshot.follow_ups
        overdue = [f for f in due.items if f.overdue]
        later = [f for f in due.items if not f.overdue]
        overdue_total = len(overdue) + (due.total - len(due.items))  # unshown ones are oldest

        def follow_up(item: FollowUpItem) -> ItemRow:
            return follow_up_row(item, now, formats, self.mark_done, self.snooze)

        # Headings, counts and the empty state now; new rows a batch per turn (_make_next_rows).
        self.overdue.set_items(overdue, overdue_total, follow_up, batch=0)
        self.due_today.set_items(later, len(later), follow_up, batch=0)
        self.birthdays.set_items(
            snapshot.birthdays.items,
            snapshot.birthdays.total,
            lambda b: birthday_row(
                b,
                now.date(),
                formats,
                self.mark_card_sent,
                self.mark_birthday_done,
                self.snooze_birthday,
            ),
            batch=0,
        )
        self.questions.set_items(
            snapshot.questions.items,
            snapshot.questions.total,
            lambda q: question_row(q, now, formats),
            batch=0,
        )
        self.idle.set_items(
            snapshot.idle.items,
            snapshot.idle.total,
            lambda p: idle_prospect_row(p, now, formats),
            batch=0,
        )
        self._has_due = snapshot.has_due
        self.empty_state.setVisible(snapshot.is_empty)
        self._make_next_rows()

    @property
    def is_building(self) -> bool:
        """Today does not yet show all it was asked to: a read is on its way, or its rows
        (or a "Show more"'s) are still being made a few per turn."""
        return self._reading or self._building or any(s.is_building for s in self.sections)

    def _make_next_rows(self) -> None:
        """A batch of rows, the first section that lacks some first; the rest on later turns
        (one continuation, however many reads arrive meanwhile)."""
        section = next((s for s in self.sections if s.rows_missing), None)
        if section is not None:
            section.add_rows(BUILD_BATCH)
        if any(s.rows_missing for s in self.sections):
            if not self._building:
                self._building = True
                QTimer.singleShot(0, self, self._next_turn)
        elif not self._building:
            self.loaded.emit()
            self._tell_if_built()

    def _tell_if_built(self) -> None:
        if not self.is_building:
            self.built.emit()

    def _next_turn(self) -> None:
        self._building = False
        self._make_next_rows()

    def has_due_items(self) -> bool:
        """True when a follow-up is due or a birthday card still has to go out."""
        return self._has_due

    def apply_changes(self, changes: Changes) -> None:
        # A deal's move touches its contact's id but nothing shown here.
        touched_contacts = bool(changes.contact_ids) and not changes.deals
        if (
            changes.everything
            or changes.stages
            or changes.follow_ups
            or changes.questions
            or changes.conversations
            or changes.contacts_added_or_removed
            or touched_contacts
        ):
            self.refresh()

    # --- quick actions: the runner publishes their Changes, and Today hears them on the bus ---

    def mark_done(self, follow_up_id: int) -> None:
        clock = self._clock
        self._runner.mutate(lambda: followups.mark_done(follow_up_id, clock=clock), parent=self)

    def snooze(self, follow_up_id: int, choice: SnoozeChoice) -> None:
        clock = self._clock
        now = clock.now()
        until = snooze_until(choice, now, zone=local_zone_of(now))
        self._runner.mutate(
            lambda: followups.snooze_follow_up(follow_up_id, until, clock=clock), parent=self
        )

    def mark_card_sent(self, item: BirthdayItem) -> None:
        clock = self._clock
        self._runner.mutate(
            lambda: today.mark_card_sent(item.contact_id, item.occurs_on.year, clock=clock),
            parent=self,
        )

    def mark_birthday_done(self, item: BirthdayItem) -> None:
        clock = self._clock
        self._runner.mutate(
            lambda: today.settle_birthday(item.contact_id, item.occurs_on, clock=clock),
            parent=self,
        )

    def snooze_birthday(self, item: BirthdayItem, choice: SnoozeChoice) -> None:
        clock = self._clock
        self._runner.mutate(
            lambda: today.snooze_birthday(item.contact_id, item.occurs_on, choice, clock=clock),
            parent=self,
        )
