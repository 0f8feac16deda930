"""With the window's runner, the merge dialog's merge, merge Undo/Redo, and the Duplicates
view's "Not a duplicate" and "Undo last merge" write on the writer thread: one transaction
whose Changes the runner publishes, no SQL on the GUI thread, a second click sends nothing,
and a refused write (a locked database) keeps the dialog or view as it was and changes nothing.
The merge dialog reads its contacts through the runner too: it opens at once with a
placeholder, a double click while the read is on its way opens it once, and a refused read
(a contact gone) says why and merges nothing."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtGui import QUndoStack

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.merge import merge_contacts
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.store import models as m
from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
from desktop_crm.ui.duplicates.undo import MergeCommand
from desktop_crm.ui.duplicates.view import DuplicatesView
from desktop_crm.ui.main_window import MainWindow
from tests.ui.locked_database import locked_by_another_program

SCAN_TIMEOUT_MS = 60_000  # a worker thread on a busy machine; never a sleep


def _add(clock, name: str, email: str) -> int:
    draft = ContactDraft(full_name=name, emails=[EmailEntry(email, is_primary=True)])
    return create_contact(draft, clock=clock).id


@pytest.fixture
def pair(db, clock) -> tuple[int, int]:
    return _add(clock, "Jan de Vries", "jan@example.com"), _add(
        clock, "J. de Vries", "JAN@example.com"
    )


def _merged_into(cid: int) -> int | None:
    return m.Contact.get_by_id(cid).merged_into_id


def _ignored() -> int:
    return m.DuplicateIgnore.select().count()


@pytest.fixture
def dialog(qtbot, pair, clock, runner, settle) -> MergeDialog:
    widget = MergeDialog(list(pair), clock=clock, runner=runner)
    qtbot.addWidget(widget)
    widget.show()
    settle()  # the two contacts are read on a worker
    assert widget.is_loaded
    return widget


def test_the_merge_and_its_undo_and_redo_run_no_sql_on_the_gui_thread(
    dialog, pair, clock, runner, bus, settle, gui_queries, failures
):
    published = []
    bus.changed.connect(published.append)
    del gui_queries[:]
    dialog.merge()
    settle()
    assert not dialog.isVisible() and dialog.result_value is not None
    command = MergeCommand(dialog.result_value, dialog.choices(), bus, clock=clock, runner=runner)
    stack = QUndoStack()
    stack.push(command)
    stack.undo()
    settle()
    assert gui_queries == []  # before the test reads the database itself
    assert _merged_into(pair[1]) is None
    del gui_queries[:]
    stack.redo()
    settle()
    assert gui_queries == [] and failures == []
    assert _merged_into(pair[1]) == pair[0]
    assert len(published) == 3 and all(pair[0] in c.contact_ids for c in published)


def test_a_second_merge_click_while_the_first_is_on_its_way_sends_nothing(
    dialog, pair, runner, settle
):
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))  # the writer is busy with an earlier write
    dialog.merge()
    dialog.merge()  # a second click, or Enter
    dialog.reject()  # Escape waits for the answer
    assert dialog.isVisible() and not dialog.merge_button.isEnabled()
    assert not dialog.choices_box.isEnabled()
    release.set()
    settle()
    assert m.ContactMerge.select().count() == 1 and not dialog.isVisible()
    assert dialog.error_label.isHidden()  # no second merge was tried (and refused)


def test_a_refused_merge_keeps_the_dialog_and_its_choices(
    dialog, pair, runner, settle, data_paths, failures
):
    dialog.choose("name", pair[1])
    with locked_by_another_program(runner, data_paths.database):
        dialog.merge()
        settle()
    assert dialog.isVisible() and dialog.result_value is None
    assert "busy in another program" in dialog.error_label.text()
    assert dialog.choices()["name"] == pair[1] and dialog.merge_button.isEnabled()
    assert _merged_into(pair[1]) is None and failures == []
    dialog.merge()  # the lock is gone: the same dialog merges
    settle()
    assert _merged_into(pair[1]) == pair[0] and not dialog.isVisible()


@pytest.fixture
def view(qtbot, pair, clock, runner, bus) -> DuplicatesView:
    widget = DuplicatesView(bus, undo_stack=QUndoStack(), clock=clock, runner=runner)
    qtbot.addWidget(widget)
    return widget


def _scan(qtbot, view: DuplicatesView) -> None:
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.start_scan()
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)


def test_not_a_duplicate_runs_no_sql_on_the_gui_thread_and_sends_once(
    qtbot, view, runner, bus, settle, gui_queries, failures
):
    _scan(qtbot, view)
    published = []
    bus.changed.connect(published.append)
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))
    del gui_queries[:]
    view.ignore_selected()
    view.ignore_selected()  # a second click while the first is on its way
    assert not view.ignore_button.isEnabled()
    release.set()
    settle()
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)
    assert gui_queries == [] and failures == []
    assert _ignored() == 1 and view.tree.topLevelItemCount() == 0
    assert any(c.contact_ids for c in published)


def test_a_refused_not_a_duplicate_says_why_and_changes_nothing(
    qtbot, view, runner, settle, data_paths, failures
):
    _scan(qtbot, view)
    with locked_by_another_program(runner, data_paths.database):
        view.ignore_selected()
        settle()
    assert "busy in another program" in view.error_label.text()
    assert view.ignore_button.isEnabled() and _ignored() == 0 and failures == []


def test_undo_last_merge_runs_no_sql_on_the_gui_thread(
    qtbot, view, pair, clock, settle, gui_queries, failures
):
    merge_contacts(pair[0], [pair[1]], clock=clock)
    _scan(qtbot, view)
    assert view.undo_button.isEnabled()
    del gui_queries[:]
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.undo_button.click()
        view.undo_button.click()  # sends nothing: the button is off until the answer
    settle()
    assert gui_queries == [] and failures == []
    assert _merged_into(pair[1]) is None and not view.undo_button.isEnabled()
    assert view.status_label.text() != ""


# --- the merge dialog's read -------------------------------------------------------------


def test_the_dialog_opens_at_once_and_reads_its_contacts_off_the_gui_thread(
    qtbot, pair, clock, runner, gate, settle, gui_queries, failures
):
    dialog = MergeDialog(list(pair), clock=clock, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    # The writer is held, so the read waits: the dialog is up with its placeholder.
    assert not dialog.is_loaded and dialog.placeholder.text()
    assert not dialog.merge_button.isEnabled()
    dialog.merge()  # Enter before the contacts are in sends nothing
    with qtbot.waitSignal(dialog.loaded):
        gate.set()
    settle()
    assert gui_queries == [] and failures == []
    assert [c.id for c in dialog.contacts] == list(pair)
    assert dialog.merge_button.isEnabled() and dialog.choices() == {"name": pair[0]}
    assert m.ContactMerge.select().count() == 0


def test_a_double_click_while_the_read_is_on_its_way_opens_one_dialog(
    qtbot, pair, clock, runner, bus, gate, settle
):
    view = DuplicatesView(bus, undo_stack=QUndoStack(), clock=clock, runner=runner)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.start_scan()
    group = view.tree.topLevelItem(0)
    view.tree.itemActivated.emit(group, 0)  # a double click on the group…
    view.merge_button.click()  # …and a click on Compare and merge before the read is in
    dialogs = [d for d in view.findChildren(MergeDialog) if d.isVisible()]
    assert len(dialogs) == 1 and not dialogs[0].is_loaded
    gate.set()
    settle()
    assert dialogs[0].is_loaded
    dialogs[0].merge()
    settle()
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)
    assert m.Contact.get_by_id(pair[1]).merged_into_id == pair[0]
    assert view._undo_stack.count() == 1  # the merge is one undo step
    view.merges.open(list(pair))  # closed: a new ask opens a new dialog
    assert view.merges.dialog is not None and view.merges.dialog is not dialogs[0]
    settle()


def test_a_contact_gone_before_the_read_says_so_and_merges_nothing(
    qtbot, pair, clock, runner, gate, settle, failures, data_paths
):
    dialog = MergeDialog(list(pair), clock=clock, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    other = sqlite3.connect(data_paths.database)  # another program removes the twin
    other.execute("PRAGMA foreign_keys = ON")
    other.execute("DELETE FROM contact WHERE id = ?", (pair[1],))
    other.commit()
    other.close()
    gate.set()
    settle()
    assert "no contact with number" in dialog.error_label.text()
    assert dialog.error_label.isVisible() and not dialog.is_loaded
    assert not dialog.merge_button.isEnabled() and failures == []  # said once, here
    dialog.reject()  # Cancel closes it; nothing was merged
    assert not dialog.isVisible() and m.ContactMerge.select().count() == 0


def test_the_badge_merge_opens_once_and_reads_off_the_gui_thread(qtbot, pair, clock, gui_queries):
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.runner.is_idle)
    del gui_queries[:]
    window.merge_pair(pair[0], pair[1])
    window.merge_pair(pair[0], pair[1])  # the badge clicked twice
    dialogs = [d for d in window.findChildren(MergeDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].is_loaded)
    qtbot.waitUntil(window.runner.is_idle)
    assert gui_queries == []
    dialogs[0].merge()
    qtbot.waitUntil(window.runner.is_idle)
    assert window.undo_stack.count() == 1
    assert m.Contact.get_by_id(pair[1]).merged_into_id == pair[0]
