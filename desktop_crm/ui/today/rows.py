"""The rows of each Today section, built from the Today service's items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import QLabel, QMenu, QPushButton

from desktop_crm.domain.alarms import SnoozeChoice
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.today import BirthdayItem, FollowUpItem, IdleProspect, QuestionItem
from desktop_crm.ui.boards.painted import set_role
from desktop_crm.ui.snooze_choices import add_snooze_choices
from desktop_crm.ui.today.section import ItemRow


def _name(name: str) -> str:
    return name or _("(no name)")


def follow_up_row(
    item: FollowUpItem,
    now: datetime,
    formats: LocaleFormats,
    on_done: Callable[[int], None],
    on_snooze: Callable[[int, SnoozeChoice], None],
) -> ItemRow:
    due_day = item.due_at.date()
    if item.overdue and due_day < now.date():
        meta = formats.relative_day(due_day, now.date())
    else:
        meta = _("at {time}").format(time=formats.clock_time(item.due_at))
    row = ItemRow(item.contact_id, _name(item.contact_name), item.text, meta)
    row.meta_label.setToolTip(formats.date_time(item.due_at))
    if item.overdue:
        set_role(row.meta_label, "rowLate")
    done = QPushButton(_("Done"))
    done.setToolTip(_("Mark this follow-up as done"))
    done.clicked.connect(lambda: on_done(item.id))
    row.add_action(done)
    row.add_action(_snooze_button(lambda choice: on_snooze(item.id, choice)))
    return row


def _snooze_button(on_choice: Callable[[SnoozeChoice], None]) -> QPushButton:
    snooze = QPushButton(_("Snooze"))
    snooze.setToolTip(_("Remind me later"))
    menu = QMenu(snooze)
    add_snooze_choices(menu, on_choice)
    snooze.setMenu(menu)
    return snooze


def birthday_row(
    item: BirthdayItem,
    today: date,
    formats: LocaleFormats,
    on_card_sent: Callable[[BirthdayItem], None],
    on_done: Callable[[BirthdayItem], None],
    on_snooze: Callable[[BirthdayItem, SnoozeChoice], None],
) -> ItemRow:
    """A birthday with the tray's actions on its alarms: the card (before the day) and the
    birthday itself (on the day, when Done settles both)."""
    when = formats.relative_day(item.occurs_on, today)
    if item.age is not None:
        detail = _("Turns {age}, {when}").format(age=item.age, when=when)
    else:
        detail = _("Birthday {when}").format(when=when)
    day = formats.birthday(item.occurs_on.month, item.occurs_on.day)
    row = ItemRow(item.contact_id, _name(item.contact_name), detail, day)
    if item.occurs_on == today:
        set_role(row.meta_label, "rowLate")
    if item.card_sent:
        sent = QLabel(_("✓ Card sent"))
        set_role(sent, "rowDone")
        sent.setToolTip(_("The card for this birthday is marked as sent"))
        row.add_action(sent)
    else:
        send = QPushButton(_("Mark card sent"))
        send.setToolTip(_("Mark the birthday card as sent; the reminder stops"))
        send.clicked.connect(lambda: on_card_sent(item))
        row.add_action(send)
    is_today = item.occurs_on == today
    if is_today:
        done = QPushButton(_("Done"))
        done.setToolTip(_("Done with this birthday: its reminders stop"))
        done.clicked.connect(lambda: on_done(item))
        row.add_action(done)
    if is_today or not item.card_sent:  # else no alarm of it is left to snooze
        row.add_action(_snooze_button(lambda choice: on_snooze(item, choice)))
    return row


def question_row(item: QuestionItem, now: datetime, formats: LocaleFormats) -> ItemRow:
    asked = _("asked {when}").format(when=formats.relative_day(item.raised_at.date(), now.date()))
    row = ItemRow(item.contact_id, _name(item.contact_name), item.text, asked)
    row.meta_label.setToolTip(formats.date_time(item.raised_at))
    return row


def idle_prospect_row(item: IdleProspect, now: datetime, formats: LocaleFormats) -> ItemRow:
    if item.last_contact is None:
        meta = _("never contacted")
    else:
        meta = _("last contact {when}").format(
            when=formats.relative_day(item.last_contact.date(), now.date())
        )
    return ItemRow(item.contact_id, _name(item.contact_name), item.company, meta)
