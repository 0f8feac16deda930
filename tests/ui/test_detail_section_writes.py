"""The detail pane's section buttons write on the writer thread, never the GUI thread: each
write is one transaction whose Changes are published, the pane repaints the sections it
touched from the write's own result, a double click sends once, a later edit is kept, and a
result that arrives after the pane is gone is dropped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
import shiboken6

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.conversations import Kind
from desktop_crm.services.deals import deals_of
from desktop_crm.services.followups import add_follow_up, follow_ups_for
from desktop_crm.services.questions import questions_of, raise_question
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.detail.pane import DetailPane


@pytest.fixture
def anna(db, clock) -> int:
    contact = create_contact(ContactDraft(full_name="Anna Jansen"), clock=clock).id
    raise_question(contact, "Is there a trial period?", clock=clock)
    add_follow_up(contact, clock.now() + timedelta(days=2), "Send the quote", clock=clock)
    return contact


@pytest.fixture
def pane(qtbot, anna, clock, bus, runner, settle):
    widget = DetailPane(bus, runner=runner, clock=clock, ask_reason=lambda _p, _n: "No budget")
    qtbot.addWidget(widget)
    widget.show_contact(anna)
    settle()
    return widget


def _add_question(pane: DetailPane) -> None:
    pane.questions.new_edit.setText("Do you deliver on Sundays?")
    pane.questions.add()


def _answer_question(pane: DetailPane) -> None:
    pane.questions.list.setCurrentRow(0)
    pane.questions.answer_current("Yes, a month.")


def _add_follow_up(pane: DetailPane) -> None:
    pane.follow_ups.text_edit.setText("Call about the offer")
    pane.follow_ups.add()


def _done_follow_up(pane: DetailPane) -> None:
    pane.follow_ups.list.setCurrentRow(0)
    pane.follow_ups.done_current()


def _snooze_follow_up(pane: DetailPane) -> None:
    pane.follow_ups.list.setCurrentRow(0)
    pane.follow_ups.snooze_current(pane._clock.now() + timedelta(days=7))


def _add_deal(pane: DetailPane) -> None:
    pane.deals.add()
    dialog = pane.deals.dialog
    dialog.title_edit.setText("Bread oven")
    dialog.value_edit.setText("2500")
    dialog.submit()


def _tick_criterion(pane: DetailPane) -> None:
    next(iter(pane.qualification.checks.values())).setChecked(True)


def _not_met(pane: DetailPane) -> None:
    next(iter(pane.qualification.not_met_buttons.values())).click()


def _log_presentation(pane: DetailPane) -> None:
    dialog = pane.log_conversation()
    dialog.set_kind(Kind.PRESENTATION)
    dialog.text_edit.setPlainText("Showed the spring offer.")
    dialog.outcome_buttons[Outcome.NOT_READY].click()
    dialog.submit()


def _typed_then_moved_on(pane: DetailPane) -> None:
    pane.questions.new_edit.setText("Does it fit in the van?")
    pane.follow_ups.text_edit.setText("Bring a sample")
    assert pane.commit_pending()


ACTIONS: dict[str, Callable[[DetailPane], None]] = {
    "add a question": _add_question,
    "answer a question": _answer_question,
    "add a follow-up": _add_follow_up,
    "complete a follow-up": _done_follow_up,
    "snooze a follow-up": _snooze_follow_up,
    "add a deal": _add_deal,
    "tick a criterion": _tick_criterion,
    "not met, disqualify": _not_met,
    "log a presentation": _log_presentation,
    "typed, then moved on": _typed_then_moved_on,
}


def _shown(pane: DetailPane) -> dict[str, object]:
    return {
        "questions": [
            pane.questions.list.item(i).text() for i in range(pane.questions.list.count())
        ],
        "follow_ups": [
            pane.follow_ups.list.item(i).text() for i in range(pane.follow_ups.list.count())
        ],
        "deals": [pane.deals.list.item(i).text() for i in range(pane.deals.list.count())],
        "timeline": pane.timeline.count(),
        "stage": pane.badge.text(),
        "ticks": [c.isChecked() for c in pane.qualification.checks.values()],
    }


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_section_action_writes_off_the_gui_thread_and_repaints_from_its_result(
    pane, anna, action, gui_queries, settle, failures, bus, runner
):
    published = []
    bus.changed.connect(published.append)
    reads: list[object] = []
    real_query = runner.query
    runner.query = lambda *a, **k: (reads.append(k.get("key")), real_query(*a, **k))  # type: ignore[method-assign]
    before = _shown(pane)

    ACTIONS[action](pane)
    settle()

    assert gui_queries == []  # before the test itself reads the database below
    assert failures == []
    assert published and all(anna in c.contact_ids for c in published)
    assert reads == []  # repainted from the write's own result, not read again
    after = _shown(pane)
    assert after != before
    # What the pane shows is what is stored: a fresh read paints the same.
    fresh = DetailPane(bus, runner=runner, clock=pane._clock)
    fresh.show_contact(anna)
    settle()
    assert _shown(fresh) == after
    fresh.deleteLater()


def test_each_action_is_stored(pane, anna, settle):
    _add_question(pane)
    _add_follow_up(pane)
    _add_deal(pane)
    _not_met(pane)
    settle()
    assert "Do you deliver on Sundays?" in [q.text for q in questions_of(anna)]
    assert "Call about the offer" in [f.text for f in follow_ups_for(anna)]
    assert [d.title for d in deals_of(anna)] == ["Bread oven"]
    assert get_contact(anna).stage == Stage.DISQUALIFIED


def test_a_double_click_on_add_sends_once_and_a_later_edit_is_kept(pane, anna, gate, settle):
    pane.questions.new_edit.setText("Do you deliver on Sundays?")
    pane.questions.add_button.click()
    assert not pane.questions.add_button.isEnabled()  # in flight
    pane.questions.add_button.click()  # the second click of a double click
    pane.questions.new_edit.setText("And on Mondays?")  # typed while the first is on its way
    pane.questions.add()  # Enter, still in flight: not sent, not lost
    gate.set()
    settle()
    assert [q.text for q in questions_of(anna)].count("Do you deliver on Sundays?") == 1
    assert "And on Mondays?" not in [q.text for q in questions_of(anna)]
    assert pane.questions.new_edit.text() == "And on Mondays?"
    assert pane.questions.add_button.isEnabled()
    pane.questions.add()
    settle()
    assert "And on Mondays?" in [q.text for q in questions_of(anna)]


def test_a_deal_saved_twice_in_a_row_is_one_deal(pane, anna, gate, settle):
    pane.deals.add()
    dialog = pane.deals.dialog
    dialog.title_edit.setText("Bread oven")
    dialog.value_edit.setText("2500")
    dialog.submit()
    dialog.submit()  # Enter again while the first is on its way
    assert not pane.deals.add_button.isEnabled()
    gate.set()
    settle()
    assert [d.title for d in deals_of(anna)] == ["Bread oven"]


def test_typing_in_the_form_while_a_promotion_is_written_is_kept(pane, anna, gate, settle):
    for check in pane.qualification.checks.values():
        check.setChecked(True)  # the last tick promotes: the header comes back with it
    pane.fields.job_title_edit.setText("Owner")
    pane.fields.job_title_edit.textEdited.emit("Owner")
    gate.set()
    settle()
    assert pane.badge.text() == "Prospect"
    assert pane.fields.job_title_edit.text() == "Owner" and pane.fields.is_dirty
    assert pane.fields.save()
    settle()
    stored = get_contact(anna)
    assert (stored.stage, stored.job_title) == (Stage.PROSPECT, "Owner")  # no stale version


def test_a_refused_question_changes_nothing_and_comes_back_to_its_entry(
    pane, anna, settle, failures
):
    too_long = "x" * 10_001
    pane.questions.new_edit.setText(too_long)
    pane.questions.add()
    settle()
    assert failures and "at most" in failures[0]  # said once, in the user's words
    assert pane.questions.new_edit.text() == too_long
    assert [q.text for q in questions_of(anna)] == ["Is there a trial period?"]
    assert pane.questions.add_button.isEnabled()


def test_a_result_arriving_after_the_pane_is_deleted_is_dropped(
    qtbot, anna, clock, bus, runner, gate, settle, failures
):
    pane = DetailPane(bus, runner=runner, clock=clock)  # not qtbot's: deleted here
    pane.show_contact(anna)
    gate.set()
    settle()
    hold = threading.Event()
    runner.mutate(lambda: hold.wait(10))
    _add_question(pane)
    _log_presentation(pane)
    pane.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(pane))
    hold.set()
    settle()
    assert failures == []  # no callback into a deleted widget (it would report a bug)
    assert "Do you deliver on Sundays?" in [q.text for q in questions_of(anna)]


def test_answering_and_completing_are_each_one_undo_step(pane, anna, settle, gui_queries):
    _answer_question(pane)
    settle()
    _done_follow_up(pane)
    settle()
    assert pane.undo_stack.count() == 2
    pane.undo_stack.undo()  # the follow-up is open again
    settle()
    pane.undo_stack.undo()  # the question is open again
    settle()
    assert gui_queries == []
    assert pane.questions.open_count() == 1 and pane.follow_ups.open_count() == 1
    assert [q.is_open for q in questions_of(anna)] == [True]
    assert [f.is_done for f in follow_ups_for(anna)] == [False]
    pane.undo_stack.redo()
    settle()
    assert [q.is_open for q in questions_of(anna)] == [False]
    assert pane.questions.open_count() == 0


def test_a_write_for_another_contact_last_in_line_does_not_hold_back_the_shown_ones(
    pane, anna, clock, gate, settle
):
    """An undo of another contact's step can be the last write in line: the shown
    contact's sections, back from the write before it, are painted all the same."""
    other = create_contact(ContactDraft(full_name="Joost Bakker"), clock=clock).id
    _add_question(pane)
    pane.writes.run(None, other, lambda: raise_question(other, "Elsewhere?", clock=clock))
    gate.set()
    settle()
    assert "Open: Do you deliver on Sundays?" in _shown(pane)["questions"]
