"""New contact (Ctrl+N, File › New contact…, the empty list's "Add a contact") reads and writes
off the GUI thread: one transaction whose Changes the runner publishes, one undo step, a second
submit while the first is on its way sends nothing, a refused write keeps the dialog as typed."""

from __future__ import annotations

import threading

import shiboken6

from desktop_crm.services.contacts import ContactQuery, count_contacts, query_contact_ids
from desktop_crm.store import models as m
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from tests.ui.locked_database import locked_by_another_program


def _open(qtbot, window) -> NewContactDialog:
    dialog = window.new_contact()
    qtbot.waitUntil(lambda: dialog.isVisible() and window.runner.is_idle())  # custom fields read
    return dialog


def _closed(dialog) -> bool:
    """Closed, and deleted by the window once closed."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _named(name: str) -> int:
    return m.Contact.select().where(m.Contact.display_name == name).count()


def test_the_dialog_reads_and_writes_no_sql_on_the_gui_thread(
    qtbot, db, clock, runner, bus, settle, gui_queries, failures
):
    """The dialog alone (the window's other views read on their own when they hear it)."""
    published = []
    bus.changed.connect(published.append)
    dialog = NewContactDialog(clock=clock, runner=runner)
    qtbot.addWidget(dialog)
    dialog.open()
    settle()  # the custom fields' rows
    dialog.fields.given_edit.setText("Joost")
    dialog.fields.family_edit.setText("de Vries")
    dialog.fields.save_button.click()
    settle()

    assert gui_queries == []  # before the test itself reads the database below
    assert failures == []
    assert not dialog.isVisible() and dialog.created is not None
    assert len(published) == 1 and published[0].contacts_added_or_removed
    assert published[0].id == dialog.created.id
    assert _named("Joost de Vries") == 1


def test_adding_a_contact_opens_it_and_is_one_undo_step(qtbot, window, clock):
    published = []
    window.bus.changed.connect(published.append)
    dialog = _open(qtbot, window)
    dialog.fields.given_edit.setText("Joost")
    dialog.fields.family_edit.setText("de Vries")
    dialog.fields.save_button.click()
    qtbot.waitUntil(lambda: _closed(dialog) and window.runner.is_idle())
    qtbot.waitUntil(lambda: window.detail.contact_id is not None and not window.detail.is_loading)

    assert len(published) == 1 and published[0].contacts_added_or_removed
    created = published[0].id
    assert window.detail.contact_id == created  # opened in the pane
    assert _named("Joost de Vries") == 1
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Add Joost de Vries"

    window.undo_stack.undo()
    qtbot.waitUntil(window.runner.is_idle)
    assert created not in query_contact_ids(ContactQuery(), clock=clock)  # archived
    assert count_contacts(clock=clock) == 3
    window.undo_stack.redo()
    qtbot.waitUntil(window.runner.is_idle)
    assert created in query_contact_ids(ContactQuery(), clock=clock)
    assert _named("Joost de Vries") == 1  # the same contact back, not a second one


def test_a_second_submit_while_the_first_is_on_its_way_sends_nothing(qtbot, window, clock):
    dialog = _open(qtbot, window)
    release = threading.Event()
    window.runner.mutate(lambda: release.wait(10))  # the writer is busy with an earlier write
    dialog.fields.given_edit.setText("Joost")
    assert dialog.fields.save()
    assert not dialog.fields.save()  # a second click, or Enter: nothing sent
    dialog.reject()  # Escape waits for the answer instead of closing or saving again
    assert dialog.isVisible() and not dialog.fields.isEnabled()
    assert dialog.fields.given_edit.text() == "Joost"
    release.set()
    qtbot.waitUntil(lambda: _closed(dialog) and window.runner.is_idle())

    assert _named("Joost") == 1
    assert window.undo_stack.count() == 1


def test_a_refused_new_contact_keeps_the_dialog_and_what_was_typed(
    qtbot, window, clock, data_paths
):
    failures: list[str] = []
    window.runner.failed.connect(failures.append)
    dialog = _open(qtbot, window)
    dialog.fields.given_edit.setText("Joost")
    dialog.fields.company_edit.setText("Bakkerij de Vries")
    with locked_by_another_program(window.runner, data_paths.database):
        dialog.fields.save_button.click()
        qtbot.waitUntil(lambda: bool(failures))
        qtbot.waitUntil(window.runner.is_idle)

    assert dialog.isVisible() and dialog.fields.isEnabled()
    assert "busy in another program" in dialog.fields.error_text("name")
    assert dialog.fields.given_edit.text() == "Joost"
    assert dialog.fields.company_edit.text() == "Bakkerij de Vries"
    assert count_contacts(clock=clock) == 3 and _named("Joost") == 0
    assert window.undo_stack.count() == 0

    dialog.fields.save_button.click()  # the lock is gone: the same dialog adds it
    qtbot.waitUntil(lambda: _closed(dialog) and window.runner.is_idle())
    assert _named("Joost") == 1 and window.undo_stack.count() == 1
