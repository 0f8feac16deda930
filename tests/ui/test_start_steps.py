"""Paint first: a `paint_first` window shows the list before its later parts are built;
those come in steps, one per event-loop turn, and nothing the user does meanwhile is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_crm.store import models as m
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.start_steps import Responsiveness, StagedStart


@pytest.fixture
def people(db) -> list[int]:
    return [
        m.Contact.create(display_name=name, sort_name=name.lower()).id
        for name in ("Anna de Vries", "Bert Jansen", "Carla Smit")
    ]


@pytest.fixture
def painted(qtbot, people, clock) -> MainWindow:
    """A paint_first window, shown, with its first page in and its later steps not run."""
    window = MainWindow(clock=clock, paint_first=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.runner.is_idle)
    return window


def test_the_first_paint_has_the_list_and_tabs_but_not_the_later_parts(painted):
    assert painted.contact_list.model.rowCount() == 3
    assert painted.tabs.count() == 5
    assert painted._detail is None and painted.server_status is None
    assert not painted.is_built
    for _name, step in painted.later_steps():
        step()
    assert painted.is_built
    assert painted.splitter.widget(1).isAncestorOf(painted.detail)


def test_a_contact_picked_before_the_pane_is_built_is_shown_in_it(qtbot, painted, people):
    painted.contact_list.select_first()
    qtbot.waitUntil(lambda: painted._detail is not None and painted.detail.contact_id == people[0])
    assert painted.splitter.widget(1).isAncestorOf(painted.detail)
    # Its step runs later and finds it built: the same pane, still showing the contact.
    pane = painted.detail
    for _name, step in painted.later_steps():
        step()
    assert painted.detail is pane and pane.contact_id == people[0]


def _enter_on_the_first_row_moves_into_its_fields(qtbot, painted: MainWindow, first: int) -> None:
    view = painted.contact_list.view
    view.setFocus()
    painted.contact_list.select_first()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: painted._detail is not None and painted.detail.contact_id == first)
    focused = QApplication.focusWidget()
    assert focused is not None and painted.detail.isAncestorOf(focused)


def test_enter_pressed_before_the_pane_is_built_moves_into_its_fields(qtbot, painted, people):
    painted.activateWindow()
    _enter_on_the_first_row_moves_into_its_fields(qtbot, painted, people[0])


def test_the_window_menus_and_shortcuts_are_there_at_the_first_paint(painted):
    actions = painted.window_actions
    assert actions.new_contact.shortcut().toString() and actions.find.shortcut().toString()
    assert painted.palette_action.shortcut().toString()
    assert [a.shortcut().toString() for a in actions.show_views] == [
        f"Ctrl+{n}" for n in range(1, 6)
    ]


def test_steps_run_in_order_one_per_turn_of_the_event_loop(qtbot):
    seen: list[str] = []

    def first() -> None:
        seen.append("first")
        QTimer.singleShot(0, lambda: seen.append("an event between"))

    staged = StagedStart([("first", first), ("second", lambda: seen.append("second"))])
    staged.start()
    assert seen == []  # nothing runs before the event loop turns
    with qtbot.waitSignal(staged.finished):
        pass
    assert seen == ["first", "an event between", "second"]
    assert staged.done == ["first", "second"] and staged.is_finished


def test_a_failing_step_does_not_stop_the_ones_after_it(qtbot):
    seen: list[str] = []

    def broken() -> None:
        raise RuntimeError("a bug in one step")

    staged = StagedStart([("broken", broken), ("after", lambda: seen.append("after"))])
    with qtbot.captureExceptions() as errors, qtbot.waitSignal(staged.finished):
        staged.start()
    assert seen == ["after"]
    assert [str(e[1]) for e in errors] == ["a bug in one step"]


def test_a_stopped_start_drops_the_steps_not_run(qtbot):
    seen: list[str] = []
    staged = StagedStart([("one", lambda: seen.append("one")), ("two", lambda: seen.append("two"))])
    staged.step_done.connect(lambda name: staged.stop() if name == "one" else None)
    staged.start()
    qtbot.waitUntil(lambda: staged.done == ["one"])
    QApplication.processEvents()
    assert seen == ["one"] and not staged.is_finished


def test_interactive_waits_for_the_window_to_be_ready(qtbot, runner):
    """A probe that came back before `ready()` is followed by another, until both hold."""
    readiness = iter([False, False, True])
    probe = Responsiveness(
        lambda back: runner.query(lambda: None, back),
        ready=lambda: next(readiness),
        within_ms=60_000,  # this test is about readiness, not about time
    )
    with qtbot.waitSignal(probe.answered):
        probe.start()
    assert probe.probes == 3


def test_a_held_step_makes_the_next_one_wait_until_it_is_released(qtbot):
    seen: list[str] = []
    releases = []
    staged = StagedStart()
    staged.extend(
        [
            ("load", lambda: releases.append(staged.hold())),
            ("build", lambda: seen.append("build")),
        ]
    )
    staged.start()
    qtbot.waitUntil(lambda: staged.done == ["load"])
    for _turn in range(5):
        QApplication.processEvents()
    assert seen == [] and not staged.is_finished  # still waiting for the load
    with qtbot.waitSignal(staged.finished):
        releases[0]()
    assert seen == ["build"]


def test_the_start_leaves_its_objects_out_of_the_collectors_full_passes():
    import gc

    from desktop_crm.ui.start_steps import freeze_start_objects

    gc.unfreeze()
    try:
        freeze_start_objects()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the other tests' objects stay collectable


def _run_app_steps(painted: MainWindow) -> None:
    """The detail pane's step and the rest as the app runs them (`load_ahead`)."""
    for _name, step in painted.later_steps(load_ahead=True):
        step()


def test_with_today_first_the_pane_waits_for_the_contacts_tab(qtbot, painted, people):
    painted.show_view("today")
    _run_app_steps(painted)
    for _turn in range(5):
        QApplication.processEvents()
    assert painted._detail is None and painted.is_built  # the window is whole without it
    painted.show_view("list")  # Contacts shown for the first time: the pane is built now
    assert painted._detail is not None
    assert painted.splitter.widget(1).isAncestorOf(painted.detail)
    painted.contact_list.select_first()
    qtbot.waitUntil(lambda: painted.detail.contact_id == people[0])


def test_a_contact_opened_from_today_before_the_pane_exists_is_shown(qtbot, painted, people):
    painted.show_view("today")
    _run_app_steps(painted)
    painted.open_contact(people[1])  # what a click on a Today row does
    qtbot.waitUntil(lambda: painted._detail is not None and painted.detail.contact_id == people[1])
    assert painted.tabs.currentWidget() is painted.splitter


def test_enter_on_the_list_while_the_pane_waits_for_contacts_is_not_lost(qtbot, painted, people):
    painted.show_view("today")
    _run_app_steps(painted)
    painted.activateWindow()
    painted.window_actions.show_views[0].trigger()  # Ctrl+1: back to Contacts
    _enter_on_the_first_row_moves_into_its_fields(qtbot, painted, people[0])


def test_with_contacts_first_the_pane_is_built_in_its_step(qtbot, painted):
    _run_app_steps(painted)
    qtbot.waitUntil(lambda: painted._detail is not None)  # its modules load on a worker
    assert painted.is_built


def test_with_contacts_first_the_pane_is_built_a_part_a_turn(qtbot, painted):
    painted._build_detail_in_turns()
    pane = painted._pane_parts
    assert pane is not None and not pane.is_whole
    seen: list[str] = []
    build_part = pane.build_part

    def one_part() -> bool:
        # Handed out only once whole; an event posted during a part runs before the next one.
        seen.append("part, pane handed out" if painted._detail is not None else "part")
        QTimer.singleShot(0, lambda: seen.append("an event between"))
        return build_part()

    pane.build_part = one_part  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: painted._detail is pane)
    assert pane.is_whole
    assert seen.count("part") >= 4 and "part, pane handed out" not in seen
    assert all(seen[i + 1] == "an event between" for i in range(0, len(seen) - 1, 2))
    assert painted.splitter.widget(1).isAncestorOf(pane)
    assert pane.tabs.accessibleName() and pane.tabs.count() == 6


def test_a_contact_picked_while_the_pane_is_built_in_parts_is_shown(qtbot, painted, people):
    painted._build_detail_in_turns()
    pane = painted._pane_parts
    assert pane is not None
    pane.build_part()  # one part in: the header
    painted.contact_list.select_first()  # the rest of the pane is built at once
    assert painted._detail is pane and pane.is_whole
    qtbot.waitUntil(lambda: pane.contact_id == people[0])
    for _turn in range(5):  # the parts' turns still queued find the pane whole
        QApplication.processEvents()
    assert painted.detail is pane and painted._pane_parts is None
