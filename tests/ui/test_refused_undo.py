"""A refused Undo or Redo (another program holds the database's write lock) leaves the undo
stack's index and the data as they were, says which step was not undone, and the step can be
taken once the lock is gone; a second Ctrl+Z while an undo is on its way waits for it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from desktop_crm.domain.stages import Stage
from desktop_crm.services.bulk_edits import move_contacts, tag_selected
from desktop_crm.services.contacts import create_contact, get_contact, set_stage, update_contact
from desktop_crm.services.conversations import Kind
from desktop_crm.services.demo import fill_demo
from desktop_crm.services.followups import add_follow_up, follow_ups_for
from desktop_crm.services.merge import merge_contacts
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.services.sample_removal import take_out_sample_data
from desktop_crm.store import models as m
from desktop_crm.ui.boards.contact_moves import move_contacts_command
from desktop_crm.ui.boards.sales_moves import MovePlan
from desktop_crm.ui.contact_list.bulk_undo import stage_command, tag_command
from desktop_crm.ui.detail.edit_command import ContactEditCommand, NewContactCommand
from desktop_crm.ui.detail.pane import DetailPane
from desktop_crm.ui.duplicates.undo import MergeCommand
from desktop_crm.ui.sample_undo import RemoveSampleDataCommand
from desktop_crm.ui.undo import ArchiveContactsCommand, UndoStack
from tests.ui.locked_database import locked_by_another_program


def _add(clock, name: str, email: str = "") -> int:
    emails = [EmailEntry(email, is_primary=True)] if email else []
    return create_contact(ContactDraft(full_name=name, emails=emails), clock=clock).id


@dataclass
class Case:
    """A step pushed onto `stack`, and what the data looks like while it stands done."""

    stack: UndoStack
    done: Callable[[], object]  # the data's state with the step done
    undone: Callable[[], object]  # ... and with it undone


def _archived(cid: int) -> Callable[[], bool]:
    return lambda: m.Contact.get_by_id(cid).archived


def _archive(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    stack.push(ArchiveContactsCommand([cid], runner, clock=clock))
    settle()
    return _case(stack, _archived(cid))


def _case(stack: UndoStack, state: Callable[[], object]) -> Case:
    done = state()  # the state now, with the step just done
    return Case(stack, lambda: state() == done, lambda: state() != done)


def _new_contact(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    stack.push(NewContactCommand(get_contact(cid), runner, clock=clock))
    return _case(stack, lambda: not _archived(cid)())


def _edit(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    before = get_contact(cid)
    update_contact(cid, ContactDraft(full_name="Anna de Vries"), clock=clock)
    stack.push(ContactEditCommand(before, get_contact(cid), runner, clock=clock))
    return _case(stack, lambda: m.Contact.get_by_id(cid).display_name == "Anna de Vries")


def _merge(clock, runner, bus, settle, qtbot) -> Case:
    kept = _add(clock, "Jan de Vries", "jan@example.com")
    other = _add(clock, "J. de Vries", "JAN@example.com")
    stack = UndoStack()
    done = merge_contacts(kept, [other], clock=clock)
    stack.push(MergeCommand(done, {}, bus, clock=clock, runner=runner))
    return _case(stack, lambda: m.Contact.get_by_id(other).merged_into_id == kept)


def _move(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    plan = MovePlan(Stage.NOT_NOW, by_hand=[cid])
    stack.push(move_contacts_command(plan, {cid: Stage.LEAD}, runner, clock, lambda _r: None))
    settle()
    return _case(stack, lambda: m.Contact.get_by_id(cid).stage == Stage.NOT_NOW.value)


def _log(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    pane = DetailPane(bus, runner=runner, clock=clock, undo_stack=stack)
    qtbot.addWidget(pane)
    pane.show_contact(cid)
    settle()
    dialog = pane.log_conversation()
    dialog.set_kind(Kind.CALL)
    dialog.text_edit.setPlainText("Called about the offer")
    dialog.submit()
    settle()
    assert stack.count() == 1
    return _case(stack, lambda: m.Conversation.select().count() == 1)


def _follow_up_done(clock, runner, bus, settle, qtbot) -> Case:
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    add_follow_up(cid, clock.now() + timedelta(days=2), "Send the quote", clock=clock)
    pane = DetailPane(bus, runner=runner, clock=clock, undo_stack=stack)
    qtbot.addWidget(pane)
    pane.show_contact(cid)
    settle()
    pane.follow_ups.list.setCurrentRow(0)
    pane.follow_ups.done_current()
    settle()
    return _case(stack, lambda: [f.is_done for f in follow_ups_for(cid)])


def _bulk_stage(clock, runner, bus, settle, qtbot) -> Case:
    ids, stack = [_add(clock, "Anna Jansen"), _add(clock, "Bram Bakker")], UndoStack()
    set_stage(ids[:1], Stage.PROSPECT, clock=clock)
    stack.push(stage_command(move_contacts(ids, Stage.CUSTOMER, clock=clock), runner, clock=clock))
    return _case(stack, lambda: [m.Contact.get_by_id(cid).stage for cid in ids])


def _tagged(name: str) -> Callable[[], list[int]]:
    return lambda: sorted(
        r.contact_id
        for r in m.ContactTag.select(m.ContactTag.contact).join(m.Tag).where(m.Tag.name == name)
    )


def _bulk_tag(clock, runner, bus, settle, qtbot) -> Case:
    ids, stack = [_add(clock, "Anna Jansen"), _add(clock, "Bram Bakker")], UndoStack()
    tag_selected(ids[:1], "VIP")
    stack.push(tag_command(tag_selected(ids, "VIP"), runner))
    return _case(stack, _tagged("VIP"))


def _bulk_untag(clock, runner, bus, settle, qtbot) -> Case:
    ids, stack = [_add(clock, "Anna Jansen"), _add(clock, "Bram Bakker")], UndoStack()
    tag_selected(ids[:1], "VIP")
    stack.push(tag_command(tag_selected(ids, "VIP", remove=True), runner))
    return _case(stack, _tagged("VIP"))


def _remove_sample(clock, runner, bus, settle, qtbot) -> Case:
    _add(clock, "Real Customer")
    fill_demo(clock=clock, count=5)
    stack = UndoStack()
    stack.push(RemoveSampleDataCommand(take_out_sample_data(clock=clock), runner, clock=clock))
    return _case(stack, lambda: m.Contact.select().count())


STEPS = {
    "archive": _archive,
    "new contact": _new_contact,
    "edit": _edit,
    "merge": _merge,
    "board move": _move,
    "log conversation": _log,
    "follow-up done (a section write)": _follow_up_done,
    "bulk set stage": _bulk_stage,
    "bulk add a tag": _bulk_tag,
    "bulk remove a tag": _bulk_untag,
    "remove sample data": _remove_sample,
}


@pytest.fixture(params=list(STEPS))
def case(request, qtbot, db, clock, runner, bus, settle) -> Case:
    made = STEPS[request.param](clock, runner, bus, settle, qtbot)
    assert made.stack.index() == 1 and made.done()
    return made


def test_a_refused_undo_and_redo_leave_the_stack_and_the_data_as_they_were(
    case, runner, settle, data_paths, failures
):
    stack, name = case.stack, case.stack.undoText()
    with locked_by_another_program(runner, data_paths.database):
        stack.undo()
        settle()
    assert stack.index() == 1 and case.done()
    assert stack.undoText() == name  # Edit › Undo still offers the same step
    assert len(failures) == 1 and failures[0].startswith(f"Could not undo “{name}”: ")
    assert "Nothing was changed" in failures[0]

    stack.undo()  # the lock is gone: it can be undone now
    settle()
    assert stack.index() == 0 and case.undone() and len(failures) == 1

    with locked_by_another_program(runner, data_paths.database):
        stack.redo()
        settle()
    assert stack.index() == 0 and case.undone()
    assert stack.redoText() == name
    assert len(failures) == 2 and failures[1].startswith(f"Could not redo “{name}”: ")

    stack.redo()
    settle()
    assert stack.index() == 1 and case.done() and len(failures) == 2


@pytest.fixture
def two_archived(db, clock, runner, settle) -> tuple[UndoStack, list[int]]:
    ids, stack = [_add(clock, "Anna Jansen"), _add(clock, "Bram Bakker")], UndoStack()
    for cid in ids:
        stack.push(ArchiveContactsCommand([cid], runner, clock=clock))
    settle()
    return stack, ids


def _still_archived(ids: list[int]) -> list[bool]:
    return [_archived(cid)() for cid in ids]


def test_a_second_undo_waits_for_the_first_and_is_taken_back_with_it(
    two_archived, runner, settle, data_paths, failures
):
    stack, ids = two_archived
    with locked_by_another_program(runner, data_paths.database):
        stack.undo()
        stack.undo()  # Ctrl+Z again before the first came back
        assert stack.in_flight()
        settle()
    assert stack.index() == 2 and _still_archived(ids) == [True, True]
    assert len(failures) == 1  # one refusal, for the step that was tried


def test_a_second_undo_during_an_undo_runs_after_it(two_archived, runner, settle, failures):
    stack, ids = two_archived
    release, seen = threading.Event(), []
    runner.mutate(lambda: release.wait(30))  # the writer is busy with something else
    stack.undo()
    stack.undo()
    runner.mutate(lambda: seen.append(_still_archived(ids)))
    release.set()
    settle()
    # Both steps done, one after the other, and the second only sent once the first came
    # back: the write asked for after both Ctrl+Z ran before the second undo.
    assert stack.index() == 0 and _still_archived(ids) == [False, False] and failures == []
    assert seen == [[True, False]]


def test_in_the_window_a_refused_ctrl_z_says_so_in_dutch_and_keeps_edit_undo(
    qtbot, db, clock, data_paths
):
    from desktop_crm.i18n import set_language
    from desktop_crm.ui.main_window import MainWindow

    set_language("nl")
    cid = _add(clock, "Anna Jansen")
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    shown: list[str] = []
    window.runner.set_reporter(lambda message, _parent: shown.append(message))
    window.archive([cid])
    qtbot.waitUntil(window.runner.is_idle)
    undo = window.window_actions.undo
    assert undo.isEnabled() and _archived(cid)()
    with locked_by_another_program(window.runner, data_paths.database):
        undo.trigger()  # Edit › Undo (Ctrl+Z)
        qtbot.waitUntil(window.runner.is_idle)
    assert _archived(cid)() and window.undo_stack.index() == 1 and undo.isEnabled()
    assert len(shown) == 1
    assert shown[0].startswith("“1 contact archiveren” kon niet ongedaan worden gemaakt: ")
    undo.trigger()
    qtbot.waitUntil(window.runner.is_idle)
    assert not _archived(cid)() and window.undo_stack.index() == 0


def test_a_refused_archive_is_no_step_done_and_says_only_why(
    db, clock, runner, settle, data_paths, failures
):
    cid, stack = _add(clock, "Anna Jansen"), UndoStack()
    with locked_by_another_program(runner, data_paths.database):
        stack.push(ArchiveContactsCommand([cid], runner, clock=clock))
        settle()
    assert stack.index() == 0 and not stack.canUndo() and not _archived(cid)()
    assert len(failures) == 1 and failures[0].startswith("The database is busy")
    stack.redo()  # Edit › Redo tries it again once the lock is gone
    settle()
    assert stack.index() == 1 and _archived(cid)() and len(failures) == 1
