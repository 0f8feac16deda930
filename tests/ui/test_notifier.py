"""The notifier and the tray, offscreen with a fake clock: raised once, across restarts,
missed alarms grouped, snooze and done, clock jumps; the tray's count, menu and messages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from desktop_crm.domain.alarms import AlarmKind, SnoozeChoice
from desktop_crm.domain.clock import FixedClock
from desktop_crm.services import followups
from desktop_crm.store import models as m
from desktop_crm.ui.notifier import Notifier
from desktop_crm.ui.tray import TrayIcon, badge_icon, default_icon
from tests.conftest import AMSTERDAM


class FakeMonotonic:
    """A monotonic clock the test moves by hand, next to the FixedClock's wall time."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def make_notifier(qtbot, clock, mono):
    made: list[Notifier] = []

    def make() -> Notifier:
        notifier = Notifier(clock, monotonic=mono)
        made.append(notifier)
        return notifier

    yield make
    for notifier in made:
        notifier.stop()


def advance(clock: FixedClock, mono: FakeMonotonic, delta: timedelta) -> None:
    """Time passing normally: the wall clock and the monotonic clock move together."""
    clock.advance(delta)
    mono.value += delta.total_seconds()


def anna_with_follow_up(clock: FixedClock, due: datetime) -> int:
    anna = m.Contact.create(display_name="Anna de Vries").id
    followups.add_follow_up(anna, due, "Call about the offer", clock=clock)
    return anna


def test_one_alarm_is_raised_once(db, clock, mono, make_notifier, qtbot):
    anna = anna_with_follow_up(clock, at(2026, 3, 10, 10, 30))
    notifier = make_notifier()
    raised: list = []
    notifier.alarm_raised.connect(raised.append)
    assert notifier.start() == []
    # Aimed at 10:30, not at the next periodic check: the interval the timer was started
    # with, which does not shrink while the test runs (its remaining time would).
    assert notifier.milliseconds_to_next_check() is not None
    assert 30 * 60_000 <= notifier._aim.interval() <= 30 * 60_000 + 1000

    advance(clock, mono, timedelta(minutes=30))
    with qtbot.waitSignal(notifier.alarm_raised, timeout=1000):
        notifier._on_aim()
    assert [(r.kind, r.contact_id) for r in raised] == [(AlarmKind.FOLLOW_UP, anna)]
    for _minute in range(5):
        advance(clock, mono, timedelta(minutes=1))
        notifier._on_tick()
    assert len(raised) == 1
    assert [r.kind for r in notifier.due] == [AlarmKind.FOLLOW_UP]  # still due, overdue


def test_restart_does_not_raise_it_again(db, clock, mono, make_notifier):
    anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    first = make_notifier()
    assert len(first.start()) == 1
    first.stop()
    advance(clock, mono, timedelta(minutes=10))
    second = make_notifier()  # a new app on the same database
    signals: list = []
    second.alarms_raised.connect(signals.append)
    assert second.start() == []
    assert signals == []
    assert len(second.due) == 1


def test_alarms_missed_while_closed_come_grouped_at_start(db, clock, make_notifier):
    for n in range(6):
        m.Contact.create(display_name=f"P{n}", birthday_month=3, birthday_day=12 + n % 3)
    anna_with_follow_up(clock, at(2026, 3, 9, 15, 0))
    notifier = make_notifier()
    missed: list = []
    single: list = []
    notifier.missed_alarms.connect(missed.append)
    notifier.alarm_raised.connect(single.append)
    notifier.start()
    assert single == []
    assert len(missed) == 1 and len(missed[0]) == 7


def test_snooze_brings_it_back_once_and_done_ends_it(db, clock, mono, make_notifier):
    anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    m.Contact.create(display_name="Bea", birthday_month=3, birthday_day=15)
    notifier = make_notifier()
    notifier.start()
    assert {r.kind for r in notifier.due} == {AlarmKind.FOLLOW_UP, AlarmKind.BIRTHDAY_CARD}
    card = next(r for r in notifier.due if r.kind == AlarmKind.BIRTHDAY_CARD)
    follow_up = next(r for r in notifier.due if r.kind == AlarmKind.FOLLOW_UP)

    notifier.snooze(card.key, SnoozeChoice.MINUTES_15)
    assert [r.kind for r in notifier.due] == [AlarmKind.FOLLOW_UP]
    remaining = notifier.milliseconds_to_next_check()
    assert remaining is not None and remaining <= 15 * 60_000 + 1000  # aimed at the snooze

    raised: list = []
    notifier.alarm_raised.connect(raised.append)
    advance(clock, mono, timedelta(minutes=15))
    notifier._on_aim()
    assert [r.key for r in raised] == [card.key]
    advance(clock, mono, timedelta(minutes=1))
    notifier._on_tick()
    assert len(raised) == 1

    notifier.acknowledge(follow_up.key)
    notifier.acknowledge(card.key)
    assert notifier.due == []
    advance(clock, mono, timedelta(hours=2))
    notifier._on_tick()
    assert len(raised) == 1


def test_snooze_all_hides_everything_for_an_hour(db, clock, mono, make_notifier):
    anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    m.Contact.create(display_name="Bea", birthday_month=3, birthday_day=15)
    notifier = make_notifier()
    notifier.start()
    assert notifier.snooze_all() == 2
    assert notifier.due == []
    advance(clock, mono, timedelta(minutes=59))
    notifier._on_tick()
    assert notifier.due == []
    advance(clock, mono, timedelta(minutes=1))
    raised: list = []
    notifier.alarm_raised.connect(raised.append)
    notifier._on_tick()
    assert len(raised) == 2


def test_sleep_is_noticed_and_what_fell_due_meanwhile_counts_as_missed(
    db, clock, mono, make_notifier
):
    notifier = make_notifier()
    notifier.start()
    anna_with_follow_up(clock, at(2026, 3, 10, 12, 0))
    m.Contact.create(display_name="Bea", birthday_month=3, birthday_day=18)
    jumps: list = []
    missed: list = []
    notifier.clock_jumped.connect(jumps.append)
    notifier.missed_alarms.connect(missed.append)
    # Suspended for the night: the wall clock moves on, the monotonic clock does not.
    clock.advance(timedelta(hours=23))
    mono.value += 60
    notifier._on_tick()
    assert len(jumps) == 1 and jumps[0] == pytest.approx(23 * 3600 - 60)
    assert len(missed) == 1 and {r.kind for r in missed[0]} == {
        AlarmKind.FOLLOW_UP,
        AlarmKind.BIRTHDAY_CARD,
    }


def test_clock_set_back_is_noticed_and_nothing_is_raised_twice(db, clock, mono, make_notifier):
    anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    notifier = make_notifier()
    assert len(notifier.start()) == 1
    jumps: list = []
    notifier.clock_jumped.connect(jumps.append)
    raised: list = []
    notifier.alarms_raised.connect(raised.append)
    clock.advance(timedelta(hours=-2))
    mono.value += 60
    notifier._on_tick()
    assert len(jumps) == 1 and jumps[0] < 0
    clock.advance(timedelta(hours=3))
    mono.value += 60
    notifier._on_tick()
    assert raised == []


def test_a_failing_database_does_not_break_the_notifier(db, clock, make_notifier, monkeypatch):
    from desktop_crm.errors import DatabaseError
    from desktop_crm.services import reminders

    notifier = make_notifier()

    def busy(*args, **kwargs):
        raise DatabaseError("busy")

    monkeypatch.setattr(reminders, "due_summary", busy)
    assert notifier.start() == []
    assert notifier.is_running


# --- the tray, offscreen (no system tray there) -------------------------------------------


def test_tray_without_a_system_tray_is_graceful(
    db, clock, make_notifier, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        "PySide6.QtWidgets.QSystemTrayIcon.isSystemTrayAvailable", staticmethod(lambda: False)
    )
    anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    notifier = make_notifier()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tray = TrayIcon(notifier, settings=settings)
    assert tray.available is False
    assert tray.show() is False
    assert tray.show_close_to_tray_hint() is False  # no tray to close to: no hint either
    assert not tray.tray.isVisible()
    # The reminders go on without a tray: the alarm is raised and counted as due.
    assert len(notifier.start()) == 1
    assert [r.kind for r in notifier.due] == [AlarmKind.FOLLOW_UP]


def test_tray_count_menu_messages_and_clicks(db, clock, mono, make_notifier, qtbot, tmp_path):
    anna = anna_with_follow_up(clock, at(2026, 3, 10, 9, 0))
    m.Contact.create(display_name="Bea", birthday_month=3, birthday_day=15)
    notifier = make_notifier()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tray = TrayIcon(notifier, settings=settings)
    messages: list = []
    tray.message_shown.connect(lambda title, text: messages.append((title, text)))
    notifier.start()
    assert messages == [
        (
            "2 reminders while you were away",
            "• Send a birthday card to Bea, whose birthday is on March 15\n"
            "• Anna de Vries: Call about the offer",
        )
    ]
    assert "2 reminders due" in tray.tray.toolTip()

    tray._rebuild_menu()  # what aboutToShow does
    titles = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert titles[:2] == [  # oldest first: the card fell due on 8 March
        "Send a birthday card to Bea, whose birthday is on March 15",
        "Anna de Vries: Call about the offer",  # a follow-up's note names the contact
    ]
    assert titles[2:] == ["Snooze all 1 hour", "Open", "Quit"]

    sub = tray.menu.actions()[1].menu()
    sub_titles = [a.text() for a in sub.actions() if not a.isSeparator()]
    assert sub_titles == [
        "Open Anna de Vries",
        "Snooze 15 minutes",
        "Snooze 1 hour",
        "Snooze until tomorrow",
        "Done",
    ]
    with qtbot.waitSignal(tray.open_contact_requested) as opened:
        sub.actions()[0].trigger()
    assert opened.args == [anna]
    sub.actions()[-1].trigger()  # Done
    assert [r.kind for r in notifier.due] == [AlarmKind.BIRTHDAY_CARD]
    assert "1 reminder due" in tray.tray.toolTip()

    # A new live alarm: its own message, and clicking the message opens that contact.
    later = anna_with_follow_up(clock, at(2026, 3, 10, 10, 5))
    advance(clock, mono, timedelta(minutes=5))
    notifier._on_aim()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=1000)
    assert messages[-1] == ("Follow-up: Anna de Vries", "Call about the offer")
    with qtbot.waitSignal(tray.open_contact_requested) as opened:
        tray._on_message_clicked()
    assert opened.args == [later]

    with qtbot.waitSignal(tray.quit_requested):
        next(a for a in tray.menu.actions() if a.text() == "Quit").trigger()

    tray._snooze_all()
    assert notifier.due == []


def test_close_to_tray_hint_is_shown_once(db, clock, make_notifier, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "PySide6.QtWidgets.QSystemTrayIcon.isSystemTrayAvailable", staticmethod(lambda: True)
    )
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tray = TrayIcon(make_notifier(), settings=settings)
    assert tray.show_close_to_tray_hint() is True
    assert tray.show_close_to_tray_hint() is False
    again = TrayIcon(make_notifier(), settings=settings)
    assert again.show_close_to_tray_hint() is False


def _pixels(icon, size: int = 64) -> QImage:
    return icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def test_badge_icon_draws_the_count(qtbot):
    base = default_icon()
    seven, eight = _pixels(badge_icon(base, 7)), _pixels(badge_icon(base, 8))
    # The red disc is painted over the icon …
    assert seven != _pixels(base)
    assert QColor(seven.pixel(26, 42)) == QColor("#d32f2f")  # left of the digit
    # … with the number in it: another count, another picture.
    assert seven != eight
    assert badge_icon(base, 0) is base


def test_a_quiet_minute_costs_no_full_check_but_an_outside_change_does(
    db, data_paths, clock, mono, make_notifier, monkeypatch
):
    from desktop_crm.services import reminders as reminders_service

    anna = anna_with_follow_up(clock, at(2026, 3, 10, 12, 0))
    notifier = make_notifier()
    notifier.start()
    full_checks = []
    real_check = reminders_service.due_summary
    monkeypatch.setattr(
        reminders_service,
        "due_summary",
        lambda *a, **k: full_checks.append(1) or real_check(*a, **k),
    )
    for _minute in range(3):  # nothing due before noon, nothing changed
        advance(clock, mono, timedelta(minutes=1))
        notifier._on_tick()
    assert full_checks == []
    # The command line (or another desktop) adds a follow-up that is already due.
    import sqlite3

    other = sqlite3.connect(str(data_paths.database))
    with other:
        other.execute(
            "INSERT INTO follow_up (contact_id, due_at, text, created_at) VALUES (?, ?, ?, ?)",
            (anna, "2026-03-10 08:00:00", "Send the quote", "2026-03-10 08:00:00"),
        )
    other.close()
    advance(clock, mono, timedelta(minutes=1))
    raised = []
    notifier.alarm_raised.connect(raised.append)
    notifier._on_tick()
    assert full_checks == [1]
    assert [r.note for r in raised] == ["Send the quote"]
    # When the noon follow-up falls due, the tick does the full check again.
    advance(clock, mono, timedelta(hours=2))
    notifier._on_tick()
    assert len(full_checks) == 2 and len(raised) == 2


def test_with_a_runner_the_checks_run_off_the_gui_thread(db, clock, mono, qtbot, runner, settle):
    import threading

    anna = anna_with_follow_up(clock, at(2026, 3, 9, 9, 0))
    notifier = Notifier(clock, runner=runner, monotonic=mono)
    threads: list[int] = []
    original = notifier._read_due

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    notifier._read_due = recording  # type: ignore[method-assign]
    try:
        with qtbot.waitSignal(notifier.missed_alarms) as missed:
            assert notifier.start() == []  # nothing yet: the answer arrives as a signal
        assert [r.contact_id for r in missed.args[0]] == [anna]
        assert threads and threading.get_ident() not in threads

        notifier.acknowledge(notifier.due[0].key)
        settle()
        assert notifier.due == []
    finally:
        notifier.stop()
