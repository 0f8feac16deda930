"""The tray's actions in the window, by keyboard: Snooze all (View menu and Today) and a
birthday's Snooze and Done on Today write what the tray's do, and the tray's count drops."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.followups import add_follow_up, get_follow_up
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.ui.app import connect_snooze_all
from desktop_crm.ui.notifier import Notifier
from desktop_crm.ui.today.today_view import TodayView


def _contact(clock, name, **fields) -> int:
    return create_contact(ContactDraft(full_name=name, **fields), clock=clock).id


def _delivery(key: str) -> m.AlarmDelivery | None:
    return m.AlarmDelivery.get_or_none(m.AlarmDelivery.alarm_key == key)


def _button(row, text: str) -> QPushButton:
    return next(b for b in row.findChildren(QPushButton) if b.text() == text)


def _choose(button: QPushButton, text: str) -> None:
    next(a for a in button.menu().actions() if a.text() == text).trigger()


def test_view_menus_snooze_all_is_the_trays_and_empties_its_count(qtbot, shown_window, clock):
    win = shown_window
    anna = _contact(clock, "Anna de Vries", birthday=Birthday(3, 12))  # card due this week
    task = add_follow_up(anna, clock.now() - timedelta(hours=2), "Send the offer", clock=clock)
    notifier = Notifier(clock, runner=win.runner)
    connect_snooze_all(win, notifier)
    notifier.check_now()
    qtbot.waitUntil(lambda: win.runner.is_idle() and notifier.due_count == 2)

    menu = win.window_actions.snooze_all
    assert menu is not None and menu.title() == "S&nooze all reminders"
    menu.aboutToShow.emit()  # filled when it first opens
    next(a for a in menu.actions() if a.text() == "For an hour").trigger()
    qtbot.waitUntil(lambda: win.runner.is_idle() and notifier.due_count == 0)

    # What the tray's Snooze all 1 hour writes: the follow-up's snooze, the card's delivery.
    until = to_storage(clock.now() + timedelta(hours=1))
    assert get_follow_up(task.id).snoozed_until == clock.now() + timedelta(hours=1)
    assert _delivery(f"birthday_card:{anna}:2026").snoozed_until == until
    notifier.stop()


def test_todays_snooze_all_asks_the_window_for_each_choice(qtbot, shown_window, clock):
    win = shown_window
    asked = []
    win.snooze_all_requested.connect(asked.append)
    win.show_view("today")
    today = win.view_tabs["today"].ensure_built()
    button = today.snooze_all_button
    assert button.isVisibleTo(today) and button.focusPolicy() & button.focusPolicy().TabFocus
    for text in ("For 15 minutes", "For an hour", "Until tomorrow morning"):
        _choose(button, text)
    assert [str(c) for c in asked] == ["15m", "1h", "tomorrow"]


def test_a_birthdays_snooze_and_done_on_today_are_the_trays(qtbot, db, clock, runner, bus, settle):
    piet = _contact(clock, "Piet Smit", birthday=Birthday(3, 10))  # today
    eva = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))  # card due
    notifier = Notifier(clock)
    notifier.check_now()
    due = {r.key for r in notifier.due}
    assert due == {
        f"birthday:{piet}:2026",
        f"birthday_card:{piet}:2026",
        f"birthday_card:{eva}:2026",
    }
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    bus.changed.connect(view.apply_changes)
    view.show()
    settle()
    rows = {row.contact_id: row for row in view.birthdays.rows}
    assert [b.text() for b in rows[eva].findChildren(QPushButton)] == ["Mark card sent", "Snooze"]

    _choose(_button(rows[eva], "Snooze"), "For an hour")
    settle()
    notifier.check_now()
    assert {r.key for r in notifier.due} == due - {f"birthday_card:{eva}:2026"}
    snoozed = _delivery(f"birthday_card:{eva}:2026")
    assert snoozed.snoozed_until == to_storage(clock.now() + timedelta(hours=1))
    assert _delivery(f"birthday:{eva}:2026") is None  # not due before the day: left alone

    rows = {row.contact_id: row for row in view.birthdays.rows}
    _button(rows[piet], "Done").click()
    settle()
    notifier.check_now()
    assert notifier.due_count == 0
    for key in (f"birthday:{piet}:2026", f"birthday_card:{piet}:2026"):
        assert _delivery(key).acknowledged_at is not None
    rows = {row.contact_id: row for row in view.birthdays.rows}
    assert [b.text() for b in rows[piet].findChildren(QPushButton)] == ["Done", "Snooze"]


def test_a_birthday_with_its_card_sent_before_the_day_has_nothing_to_snooze(
    qtbot, db, clock, runner, bus, settle
):
    eva = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    bus.changed.connect(view.apply_changes)
    settle()
    view.mark_card_sent(view_item(view, eva))
    settle()
    row = next(r for r in view.birthdays.rows if r.contact_id == eva)
    assert row.findChildren(QPushButton) == []


def view_item(view, contact_id):
    from desktop_crm.services.today import birthdays_coming

    return next(i for i in birthdays_coming(view._clock).items if i.contact_id == contact_id)


def test_todays_snooze_all_is_a_tab_stop_just_before_the_rows(
    qtbot, db, clock, runner, bus, settle
):
    task = add_follow_up(_contact(clock, "Jan Bakker"), clock.now(), "Ring back", clock=clock)
    view = TodayView(clock, runner, snooze_all=lambda _choice: None)
    qtbot.addWidget(view)
    view.show()
    settle()
    first_row = view.overdue.rows[0] if view.overdue.rows else view.due_today.rows[0]
    qtbot.waitUntil(first_row.isVisible)  # a widget laid into a shown page shows a turn later
    stops = _tab_stops(view)
    assert first_row.secondary_label.text() == task.text
    # Snooze all is a Tab stop and Tab goes on to the first row (the focus chain, not the
    # focus: which window is active offscreen under load is not the test's business).
    assert view.snooze_all_button in stops
    assert stops[stops.index(view.snooze_all_button) + 1] is first_row


def _tab_stops(view) -> list:
    stops, widget = [], view.nextInFocusChain()
    while widget is not view:
        if widget.isVisibleTo(view) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops
