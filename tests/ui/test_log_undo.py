"""A logged conversation is one step of Edit › Undo, from the pane and from a Sales card
alike: Undo takes the conversation back with what its outcome changed (stage, won deal),
Redo logs it again, each one transaction on the writer thread with its Changes published."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.domain.stages import Stage
from desktop_crm.services import qualification
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.conversations import Kind
from desktop_crm.services.deals import add_deal
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.boards.sales_board import SalesBoard
from desktop_crm.ui.detail.pane import DetailPane


@pytest.fixture
def anna(db, clock) -> int:
    cid = create_contact(ContactDraft(full_name="Anna Jansen"), clock=clock).id
    for criterion in qualification.checklist(cid):
        qualification.answer_criterion(cid, criterion.id, "met", clock=clock)
    add_deal(cid, "Bread oven", 250_000, clock=clock)
    return cid


def _state(cid: int) -> tuple[str, list[str], int]:
    """Stage, the deals' statuses and the number of conversations."""
    stage = m.Contact.get_by_id(cid).stage
    statuses = [d.status for d in m.Deal.select().where(m.Deal.contact == cid)]
    return stage, statuses, m.Conversation.select().where(m.Conversation.contact == cid).count()


@pytest.fixture
def pane(qtbot, anna, clock, bus, runner, settle) -> DetailPane:
    widget = DetailPane(bus, runner=runner, clock=clock, undo_stack=QUndoStack())
    qtbot.addWidget(widget)
    widget.show_contact(anna)
    settle()
    return widget


def test_undo_and_redo_of_a_yes_from_the_pane_run_no_sql_on_the_gui_thread(
    pane, anna, settle, bus, gui_queries, failures
):
    published = []
    bus.changed.connect(published.append)
    dialog = pane.log_conversation()
    dialog.set_kind(Kind.PRESENTATION)
    dialog.text_edit.setPlainText("Showed the spring offer.")
    dialog.outcome_buttons[Outcome.YES].click()
    dialog.submit()
    settle()
    stack = pane.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Log conversation with Anna Jansen"

    stack.undo()
    settle()
    undone = list(gui_queries)
    stack.redo()
    settle()
    assert undone == [] and gui_queries == []  # before the test reads the database below
    assert failures == []
    assert [bool(c.stages and c.deals and c.conversations) for c in published] == [True] * 3
    assert _state(anna) == (Stage.CUSTOMER.value, ["won"], 1)

    stack.undo()
    settle()
    assert _state(anna) == (Stage.PROSPECT.value, ["open"], 0)


def test_a_refused_log_is_no_undo_step(pane, anna, settle):
    dialog = pane.log_conversation()
    dialog.text_edit.setPlainText("x" * 50_001)
    dialog.submit()
    settle()
    assert dialog.isVisible() and dialog.error_label.text()
    dialog.reject()
    settle()
    assert pane.undo_stack.count() == 0 and _state(anna)[2] == 0


def test_a_log_from_a_sales_card_is_an_undo_step_too(
    qtbot, anna, clock, runner, bus, settle, gui_queries, failures
):
    stack = QUndoStack()
    board = SalesBoard(clock, runner, undo_stack=stack)
    qtbot.addWidget(board)
    bus.changed.connect(board.apply_changes)
    board.show()
    board.log_conversation(anna)
    qtbot.waitUntil(lambda: board.log_dialog is not None and board.log_dialog.isVisible())
    board.log_dialog.text_edit.setPlainText("Called about the offer")
    board.log_dialog.submit()
    settle()
    assert stack.count() == 1
    stack.undo()
    settle()
    assert gui_queries == [] and failures == []
    assert _state(anna) == (Stage.PROSPECT.value, ["open"], 0)
    stack.redo()
    settle()
    assert _state(anna) == (Stage.PROSPECT.value, ["open"], 1)
