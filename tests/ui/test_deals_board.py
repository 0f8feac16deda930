"""The deals board: stage columns with totals, drops (Won and Lost ask why), stale cards, stages."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.deals import add_deal, deals_of, pipeline_stages, pipelines
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.boards import dialogs
from desktop_crm.ui.boards.deals_board import DealsBoard
from desktop_crm.ui.boards.mime import DEAL_IDS, ids_mime


def _stages():
    return {s.name: s for s in pipeline_stages(pipelines()[0][0])}


def _deal(clock, title, value_minor, stage="Qualified", contact=None, **fields):
    contact = (
        contact
        or create_contact(
            ContactDraft(full_name=f"Contact of {title}", stage="prospect"), clock=clock
        ).id
    )
    deal_id = add_deal(
        contact, title, value_minor, stage_id=_stages()[stage].id, clock=clock, **fields
    ).id
    return next(d for d in deals_of(contact) if d.id == deal_id)


@pytest.fixture
def make_board(qtbot, clock, runner, bus, settle):
    """A board that hears the bus, as its tab host makes it; read once and shown."""

    def make(**kwargs):
        board = DealsBoard(clock, runner, **kwargs)
        qtbot.addWidget(board)
        bus.changed.connect(board.apply_changes)
        settle()
        return board

    return make


def _column(board, name):
    return board.columns[_stages()[name].id]


def test_one_column_per_stage_with_the_default_names(
    qtbot, db, clock, make_board, bus, settle, failures
):
    board = make_board()

    titles = [column.title_text() for column in board.columns.values()]
    assert titles == ["Qualified", "Presentation", "Proposal", "Negotiation", "Won", "Lost"]
    assert board.pipeline_box.isHidden()  # one pipeline: no selector


def test_the_empty_columns_come_before_the_cards_which_only_fill_them(
    qtbot, db, clock, runner, settle
):
    """The first read is the stages alone: the columns are built and laid out in a turn of
    their own, and the cards' read only adds cards to them (they were both in one turn, the
    board's longest). The cards' read is held back here until the columns are seen."""
    _deal(clock, "Website", 1_000_000, "Proposal")
    gate = threading.Event()
    board = DealsBoard(clock, runner)
    qtbot.addWidget(board)
    board.show()
    runner.in_order(lambda: gate.wait(10))  # holds the reads asked after it: the cards'
    try:
        qtbot.waitUntil(lambda: len(board.columns) == 6)
        built = dict(board.columns)
        assert all(not column.cards for column in built.values())
        # Neither "No deals" nor an empty count pill while the cards are on their way.
        assert not any(
            c.empty_label.isVisible() or c.count_label.isVisible() for c in built.values()
        )
    finally:
        gate.set()
    settle()
    assert board.columns == built  # the same columns, now with their cards
    proposal = _column(board, "Proposal")
    assert [card.texts()[0] for card in proposal.cards] == ["Website"]
    assert proposal.count_label.isVisible() and _column(board, "Won").empty_label.isVisible()


def test_column_shows_count_total_and_weighted_total_in_money(
    qtbot, db, clock, make_board, bus, settle, failures
):
    _deal(clock, "Website", 1_000_000, "Proposal")  # €10,000 at 50%
    _deal(clock, "Training", 250_050, "Proposal")  # €2,500.50 at 50%

    board = make_board()

    column = _column(board, "Proposal")
    assert column.count_label.text() == "2"
    summary = column.summary_label.text()
    assert "12,500.50" in summary and "€" in summary
    assert "6,250.25" in summary
    assert len(column.cards) == 2


def test_card_shows_title_contact_value_and_close_date(
    qtbot, db, clock, make_board, bus, settle, failures
):
    _deal(clock, "Onderhoudscontract", 1_990_000, expected_close=date(2026, 4, 14))

    board = make_board()

    card = _column(board, "Qualified").cards[0]
    texts = card.texts()
    assert "Onderhoudscontract" in texts
    assert "Contact of Onderhoudscontract" in texts
    assert any("19,900.00" in t for t in texts)
    assert any("14" in t and "Apr" in t for t in texts)


def test_real_drop_on_an_open_stage_moves_the_deal(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    deal = _deal(clock, "Website", 500_000)
    monkeypatch.setattr(dialogs, "ask_reason", lambda *a: (_ for _ in ()).throw(AssertionError))
    board = make_board()
    mime = ids_mime(DEAL_IDS, [deal.id])  # the event does not own it: keep it alive
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    with qtbot.waitSignal(bus.changed):
        _column(board, "Negotiation").dropEvent(event)
    settle()

    row = m.Deal.get_by_id(deal.id)
    assert row.stage_id == _stages()["Negotiation"].id
    assert row.probability == 70
    assert _column(board, "Negotiation").card_ids() == [deal.id]


def test_dropping_on_won_asks_the_reason_and_makes_a_customer(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    deal = _deal(clock, "Website", 500_000)
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_reason", lambda *args: asked.append(args) or "Best offer on the table"
    )
    board = make_board()

    _column(board, "Won").drop_mime(ids_mime(DEAL_IDS, [deal.id]))
    settle()

    assert len(asked) == 1
    assert _column(board, "Won").card_ids() == [deal.id]
    row = m.Deal.get_by_id(deal.id)
    assert (row.status, row.close_reason) == ("won", "Best offer on the table")
    assert get_contact(deal.contact_id).stage == "customer"
    change = (
        m.StageChange.select()
        .where(m.StageChange.contact == deal.contact_id)
        .order_by(m.StageChange.id.desc())
        .first()
    )
    assert (change.from_stage, change.to_stage) == ("prospect", "customer")
    assert change.cause == "won_deal"


def test_cancelling_the_reason_for_lost_keeps_the_deal_open(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    deal = _deal(clock, "Website", 500_000)
    monkeypatch.setattr(dialogs, "ask_reason", lambda *args: None)
    board = make_board()

    _column(board, "Lost").drop_mime(ids_mime(DEAL_IDS, [deal.id]))
    settle()

    row = m.Deal.get_by_id(deal.id)
    assert row.status == "open"
    assert row.stage_id == _stages()["Qualified"].id


def test_a_deal_idle_for_more_than_14_days_is_marked_stale(
    qtbot, db, clock, make_board, bus, settle, failures
):
    start = clock.now()
    clock.set(start - timedelta(days=20))
    quiet = _deal(clock, "Gone quiet", 100_000)
    clock.set(start - timedelta(days=10))
    fresh = _deal(clock, "Still warm", 100_000)
    clock.set(start)

    board = make_board()

    cards = {card.item_id: card for card in _column(board, "Qualified").cards}
    assert cards[quiet.id].property("stale") is True
    assert cards[fresh.id].property("stale") is False
    badges = [line.text for line in cards[quiet.id].lines if line.badge]
    assert badges == ["Idle for 20 days"]


def test_stale_days_can_be_changed(qtbot, db, clock, make_board, bus, settle, failures):
    start = clock.now()
    clock.set(start - timedelta(days=10))
    deal = _deal(clock, "Ten days", 100_000)
    clock.set(start)

    board = make_board(stale_days=7)

    assert _column(board, "Qualified").cards[0].property("stale") is True
    assert deal.id == _column(board, "Qualified").cards[0].item_id


def test_won_deals_are_never_stale(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    start = clock.now()
    clock.set(start - timedelta(days=40))
    deal = _deal(clock, "Closed long ago", 100_000, "Won")
    clock.set(start)

    board = make_board()

    assert _column(board, "Won").cards[0].property("stale") is False
    assert deal.id in _column(board, "Won").card_ids()


def test_double_click_renames_a_stage(qtbot, db, clock, make_board, bus, settle, failures):
    board = make_board()
    title = _column(board, "Proposal").title

    qtbot.mouseDClick(title.label, Qt.MouseButton.LeftButton)
    assert title.is_editing()
    title.editor.setText("Offer sent")
    with qtbot.waitSignal(bus.changed):
        qtbot.keyClick(title.editor, Qt.Key.Key_Return)
    settle()

    assert [s.name for s in pipeline_stages(pipelines()[0][0])][2] == "Offer sent"
    assert any(c.title_text() == "Offer sent" for c in board.columns.values())


def test_escape_cancels_a_rename(qtbot, db, clock, make_board, bus, settle, failures):
    board = make_board()
    title = _column(board, "Proposal").title

    title.start_editing()
    title.editor.setText("Oops")
    qtbot.keyClick(title.editor, Qt.Key.Key_Escape)

    assert not title.is_editing()
    assert "Proposal" in [s.name for s in pipeline_stages(pipelines()[0][0])]


def test_add_stage_puts_it_before_won_and_lost(
    qtbot, db, clock, make_board, bus, settle, failures, monkeypatch
):
    monkeypatch.setattr(dialogs, "ask_name", lambda *args: "Contract review")
    board = make_board()

    qtbot.mouseClick(board.add_stage_button, Qt.MouseButton.LeftButton)
    settle()

    titles = [column.title_text() for column in board.columns.values()]
    assert titles[-3:] == ["Contract review", "Won", "Lost"]


def test_several_pipelines_get_a_selector(qtbot, db, clock, make_board, bus, settle, failures):
    second = m.Pipeline.create(name="Service", position=1)
    m.PipelineStage.create(pipeline=second, name="Intake", position=0, probability=20)
    board = make_board()

    assert not board.pipeline_box.isHidden()
    board.pipeline_box.setCurrentIndex(1)
    settle()

    assert [c.title_text() for c in board.columns.values()] == ["Intake"]


def test_clicking_a_deal_opens_its_contact(qtbot, db, clock, make_board, bus, settle, failures):
    deal = _deal(clock, "Website", 100_000)
    board = make_board()

    with qtbot.waitSignal(board.open_contact_requested) as opened:
        qtbot.mouseClick(_column(board, "Qualified").cards[0], Qt.MouseButton.LeftButton)

    assert opened.args == [deal.contact_id]


def test_a_long_column_reads_only_the_cards_it_shows(
    qtbot, db, clock, make_board, settle, failures
):
    contact = create_contact(ContactDraft(full_name="Many Deals"), clock=clock).id
    for i in range(7):
        _deal(clock, f"Deal {i}", 100_00, contact=contact)

    board = make_board(per_column=3)

    column = _column(board, "Qualified")
    assert len(column.cards) == 3 and len(board._deals) == 3
    assert column.count_label.text() == "7"
    assert column.more_label.text() == "and 4 more"
    assert "700.00" in column.summary_label.text()  # the total counts all seven


def test_a_full_column_is_built_a_batch_at_a_time_and_ends_complete(
    qtbot, db, clock, make_board, settle, failures
):
    from desktop_crm.ui.boards.column import CARD_BATCH

    contact = create_contact(ContactDraft(full_name="Many Deals"), clock=clock).id
    made = [_deal(clock, f"Deal {i:02}", 100_00, contact=contact).id for i in range(CARD_BATCH * 3)]
    board = make_board(per_column=len(made))
    column = _column(board, "Qualified")

    qtbot.waitUntil(lambda: len(column.cards) == len(made))

    assert column.card_ids() == made  # in board order, none twice
    assert len(column.findChildren(type(column.cards[0]))) == len(made)


def test_the_idle_days_from_settings_decide_which_deals_look_stale(
    qtbot, db, clock, make_board, settle
):
    from desktop_crm.services.pipeline_stages import save_idle_days

    start = clock.now()
    clock.set(start - timedelta(days=5))
    _deal(clock, "Five days", 100_000)
    clock.set(start)
    board = make_board()
    assert _column(board, "Qualified").cards[0].property("stale") is False  # default 14
    save_idle_days(3)
    board.refresh()
    settle()
    assert _column(board, "Qualified").cards[0].property("stale") is True
