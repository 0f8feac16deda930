"""While an Undo or Redo is on the writer (seconds for a bulk step at 100,000 contacts) the
window shows a busy cursor and names the step in the status line; a second Ctrl+Z waits its
turn under the same feedback, and the feedback ends when the last step arrived, was refused
or failed."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.undo import RunnerCommand, Work
from tests.ui.locked_database import locked_by_another_program


@pytest.fixture
def people(db, clock) -> list[int]:
    """Three leads."""
    drafts = [ContactDraft(full_name=f"Lead {number}", stage="lead") for number in range(3)]
    return [create_contact(draft, clock=clock).id for draft in drafts]


@pytest.fixture
def window(qtbot, people, clock) -> MainWindow:
    shown = MainWindow(clock=clock)
    qtbot.addWidget(shown)
    qtbot.waitUntil(shown.runner.is_idle)
    return shown


@pytest.fixture
def reported(window) -> list[str]:
    seen: list[str] = []
    window.runner.set_reporter(lambda message, _parent: seen.append(message))
    return seen


def _busy(window: MainWindow) -> bool:
    return window.testAttribute(Qt.WidgetAttribute.WA_SetCursor) and (
        window.cursor().shape() == Qt.CursorShape.BusyCursor
    )


def _watch(window: MainWindow) -> list[tuple[str, bool]]:
    """Each status line the window shows from now on, with whether it showed busy then."""
    seen: list[tuple[str, bool]] = []
    window.statusBar().messageChanged.connect(lambda text: seen.append((text, _busy(window))))
    return seen


def _stages(ids: list[int]) -> list[str]:
    return [c.stage for c in m.Contact.select().where(m.Contact.id.in_(ids)).order_by(m.Contact.id)]


def _bulk_steps(qtbot, window: MainWindow, people: list[int]) -> None:
    """Two bulk stage moves, each one undo step."""
    for ids, stage in ((people, Stage.CUSTOMER), (people[:1], Stage.PROSPECT)):
        assert window.contact_list.bulk.set_stage(ids, stage)
        qtbot.waitUntil(window.runner.is_idle)
    assert window.undo_stack.count() == 2 and not _busy(window)


def test_two_ctrl_z_of_bulk_steps_show_busy_until_both_are_back(qtbot, window, people, reported):
    _bulk_steps(qtbot, window, people)
    seen = _watch(window)
    release = threading.Event()
    window.runner.mutate(lambda: release.wait(10))  # the writer is busy: the undo waits
    undo = window.window_actions.undo
    undo.trigger()  # Ctrl+Z
    assert _busy(window)
    assert window.statusBar().currentMessage() == "Undoing “Set 1 contact to Prospect”…"
    undo.trigger()  # again, while the first is on its way: queued behind it
    assert window.undo_stack.in_flight() and _busy(window)
    release.set()
    qtbot.waitUntil(window.runner.is_idle)

    assert _stages(people) == ["lead"] * 3 and reported == []
    assert seen == [
        ("Undoing “Set 1 contact to Prospect”…", True),
        ("Undoing “Set 3 contacts to Customer”…", True),  # the busy cursor never went away
        ("", False),
    ]
    assert window.undo_stack.index() == 0

    window.window_actions.redo.trigger()
    assert window.statusBar().currentMessage() == "Redoing “Set 3 contacts to Customer”…"
    qtbot.waitUntil(window.runner.is_idle)
    assert not _busy(window) and window.statusBar().currentMessage() == ""
    assert _stages(people) == ["customer"] * 3


def test_a_refused_undo_ends_the_feedback_and_says_why(qtbot, window, people, reported, data_paths):
    _bulk_steps(qtbot, window, people)
    with locked_by_another_program(window.runner, data_paths.database):
        window.window_actions.undo.trigger()
        assert _busy(window)
        qtbot.waitUntil(window.runner.is_idle)
    assert not _busy(window) and window.statusBar().currentMessage() == ""
    assert len(reported) == 1
    assert reported[0].startswith("Could not undo “Set 1 contact to Prospect”: ")
    assert window.undo_stack.index() == 2 and _stages(people) == [
        "prospect",
        "customer",
        "customer",
    ]


class _BrokenUndo(RunnerCommand):
    """A step whose undo hits a bug (not a refusal) on the writer."""

    def work(self, forward: bool) -> Work:
        def fail() -> None:
            raise RuntimeError("a bug in the undo")

        return fail


def test_an_undo_that_fails_ends_the_feedback_and_is_shown(qtbot, window, reported):
    window.undo_stack.push(_BrokenUndo("Broken step", window.runner, done=True))
    window.window_actions.undo.trigger()
    assert _busy(window) and window.statusBar().currentMessage() == "Undoing “Broken step”…"
    qtbot.waitUntil(window.runner.is_idle)
    assert not _busy(window) and window.statusBar().currentMessage() == ""
    assert len(reported) == 1 and window.undo_stack.index() == 1


def test_another_message_written_meanwhile_is_left_standing(qtbot, window, people):
    _bulk_steps(qtbot, window, people)
    window.window_actions.undo.trigger()
    window.statusBar().showMessage("Backing up…")  # another part of the window speaks
    qtbot.waitUntil(window.runner.is_idle)
    assert not _busy(window) and window.statusBar().currentMessage() == "Backing up…"
