"""A board column's "Show more": the next page of that column only, read through the runner."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.stages import Stage
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.deals import add_deal, pipeline_stages, pipelines
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.boards.deals_board import DealsBoard
from desktop_crm.ui.boards.sales_board import SalesBoard


def _contact(clock, name, stage="lead"):
    return create_contact(ContactDraft(full_name=name, stage=stage), clock=clock).id


@pytest.fixture
def sales(qtbot, clock, runner, bus, settle):
    """Seven leads (names sort in creation order), one prospect; three cards a column."""
    leads = [_contact(clock, f"Lead {i}") for i in range(7)]
    prospect = _contact(clock, "Prospect 0", stage="prospect")
    board = SalesBoard(clock, runner, per_column=3)
    qtbot.addWidget(board)
    bus.changed.connect(board.apply_changes)
    settle()
    return board, leads, prospect


def test_show_more_adds_the_next_cards_of_that_column_only_until_all_are_shown(
    qtbot, db, settle, sales, failures
):
    board, leads, prospect = sales
    column = board.columns[Stage.LEAD]
    assert column.card_ids() == leads[:3]
    assert not column.more_button.isHidden() and column.more_label.text() == "and 4 more"
    assert board.columns[Stage.PROSPECT].more_button.isHidden()  # nothing behind its card

    qtbot.mouseClick(column.more_button, Qt.MouseButton.LeftButton)
    settle()
    assert column.card_ids() == leads[:6]
    assert column.more_label.text() == "and 1 more"
    assert board.columns[Stage.PROSPECT].card_ids() == [prospect]

    column.more_button.click()
    settle()
    assert column.card_ids() == leads
    assert column.more_button.isHidden() and column.more_label.isHidden()
    assert column.count_label.text() == "7"
    assert not failures


def test_a_refresh_keeps_the_cards_show_more_brought(qtbot, db, clock, bus, settle, sales):
    board, leads, _prospect = sales
    column = board.columns[Stage.LEAD]
    column.more_button.click()
    settle()

    added = _contact(clock, "Lead 7")  # sorts last: not among the six shown
    bus.changed.emit(Changes(contacts_added_or_removed=True))
    settle()

    assert column.card_ids() == leads[:6]
    assert column.more_label.text() == "and 2 more" and column.count_label.text() == "8"
    assert added not in column.card_ids()


def test_show_more_reads_through_the_runner_not_on_the_gui_thread(qtbot, db, runner, settle, sales):
    board, leads, _prospect = sales
    column = board.columns[Stage.LEAD]
    gate = threading.Event()
    runner.in_order(lambda: gate.wait(10))  # holds the reads asked after it
    try:
        column.more_button.click()
        QApplication.processEvents()  # a read on the GUI thread would have shown cards now
        assert column.card_ids() == leads[:3]
    finally:
        gate.set()
    settle()
    assert column.card_ids() == leads[:6]


def test_tab_goes_from_the_last_card_to_show_more(qtbot, db, settle, sales):
    board, _leads, _prospect = sales
    board.show()
    qtbot.waitExposed(board)
    column = board.columns[Stage.LEAD]
    column.cards[-1].setFocus()
    qtbot.waitUntil(lambda: column.cards[-1].hasFocus())

    qtbot.keyClick(column.cards[-1], Qt.Key.Key_Tab)

    assert column.more_button.hasFocus()
    assert column.more_button.accessibleName() == "Show more of Lead"


def test_deals_show_more_adds_the_next_deals_of_that_stage_in_board_order(
    qtbot, db, clock, runner, bus, settle, failures
):
    stages = {s.name: s.id for s in pipeline_stages(pipelines()[0][0])}
    contact = _contact(clock, "Buyer", stage="prospect")
    deals = [
        add_deal(contact, f"Deal {i}", 1_000, stage_id=stages["Proposal"], clock=clock).id
        for i in range(5)
    ]
    other = add_deal(contact, "Elsewhere", 1_000, stage_id=stages["Qualified"], clock=clock).id
    board = DealsBoard(clock, runner, per_column=2)
    qtbot.addWidget(board)
    bus.changed.connect(board.apply_changes)
    settle()
    column = board.columns[stages["Proposal"]]
    assert column.card_ids() == deals[:2] and column.more_label.text() == "and 3 more"

    column.more_button.click()
    settle()
    assert column.card_ids() == deals[:4] and column.more_label.text() == "and 1 more"
    assert board.columns[stages["Qualified"]].card_ids() == [other]

    bus.changed.emit(Changes(deals=True))  # a refresh keeps the four
    settle()
    assert column.card_ids() == deals[:4]

    column.more_button.click()
    settle()
    assert column.card_ids() == deals and column.more_button.isHidden()
    assert column.summary_label.text()  # the totals stay as they were read
    assert not failures
