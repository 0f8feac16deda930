"""The Today view: its sections, quick actions, the empty state and has_due_items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from desktop_crm.domain.alarms import SnoozeChoice
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.followups import add_follow_up, get_follow_up
from desktop_crm.services.questions import raise_question
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.today.section import MORE_BATCH, ItemRow
from desktop_crm.ui.today.today_view import BUILD_BATCH, TodayView


def _contact(clock, name, **fields):
    return create_contact(ContactDraft(full_name=name, **fields), clock=clock).id


@pytest.fixture
def make_view(qtbot, clock, runner, bus, settle):
    """A Today view that hears the bus, as its tab host makes it; read once and shown."""

    def make():
        view = TodayView(clock, runner)
        qtbot.addWidget(view)
        bus.changed.connect(view.apply_changes)
        settle()
        return view

    return make


def test_empty_database_shows_the_friendly_empty_state(qtbot, db, clock, make_view, bus, settle):
    view = make_view()

    assert not view.empty_state.isHidden()
    assert view.empty_state.title_label.text() == "Nothing due today"
    assert view.has_due_items() is False
    assert all(s.isHidden() for s in (view.overdue, view.due_today, view.birthdays))


def test_overdue_and_due_follow_ups_go_to_their_sections(qtbot, db, clock, make_view, bus, settle):
    cid = _contact(clock, "Sanne de Wit")
    now = clock.now()
    add_follow_up(cid, now - timedelta(days=2), "Send the offer", clock=clock)
    add_follow_up(cid, now + timedelta(hours=4), "Call about the demo", clock=clock)
    add_follow_up(cid, now + timedelta(days=3), "Not yet", clock=clock)

    view = make_view()

    assert [r.secondary_label.text() for r in view.overdue.rows] == ["Send the offer"]
    assert [r.secondary_label.text() for r in view.due_today.rows] == ["Call about the demo"]
    assert view.overdue.rows[0].meta_label.text() == "2 days ago"
    assert view.empty_state.isHidden()
    assert view.has_due_items() is True


def test_done_closes_the_follow_up_and_announces_the_change(
    qtbot, db, clock, make_view, bus, settle
):
    cid = _contact(clock, "Sanne de Wit")
    follow_up = add_follow_up(cid, clock.now() - timedelta(days=1), "Send the offer", clock=clock)
    view = make_view()

    with qtbot.waitSignal(bus.changed) as emitted:
        view.mark_done(follow_up.id)
    settle()

    assert get_follow_up(follow_up.id).is_done
    assert emitted.args[0].follow_ups is True
    assert view.overdue.rows == [] and view.overdue.isHidden()
    assert view.has_due_items() is False


def test_snooze_until_tomorrow_takes_it_off_today(qtbot, db, clock, make_view, bus, settle):
    cid = _contact(clock, "Jan Bakker")
    follow_up = add_follow_up(cid, clock.now() - timedelta(hours=1), "Ring back", clock=clock)
    view = make_view()

    view.snooze(follow_up.id, SnoozeChoice.TOMORROW)
    settle()

    snoozed = get_follow_up(follow_up.id).snoozed_until
    assert snoozed.date() == (clock.now() + timedelta(days=1)).date()
    assert view.overdue.rows == []


def test_birthdays_show_the_age_and_card_sent_is_remembered(
    qtbot, db, clock, make_view, bus, settle
):
    eva = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))
    _contact(clock, "Piet Smit", birthday=Birthday(3, 10))
    view = make_view()

    texts = [(r.primary_label.text(), r.secondary_label.text()) for r in view.birthdays.rows]
    assert texts == [("Piet Smit", "Birthday today"), ("Eva Jansen", "Turns 46, in 2 days")]
    assert view.has_due_items() is True

    item = next(i for i in view_items(view) if i.contact_id == eva)
    with qtbot.waitSignal(bus.changed):
        view.mark_card_sent(item)
    settle()

    row = m.AlarmDelivery.get(m.AlarmDelivery.alarm_key == f"birthday_card:{eva}:2026")
    assert row.acknowledged_at is not None
    eva_row = next(r for r in view.birthdays.rows if r.contact_id == eva)
    labels = eva_row.findChildren(type(eva_row.meta_label))
    assert "✓ Card sent" in [label.text() for label in labels]


def view_items(view):
    from desktop_crm.services.today import birthdays_coming

    return birthdays_coming(view._clock).items


def test_open_questions_and_idle_prospects_are_listed(qtbot, db, clock, make_view, bus, settle):
    start = clock.now()
    clock.set(start - timedelta(days=45))
    quiet = _contact(clock, "Quiet Prospect", stage="prospect", company="Northwind")
    clock.set(start)
    asker = _contact(clock, "Curious Lead")
    raise_question(asker, "Is there a trial period?", clock=clock)

    view = make_view()

    assert [r.secondary_label.text() for r in view.questions.rows] == ["Is there a trial period?"]
    assert [(r.contact_id, r.secondary_label.text()) for r in view.idle.rows] == [
        (quiet, "Northwind")
    ]
    assert view.idle.rows[0].meta_label.text() == "never contacted"
    assert view.has_due_items() is False  # nothing here is due, only worth a look


def test_clicking_an_item_opens_its_contact(qtbot, db, clock, make_view, bus, settle):
    cid = _contact(clock, "Click Me")
    raise_question(cid, "When can you deliver?", clock=clock)
    view = make_view()

    with qtbot.waitSignal(view.open_contact_requested) as opened:
        qtbot.mouseClick(view.questions.rows[0], Qt.MouseButton.LeftButton)

    assert opened.args == [cid]


def test_tab_goes_down_each_section_and_enter_opens_a_rows_contact(
    qtbot, db, clock, make_view, bus, settle
):
    busy = _contact(clock, "Busy Person")
    for days in range(22):  # more than a page: the section shows "Show more"
        add_follow_up(busy, clock.now() - timedelta(days=days + 1), f"Task {days}", clock=clock)
    asker = _contact(clock, "Keyboard User")
    raise_question(asker, "Is there a manual?", clock=clock)
    view = make_view()
    view.show()
    qtbot.waitExposed(view)
    overdue, question = view.overdue, view.questions.rows[0]
    first = overdue.rows[0]
    first.setFocus()
    stops = []
    for _ in range(3 * len(overdue.rows) + 2):
        stops.append(view.focusWidget())
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
    # Each row, then its Done and Snooze, top down; then the section's Show more; then on to
    # the next section (rows are made after the buttons: Qt's order put them after all).
    expected = []
    for row in overdue.rows:
        expected += [row, *row.findChildren(QPushButton)]
    assert stops[: len(expected) + 1] == [*expected, overdue.more_button]
    assert question in stops or overdue.more_button is stops[-1]
    assert question.accessibleName() == "Keyboard User"

    with qtbot.waitSignal(view.open_contact_requested) as opened:
        qtbot.keyClick(question, Qt.Key.Key_Return)
    assert opened.args == [asker]


def test_a_long_section_says_how_many_more(qtbot, db, clock, make_view, bus, settle):
    cid = _contact(clock, "Busy Person")
    for days in range(55):
        add_follow_up(cid, clock.now() - timedelta(days=days + 1), f"Task {days}", clock=clock)

    view = make_view()

    assert len(view.overdue.rows) == 20  # a page; "Show more" adds the next
    assert view.overdue.count_label.text() == "55"
    assert view.overdue.more_label.text() == "and 5 more"  # not read: the list has them
    view.overdue.show_more()
    view.overdue.show_more()
    qtbot.waitUntil(lambda: not view.overdue.is_building)  # a few rows per turn
    assert len(view.overdue.rows) == 50 and view.overdue.more_button.isHidden()


def _tasks(section) -> list[str]:
    return [row.secondary_label.text() for row in section.rows]


def test_show_more_adds_its_rows_a_few_per_turn_in_order(qtbot, db, clock, make_view, settle):
    cid = _contact(clock, "Busy Person")
    for days in range(45):
        add_follow_up(cid, clock.now() - timedelta(days=45 - days), f"Task {days}", clock=clock)
    view = make_view()
    section = view.overdue

    section.more_button.click()  # a page of twenty held the GUI thread in one turn
    assert len(section.rows) == 20 + MORE_BATCH and section.is_building
    qtbot.waitUntil(lambda: not section.is_building)
    assert _tasks(section) == [f"Task {n}" for n in range(40)]
    assert not section.more_button.isHidden()  # 5 more to show

    # A refresh while "Show more" is adding rows: the rest still comes, in order, nothing twice.
    section.more_button.click()
    view.apply_changes(Changes(contact_ids={cid}))
    settle()
    qtbot.waitUntil(lambda: not section.is_building)
    assert _tasks(section) == [f"Task {n}" for n in range(45)]
    assert len(section.findChildren(ItemRow)) == 45 and section.more_button.isHidden()


def test_apply_changes_ignores_deal_only_changes(qtbot, db, clock, make_view, bus, settle):
    view = make_view()
    cid = _contact(clock, "Later")
    raise_question(cid, "Price?", clock=clock)

    view.apply_changes(Changes(contact_ids={cid}, deals=True))
    settle()
    assert view.questions.rows == []

    view.apply_changes(Changes(contact_ids={cid}, questions=True))
    settle()
    assert len(view.questions.rows) == 1


def test_a_refresh_keeps_the_rows_that_did_not_change(qtbot, db, clock, make_view, bus, settle):
    cid = _contact(clock, "Sanne de Wit")
    first = add_follow_up(cid, clock.now() - timedelta(days=2), "First", clock=clock)
    add_follow_up(cid, clock.now() - timedelta(days=1), "Second", clock=clock)
    view = make_view()
    kept = view.overdue.rows[1]

    view.mark_done(first.id)
    settle()

    assert view.overdue.rows == [kept]  # the same widget, not a new one


def test_birthdays_are_capped_like_every_section(qtbot, db, clock, make_view):
    for i in range(60):
        _contact(clock, f"Jarig {i:02}", birthday=Birthday(3, 11))

    view = make_view()

    assert len(view.birthdays.rows) == 20
    assert view.birthdays.count_label.text() == "60"
    assert view.birthdays.more_label.text() == "and 10 more"


def _rows_per_section(view) -> list[int]:
    return [len(section.rows) for section in view.sections]


def test_a_read_makes_its_rows_a_few_per_turn_the_first_section_first(
    qtbot, db, clock, runner, bus, settle
):
    cid = _contact(clock, "Busy Person")
    for days in range(25):
        add_follow_up(cid, clock.now() - timedelta(days=days + 1), f"Task {days}", clock=clock)
    for i in range(5):
        _contact(clock, f"Jarig {i}", birthday=Birthday(3, 11))
    first_turn: list[list[int]] = []
    turns: list[list[int]] = []

    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    view.show()
    # The turn that delivers the read ends with the runner idle: what shows after it.
    runner.idle.connect(lambda: first_turn.append(_rows_per_section(view)))
    beat = QTimer(view)  # what every later turn of the event loop left
    beat.timeout.connect(lambda: turns.append(_rows_per_section(view)))
    beat.start(0)
    with qtbot.waitSignal(view.loaded):
        pass
    beat.stop()

    assert first_turn[0] == [BUILD_BATCH, 0, 0, 0, 0]
    assert view.overdue.count_label.text() == "25" and view.birthdays.count_label.text() == "5"
    whole = [20, 0, 5, 0, 0]
    for made in turns:  # a section gets rows only once every section above it is whole
        for later, rows in enumerate(made):
            if rows:
                assert made[:later] == whole[:later], turns
    assert _rows_per_section(view) == [20, 0, 5, 0, 0] and not view.is_building


def test_headings_counts_and_show_more_are_right_while_the_rows_come(qtbot, db, clock, runner, bus):
    cid = _contact(clock, "Busy Person")
    for days in range(25):
        add_follow_up(cid, clock.now() - timedelta(days=days + 1), f"Task {days}", clock=clock)
    for i in range(5):
        _contact(clock, f"Jarig {i}", birthday=Birthday(3, 11))
    seen: list[tuple] = []
    view = TodayView(clock, runner)
    qtbot.addWidget(view)

    def look() -> None:
        birthdays = view.birthdays
        seen.append(
            (
                view.is_building,
                birthdays.rows,
                birthdays.isHidden(),
                birthdays.count_label.text(),
                birthdays.more_button.isHidden(),
                view.overdue.more_button.isHidden(),
                view.empty_state.isHidden(),
            )
        )

    runner.idle.connect(look)
    with qtbot.waitSignal(view.loaded):
        pass

    assert seen[0] == (True, [], False, "5", True, False, True)  # no "Show more" of five


def test_done_and_snooze_on_rows_made_while_the_rest_are_still_coming(
    qtbot, db, clock, runner, bus, settle
):
    cid = _contact(clock, "Busy Person")
    tasks = [
        add_follow_up(cid, clock.now() - timedelta(days=30 - n), f"Task {n}", clock=clock)
        for n in range(25)
    ]
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    bus.changed.connect(view.apply_changes)
    clicked: list[bool] = []

    def button(row, text: str) -> QPushButton:
        return next(b for b in row.findChildren(QPushButton) if b.text() == text)

    def click_done_and_snooze() -> None:
        if not clicked:  # the turn that delivered the read: the first rows are there
            clicked.append(view.is_building)
            done = button(view.overdue.rows[0], "Done")
            done.setFocus()
            done.click()
            snooze = button(view.overdue.rows[1], "Snooze").menu().actions()
            next(a for a in snooze if a.text() == "Until tomorrow morning").trigger()

    runner.idle.connect(click_done_and_snooze)
    settle()

    assert clicked == [True]
    assert get_follow_up(tasks[0].id).done_at is not None
    snoozed = get_follow_up(tasks[1].id).snoozed_until
    assert snoozed.date() == (clock.now() + timedelta(days=1)).date()
    assert view.overdue.count_label.text() == "23"
    assert _tasks(view.overdue) == [f"Task {n}" for n in range(2, 22)]
    shown = [row for row in view.overdue.findChildren(ItemRow) if not row.isHidden()]
    assert len(shown) == 20  # the two rows went (hidden, deleted later), none twice


def test_a_row_snoozes_for_each_of_the_trays_choices(qtbot, db, clock, runner, bus, settle):
    """The tray menu is mouse-only: each snooze it offers is on Today's rows as well."""
    cid = _contact(clock, "Busy Person")
    tasks = [
        add_follow_up(cid, clock.now() - timedelta(hours=n + 1), f"Task {n}", clock=clock)
        for n in range(3)
    ]
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    bus.changed.connect(view.apply_changes)
    view.show()
    settle()
    for task, text in zip(
        tasks, ("For 15 minutes", "For an hour", "Until tomorrow morning"), strict=True
    ):
        rows = {row.secondary_label.text(): row for row in view.overdue.rows}
        snooze = next(b for b in rows[task.text].findChildren(QPushButton) if b.text() == "Snooze")
        next(a for a in snooze.menu().actions() if a.text() == text).trigger()
        settle()
    until = [get_follow_up(task.id).snoozed_until - clock.now() for task in tasks]
    assert until[:2] == [timedelta(minutes=15), timedelta(hours=1)]
    assert until[2] > timedelta(hours=1)


def test_before_the_first_read_neither_empty_panels_nor_the_empty_state_show(
    qtbot, db, clock, runner, settle
):
    cid = _contact(clock, "Sanne de Wit")
    add_follow_up(cid, clock.now() - timedelta(days=2), "Send the offer", clock=clock)
    view = TodayView(clock, runner)
    qtbot.addWidget(view)
    view.show()

    assert view.is_building  # its read is on its way
    assert all(section.isHidden() for section in view.sections)
    assert view.empty_state.isHidden()  # "Nothing due today" would be wrong
    settle()
    assert not view.overdue.isHidden() and view.empty_state.isHidden()
