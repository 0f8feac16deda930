"""The merge dialog reads its contacts through the runner: it opens at once with a
placeholder and no SQL on the GUI thread, a double click while the read is on its way opens
it once, and a refused read (a contact gone) says why, merges nothing and closes."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import QUndoStack

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.store import models as m
from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
from desktop_crm.ui.duplicates.view import DuplicatesView
from desktop_crm.ui.main_window import MainWindow

SCAN_TIMEOUT_MS = 60_000  # a worker thread on a busy machine; never a sleep


def _add(clock, name: str, email: str) -> int:
    draft = ContactDraft(full_name=name, emails=[EmailEntry(email, is_primary=True)])
    return create_contact(draft, clock=clock).id


@pytest.fixture
def pair(db, clock) -> tuple[int, int]:
    return _add(clock, "Jan de Vries", "jan@example.com"), _add(
        clock, "J. de Vries", "JAN@example.com"
    )


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
