"""The detail pane reads and saves through the operation runner, never on the GUI thread:
the previous contact stays (greyed) until the next one is in, a newer selection wins, and
saves asked in a row are written in order, none lost."""

from __future__ import annotations

import pytest

from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.questions import raise_question
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.detail.pane import DetailPane


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    return {
        name: create_contact(ContactDraft(full_name=name), clock=clock).id
        for name in ("Anna Jansen", "Joost Bakker", "Sanne de Wit")
    }


@pytest.fixture
def pane(qtbot, people, clock, bus, runner, settle):
    widget = DetailPane(bus, runner=runner, clock=clock, ask_reason=lambda _p, _n: None)
    qtbot.addWidget(widget)
    widget.show_contact(people["Anna Jansen"])
    settle()
    return widget


def test_showing_a_contact_runs_no_query_on_the_gui_thread(pane, people, gui_queries, settle):
    assert pane.show_contact(people["Joost Bakker"])
    settle()
    assert pane.contact_id == people["Joost Bakker"]
    assert pane.name_label.text() == "Joost Bakker"
    assert gui_queries == []


def test_saving_runs_no_query_on_the_gui_thread(pane, people, gui_queries, settle):
    pane.fields.job_title_edit.setText("Owner")
    assert pane.fields.save()
    settle()
    assert gui_queries == []  # before this test reads the database itself
    assert get_contact(people["Anna Jansen"]).job_title == "Owner"
    assert pane.subtitle_label.text() == "Owner"


def test_the_previous_contact_stays_greyed_until_the_next_one_is_in(pane, people, gate, settle):
    pane.show_contact(people["Joost Bakker"])
    assert pane.is_loading
    assert pane.contact_id == people["Anna Jansen"]
    assert pane.name_label.text() == "Anna Jansen"  # whole, not half of the next one
    assert not pane.contact_page.isEnabled()
    assert pane.log_dialog() is None  # never logs against the contact going away
    gate.set()
    settle()
    assert pane.name_label.text() == "Joost Bakker"
    assert pane.contact_page.isEnabled()
    assert not pane.is_loading


def test_a_newer_selection_wins_over_an_older_read(pane, people, gate, settle):
    shown: list[int | None] = []
    pane.contact_shown.connect(shown.append)
    pane.show_contact(people["Joost Bakker"])
    pane.show_contact(people["Sanne de Wit"])
    gate.set()
    settle()
    assert shown == [people["Sanne de Wit"]]
    assert pane.name_label.text() == "Sanne de Wit"


def test_a_switch_while_a_save_is_in_flight_loses_nothing(qtbot, pane, people, gate, settle):
    anna = people["Anna Jansen"]
    pane.fields.job_title_edit.setText("Owner")
    pane.fields.job_title_edit.textEdited.emit("Owner")
    assert pane.fields.save()
    # More typing on the same contact while the first save waits, then a switch.
    pane.fields.company_edit.setText("Bakkerij Jansen")
    pane.fields.company_edit.textEdited.emit("Bakkerij Jansen")
    assert pane.show_contact(people["Joost Bakker"])
    assert get_contact(anna).job_title == ""  # both saves still wait behind the gate
    gate.set()
    settle()
    stored = get_contact(anna)
    assert (stored.job_title, stored.company) == ("Owner", "Bakkerij Jansen")
    assert pane.contact_id == people["Joost Bakker"]
    assert pane.undo_stack.count() == 2
    pane.undo_stack.undo()
    settle()
    assert (get_contact(anna).job_title, get_contact(anna).company) == ("Owner", "")


def test_the_pane_does_not_read_itself_back_after_its_own_save(pane, people, settle, runner):
    reads: list[object] = []
    real = runner.query

    def counting(work, on_success, **kwargs):
        reads.append(kwargs.get("key"))
        return real(work, on_success, **kwargs)

    runner.query = counting  # type: ignore[method-assign]
    pane.fields.job_title_edit.setText("Owner")
    assert pane.fields.save()
    settle()
    assert reads == []
    pane.questions.new_edit.setText("Does it fit in the van?")
    pane.questions.add()  # the pane's own section write brings its section back
    settle()
    assert reads == []
    assert pane.questions.open_count() == 1
    anna = people["Anna Jansen"]
    runner.mutate(lambda: raise_question(anna, "And a trailer?"))  # from elsewhere: read
    settle()
    assert reads == ["detail"]
    assert pane.questions.open_count() == 2


def test_a_failed_read_leaves_the_shown_contact_usable(pane, people, settle, failures, monkeypatch):
    import desktop_crm.ui.detail.pane as pane_module

    def broken(_contact_id: int):
        raise OSError("disk gone")

    monkeypatch.setattr(pane_module, "read_snapshot", broken)
    pane.show_contact(people["Joost Bakker"])
    settle()
    assert failures  # said once, through the runner's one reporter
    assert pane.contact_id == people["Anna Jansen"] and not pane.is_loading
    assert pane.contact_page.isEnabled()
