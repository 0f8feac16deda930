"""A contact's follow-ups: add one, mark it done, or snooze it."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QWidget,
)

from desktop_crm.domain.clock import SystemClock
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.followups import (
    FollowUpView,
    add_follow_up,
    mark_done,
    snooze_follow_up,
)
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.display import show_datetime
from desktop_crm.ui.date_fields import TypedDateTimeEdit
from desktop_crm.ui.detail.list_box_layout import arrange_list_box, fill_list
from desktop_crm.ui.error_dialog import run_safely
from desktop_crm.ui.style import DATE_TIME_FORMAT


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
    def __init__(self, bus: ChangesBus, *, clock=None, parent=None):
        super().__init__(parent)
        self._bus = bus
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
        self._update_buttons()

    def show_follow_ups(self, contact_id: int | None, follow_ups: list[FollowUpView]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`."""
        self._contact_id = contact_id
        tomorrow = (self._clock.now() + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        self.due_edit.setDateTime(QDateTime(tomorrow.replace(tzinfo=None)))
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
        current = self._current()
        usable = bool(current and not current[1])
        self.done_button.setEnabled(usable)
        self.snooze_button.setEnabled(usable)
        self.add_button.setEnabled(self._contact_id is not None)

    def add(self) -> None:
        if self._contact_id is None:
            return
        due = self.due_edit.moment()
        contact_id, text = self._contact_id, self.text_edit.text()
        view = run_safely(self, lambda: add_follow_up(contact_id, due, text, clock=self._clock))
        if view is not None:
            self.text_edit.clear()
            self._bus.publish(view.changes)

    def commit_pending(self) -> str | None:
        """A follow-up typed but not yet added is added when the user moves on; returns
        the reason when it cannot be (the text stays)."""
        text = self.text_edit.text()
        if self._contact_id is None or not text.strip():
            return None
        due = self.due_edit.moment()
        try:
            view = add_follow_up(self._contact_id, due, text, clock=self._clock)
        except UserError as exc:
            return exc.message
        self.text_edit.clear()
        self._bus.publish(view.changes)
        return None

    def done_current(self) -> None:
        current = self._current()
        if current and not current[1]:
            view = run_safely(self, lambda: mark_done(current[0], clock=self._clock))
            if view is not None:
                self._bus.publish(view.changes)

    def snooze_current(self, until: datetime) -> None:
        current = self._current()
        if current and not current[1]:
            view = run_safely(self, lambda: snooze_follow_up(current[0], until, clock=self._clock))
            if view is not None:
                self._bus.publish(view.changes)

    def _show_snooze_menu(self) -> None:
        menu = QMenu(self)
        for text, until in snooze_choices(self._clock.now()):
            menu.addAction(text).triggered.connect(lambda _c=False, u=until: self.snooze_current(u))
        menu.exec(self.snooze_button.mapToGlobal(self.snooze_button.rect().bottomLeft()))
