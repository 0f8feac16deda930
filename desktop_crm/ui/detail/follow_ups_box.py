"""A contact's follow-ups: add one, mark it done, or snooze it; each written on the writer
thread, the list repainted from what the write read back."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QWidget,
)

from desktop_crm.domain.clock import SystemClock
from desktop_crm.i18n import _
from desktop_crm.services.followups import (
    FollowUpView,
    add_follow_up,
    mark_done,
    reopen,
    snooze_follow_up,
)
from desktop_crm.ui.contact_list.display import show_datetime
from desktop_crm.ui.date_fields import TypedDateTimeEdit
from desktop_crm.ui.detail.list_box_layout import arrange_list_box, fill_list
from desktop_crm.ui.detail.section_writes import SectionWrites
from desktop_crm.ui.style import DATE_TIME_FORMAT

SECTION = "follow_ups"


def snooze_choices(now: datetime) -> list[tuple[str, datetime]]:
    tomorrow_nine = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return [
        (_("In one hour"), now + timedelta(hours=1)),
        (_("Tomorrow morning"), tomorrow_nine),
        (_("In a week"), now + timedelta(days=7)),
    ]


def _follow_up_text(f: FollowUpView, now: datetime) -> str:
    if f.is_done:
        return _("Done: {text}").format(text=f.text)
    if f.effective_due_at < now:
        return _("Overdue since {when}: {text}").format(
            when=show_datetime(f.effective_due_at), text=f.text
        )
    return _("{when}: {text}").format(when=show_datetime(f.effective_due_at), text=f.text)


class FollowUpsBox(QWidget):
    def __init__(self, writes: SectionWrites, *, clock=None, parent=None):
        super().__init__(parent)
        self._writes = writes
        self._clock = clock or SystemClock()
        self._contact_id: int | None = None
        self.list = QListWidget()
        self.list.setAccessibleName(_("Follow-ups"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.due_edit = TypedDateTimeEdit()
        self.due_edit.setAccessibleName(_("Follow up on"))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(DATE_TIME_FORMAT)
        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName(_("What to do"))
        self.text_edit.setPlaceholderText(_("What to do, e.g. call about the quote"))
        self.text_edit.returnPressed.connect(self.add)
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add)
        self.done_button = QPushButton(_("Done"))
        self.done_button.clicked.connect(self.done_current)
        self.snooze_button = QPushButton(_("Snooze"))
        self.snooze_button.clicked.connect(self._show_snooze_menu)
        arrange_list_box(
            self,
            self.list,
            (self.done_button, self.snooze_button),
            entry_row=((self.due_edit, 0), (self.text_edit, 1), (self.add_button, 0)),
        )
        writes.busy_changed.connect(self._update_buttons)
        self._update_buttons()

    def show_follow_ups(self, contact_id: int | None, follow_ups: list[FollowUpView]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`."""
        self._contact_id = contact_id
        tomorrow = (self._clock.now() + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        self.due_edit.setDateTime(
            QDateTime(QDate(tomorrow.year, tomorrow.month, tomorrow.day), QTime(9, 0))
        )
        self.list.clear()
        if contact_id is not None:
            now = self._clock.now()
            fill_list(
                self.list,
                ((_follow_up_text(f, now), (f.id, f.is_done)) for f in follow_ups),
                _(
                    "No follow-ups. Add one above: what to do and when. "
                    "It reminds you when it is due, even with the window closed."
                ),
            )
        self._update_buttons()

    def open_count(self) -> int:
        return sum(
            1
            for i in range(self.list.count())
            if not (self.list.item(i).data(Qt.ItemDataRole.UserRole) or (None, True))[1]
        )

    def _current(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self, *_args) -> None:
        # One write of this list at a time: a double click on Add or Done sends it once.
        idle = not self._writes.is_busy(SECTION)
        current = self._current()
        usable = idle and bool(current and not current[1])
        self.done_button.setEnabled(usable)
        self.snooze_button.setEnabled(usable)
        self.add_button.setEnabled(idle and self._contact_id is not None)

    def add(self) -> None:
        self._send(force=False)

    def commit_pending(self) -> str | None:
        """A follow-up typed but not yet added is added when the user moves on (on the writer
        thread, in order with the rest). Never refuses here: a refusal comes back as a message."""
        if self._contact_id is not None and self.text_edit.text().strip():
            self._send(force=True)
        return None

    def _send(self, *, force: bool) -> None:
        if self._contact_id is None or (not force and self._writes.is_busy(SECTION)):
            return
        due = self.due_edit.moment()
        contact_id, text, clock = self._contact_id, self.text_edit.text(), self._clock
        self.text_edit.clear()  # free for the next one; a refused one comes back
        self._writes.run(
            None if force else SECTION,  # typed before moving on: always sent
            contact_id,
            lambda: add_follow_up(contact_id, due, text, clock=clock),
            refused=lambda _m: self._give_back(contact_id, text),
        )

    def _give_back(self, contact_id: int, text: str) -> None:
        if self._contact_id == contact_id and not self.text_edit.text():
            self.text_edit.setText(text)

    def done_current(self) -> None:
        current = self._current()
        if current and not current[1] and self._contact_id is not None:
            clock, follow_up = self._clock, current[0]
            self._writes.run(
                SECTION,
                self._contact_id,
                lambda: mark_done(follow_up, clock=clock),
                undo=(_("Complete a follow-up"), lambda: reopen(follow_up, clock=clock)),
            )

    def snooze_current(self, until: datetime) -> None:
        current = self._current()
        if current and not current[1] and self._contact_id is not None:
            clock = self._clock
            self._writes.run(
                SECTION,
                self._contact_id,
                lambda: snooze_follow_up(current[0], until, clock=clock),
            )

    def _show_snooze_menu(self) -> None:
        menu = QMenu(self)
        for text, until in snooze_choices(self._clock.now()):
            menu.addAction(text).triggered.connect(lambda _c=False, u=until: self.snooze_current(u))
        menu.exec(self.snooze_button.mapToGlobal(self.snooze_button.rect().bottomLeft()))
