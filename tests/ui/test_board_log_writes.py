"""The Sales board's "Log conversation…" reads what the dialog needs and writes the conversation
off the GUI thread: one transaction whose Changes the runner publishes; a second submit while
the first is on its way sends nothing; a refused write keeps the dialog and what was typed."""

from __future__ import annotations

import threading

import pytest
import shiboken6

from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.boards.sales_board import SalesBoard
from tests.ui.locked_database import locked_by_another_program


@pytest.fixture
def anna(db, clock) -> int:
    return create_contact(ContactDraft(full_name="Anna Jansen", stage="lead"), clock=clock).id


@pytest.fixture
def board(qtbot, anna, clock, runner, bus, settle) -> SalesBoard:
    widget = SalesBoard(clock, runner)
    qtbot.addWidget(widget)
    bus.changed.connect(widget.apply_changes)
    widget.show()
    settle()
    qtbot.waitUntil(lambda: not any(c.is_building for c in widget.columns.values()))
    return widget


def _open_log(qtbot, board: SalesBoard, contact_id: int):
    board.log_conversation(contact_id)
    qtbot.waitUntil(lambda: board.log_dialog is not None and board.log_dialog.isVisible())
    return board.log_dialog


def _closed(dialog) -> bool:
    """Closed, and deleted by the board once closed."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _conversations(contact_id: int) -> int:
    return m.Conversation.select().where(m.Conversation.contact == contact_id).count()


def test_logging_from_a_card_runs_no_sql_on_the_gui_thread(
    qtbot, board, anna, gui_queries, settle, bus, failures
):
    published = []
    bus.changed.connect(published.append)
    dialog = _open_log(qtbot, board, anna)
    dialog.text_edit.setPlainText("Called about the offer")
    dialog.submit()
    settle()

    assert gui_queries == []  # before the test itself reads the database below
    assert failures == []
    assert _closed(dialog)
    assert [c.contact_ids for c in published] == [{anna}] and published[0].conversations
    assert _conversations(anna) == 1
    assert board.columns[Stage.LEAD].card_ids() == [anna]


def test_a_second_submit_while_the_first_is_on_its_way_sends_nothing(
    qtbot, board, anna, runner, settle
):
    dialog = _open_log(qtbot, board, anna)
    release = threading.Event()
    runner.mutate(lambda: release.wait(10))  # the writer is busy with an earlier write
    dialog.text_edit.setPlainText("Called about the offer")
    dialog.submit()
    dialog.submit()  # a second click, or Enter
    dialog.reject()  # Escape: waits for the answer instead of closing or sending again
    assert dialog.isVisible() and not dialog.log_button.isEnabled()
    assert not dialog.text_edit.isEnabled()  # nothing typed now could be lost on closing
    assert dialog.text_edit.toPlainText() == "Called about the offer"
    release.set()
    settle()

    assert _conversations(anna) == 1
    assert _closed(dialog)


def test_a_refused_log_keeps_the_dialog_and_what_was_typed(
    qtbot, board, anna, runner, settle, data_paths, failures
):
    dialog = _open_log(qtbot, board, anna)
    dialog.text_edit.setPlainText("Called about the offer")
    with locked_by_another_program(runner, data_paths.database):
        dialog.submit()
        settle()

    assert dialog.isVisible()
    assert "busy in another program" in dialog.error_label.text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.text_edit.toPlainText() == "Called about the offer"
    assert dialog.log_button.isEnabled() and dialog.text_edit.isEnabled()
    assert _conversations(anna) == 0
    assert failures == []  # said once, on the dialog's own line, not in a message box too

    dialog.submit()  # the lock is gone: the same dialog logs it
    settle()
    assert _conversations(anna) == 1 and _closed(dialog)
