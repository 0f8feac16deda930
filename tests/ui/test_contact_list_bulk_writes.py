"""The contact list's bulk actions (set stage, add a tag) and File › Remove sample data write
off the GUI thread: one transaction whose Changes the runner publishes; a second click while
the first is on its way sends nothing; a refused write says why and changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import count_contacts, create_contact
from desktop_crm.services.demo import fill_demo, has_sample_data
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.contact_list.panel import ContactListPanel
from desktop_crm.ui.main_window import MainWindow
from tests.table_rows import all_rows
from tests.ui.locked_database import locked_by_another_program


@pytest.fixture
def people(db, clock) -> list[int]:
    return [
        create_contact(ContactDraft(full_name=name, stage="lead"), clock=clock).id
        for name in ("Anna Jansen", "Joost Bakker", "Sanne de Wit")
    ]


@pytest.fixture
def panel(qtbot, people, bus, runner, clock, settle) -> ContactListPanel:
    widget = ContactListPanel(bus, clock=clock, runner=runner)
    qtbot.addWidget(widget)
    widget.show_first_page()
    widget.show()
    settle()
    return widget


def _stages(ids: list[int]) -> list[str]:
    return [c.stage for c in m.Contact.select().where(m.Contact.id.in_(ids)).order_by(m.Contact.id)]


def _tagged(name: str) -> set[int]:
    rows = m.ContactTag.select(m.ContactTag.contact).join(m.Tag).where(m.Tag.name == name)
    return {r.contact_id for r in rows}


def test_set_stage_on_a_selection_runs_no_sql_on_the_gui_thread(
    panel, people, bus, gui_queries, settle, failures
):
    published = []
    bus.changed.connect(published.append)
    two = people[:2]
    assert panel.bulk.set_stage(two, Stage.PROSPECT)
    settle()

    assert gui_queries == []  # the list's refresh reads on the runner too
    assert failures == []
    assert len(published) == 1 and published[0].contact_ids == set(two)
    assert _stages(people) == ["prospect", "prospect", "lead"]
    assert not panel.bulk.writing


def test_adding_a_tag_reads_the_names_and_writes_off_the_gui_thread(
    qtbot, panel, people, bus, gui_queries, settle, failures
):
    published = []
    bus.changed.connect(published.append)
    panel.bulk.ask_tag(people)
    qtbot.waitUntil(lambda: panel.bulk.tag_dialog is not None and panel.bulk.tag_dialog.isVisible())
    dialog = panel.bulk.tag_dialog
    assert dialog.accessibleName()
    dialog.setTextValue("VIP")
    dialog.accept()
    settle()

    assert gui_queries == []
    assert failures == []
    assert [c.contact_ids for c in published] == [set(people)]
    assert _tagged("VIP") == set(people)


def test_a_second_bulk_action_while_the_first_is_on_its_way_sends_nothing(
    panel, people, gate, settle
):
    moves = m.StageChange.select().count()
    assert panel.bulk.set_stage(people, Stage.CUSTOMER)
    assert panel.cursor().shape() == Qt.CursorShape.BusyCursor  # the list says it is busy
    assert not panel.bulk.set_stage(people, Stage.PROSPECT)  # a second click
    assert not panel.bulk.tag(people, "VIP")
    menu = panel.bulk.menu_for(people)
    offered = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert not any(on for text, on in offered.items() if "Archive" not in text)
    gate.set()
    settle()

    assert _stages(people) == ["customer"] * 3
    assert _tagged("VIP") == set()
    assert m.StageChange.select().count() == moves + 3  # one move each, not two
    assert panel.cursor().shape() != Qt.CursorShape.BusyCursor
    assert panel.bulk.tag(people, "VIP")  # the next one goes
    settle()
    assert _tagged("VIP") == set(people)


def test_a_refused_bulk_write_says_why_and_changes_nothing(
    panel, people, runner, settle, data_paths, failures
):
    with locked_by_another_program(runner, data_paths.database):
        panel.bulk.set_stage(people, Stage.CUSTOMER)
        settle()
    assert len(failures) == 1 and "busy in another program" in failures[0]
    assert _stages(people) == ["lead"] * 3
    assert not panel.bulk.writing  # the user may try again
    assert panel.bulk.set_stage(people, Stage.CUSTOMER)
    settle()
    assert _stages(people) == ["customer"] * 3


# --- File › Remove sample data --------------------------------------------------------------


@pytest.fixture
def sample_window(qtbot, db, clock):
    create_contact(ContactDraft(full_name="Real Customer"), clock=clock)
    fill_demo(clock=clock, count=30)
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    win.shell.check_sample_data()
    qtbot.waitUntil(win.runner.is_idle)
    return win


def test_removing_sample_data_runs_no_sql_on_the_gui_thread(
    qtbot, sample_window, clock, gui_queries
):
    win = sample_window
    action = win.window_actions.shell.remove_sample_data
    assert action.isEnabled()
    published = []
    win.bus.changed.connect(published.append)
    assert win.shell.remove_sample_data_now()
    assert not action.isEnabled()  # no second removal while this one is on its way
    assert not win.shell.remove_sample_data_now()
    qtbot.waitUntil(win.runner.is_idle)

    print(gui_queries)
    # The removal and the look at the sample batches ran on workers; what the GUI thread
    # read afterwards is the list's first page, shown at once by design (panel.reload).
    assert [
        q
        for q in gui_queries
        if "import_batch" in q or not q.startswith(("SELECT", "PRAGMA data_version"))
    ] == []
    assert len(published) == 1 and published[0].contacts_added_or_removed
    assert not action.isEnabled()
    assert "removed" in win.statusBar().currentMessage()
    assert count_contacts(clock=clock) == 1 and not has_sample_data()


def test_a_refused_removal_says_why_and_keeps_the_sample_data(
    qtbot, sample_window, clock, data_paths
):
    win = sample_window
    failed = []
    win.runner.set_reporter(lambda message, _parent: failed.append(message))
    before = count_contacts(clock=clock)
    with locked_by_another_program(win.runner, data_paths.database):
        win.shell.remove_sample_data_now()
        qtbot.waitUntil(win.runner.is_idle)
    qtbot.waitUntil(win.runner.is_idle)
    assert len(failed) == 1 and "busy in another program" in failed[0]
    assert count_contacts(clock=clock) == before and has_sample_data()
    assert win.window_actions.shell.remove_sample_data.isEnabled()  # try again later


def test_edit_undo_puts_the_removed_sample_data_back_row_for_row(qtbot, sample_window):
    win = sample_window
    before = all_rows()
    assert win.shell.remove_sample_data_now()
    qtbot.waitUntil(win.runner.is_idle)
    removed = all_rows()
    assert not has_sample_data() and win.undo_stack.undoText() == "Remove sample data"
    assert "Undo" in win.statusBar().currentMessage()

    win.window_actions.undo.trigger()  # Edit › Undo
    qtbot.waitUntil(win.runner.is_idle)
    assert all_rows() == before
    qtbot.waitUntil(win.window_actions.shell.remove_sample_data.isEnabled)  # it can go again
    win.window_actions.redo.trigger()
    qtbot.waitUntil(win.runner.is_idle)
    assert all_rows() == removed
    win.undo_stack.undo()
    qtbot.waitUntil(win.runner.is_idle)
    assert all_rows() == before and win.undo_stack.index() == 0


# --- one undo step ---------------------------------------------------------------------------


@pytest.fixture
def stack(panel) -> QUndoStack:
    undo_stack = QUndoStack()
    panel.undo_step.connect(undo_stack.push)
    return undo_stack


def test_undo_puts_each_contact_back_in_its_own_stage_in_one_step(
    panel, people, stack, settle, gui_queries, failures
):
    assert panel.bulk.set_stage(people[:1], Stage.PROSPECT)
    settle()
    assert panel.bulk.set_stage(people, Stage.CUSTOMER)
    settle()
    assert stack.count() == 2 and _stages(people) == ["customer"] * 3

    gui_queries.clear()  # the test's own reads above
    stack.undo()
    settle()
    assert gui_queries == []
    assert _stages(people) == ["prospect", "lead", "lead"]  # each its own stage, at once
    gui_queries.clear()
    stack.redo()
    settle()
    assert gui_queries == [] and failures == []
    assert _stages(people) == ["customer"] * 3


def test_undo_of_a_tagging_takes_the_tag_off_only_where_it_put_it(
    panel, people, stack, settle, gui_queries
):
    assert panel.bulk.tag(people[:1], "VIP")
    settle()
    assert panel.bulk.tag(people, "VIP")
    settle()
    assert _tagged("VIP") == set(people)

    gui_queries.clear()  # the test's own reads above
    stack.undo()
    settle()
    assert gui_queries == []
    assert _tagged("VIP") == set(people[:1])  # Anna had it before
    stack.redo()
    settle()
    assert _tagged("VIP") == set(people)

    assert panel.bulk.tag(people[1:], "VIP", remove=True)
    settle()
    assert _tagged("VIP") == set(people[:1])
    assert stack.count() == 3
    gui_queries.clear()
    stack.undo()
    settle()
    assert gui_queries == []
    assert _tagged("VIP") == set(people)


def test_a_refused_or_empty_bulk_action_leaves_no_undo_step(
    panel, people, stack, runner, settle, data_paths
):
    with locked_by_another_program(runner, data_paths.database):
        panel.bulk.tag(people, "VIP")
        settle()
    assert panel.bulk.set_stage(people, Stage.LEAD)  # they are leads already
    settle()
    assert stack.count() == 0


def test_the_windows_edit_undo_takes_a_bulk_action_back(qtbot, people, clock):
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.runner.is_idle)
    assert window.contact_list.bulk.set_stage(people, Stage.CUSTOMER)
    qtbot.waitUntil(window.runner.is_idle)
    assert window.undo_stack.count() == 1
    assert "3 contacts" in window.undo_stack.undoText()
    window.undo_stack.undo()
    qtbot.waitUntil(window.runner.is_idle)
    assert _stages(people) == ["lead"] * 3


def test_the_filter_offers_a_new_tag_read_off_the_gui_thread(panel, people, settle, gui_queries):
    boxes = panel.filter_bar.tag_box
    assert boxes.findData("VIP") < 0
    assert panel.bulk.tag(people, "VIP")
    settle()
    assert gui_queries == []
    assert boxes.findData("VIP") > 0
