"""Leaving a contact with unsaved edits saves them (one undo step); a refused edit stays."""

from __future__ import annotations

from desktop_crm.services.contacts import get_contact
from tests.ui.workflows.conftest import show_in_pane, type_into


def _settle(qtbot, window) -> None:
    """Saves go to the writer thread and the pane reads contacts off the GUI thread."""
    qtbot.waitUntil(window.runner.is_idle)


def test_switching_contact_with_an_unsaved_edit_keeps_it(qtbot, window, people):
    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.job_title_edit, "Owner")

    window.contact_list.select_contact(joost)
    _settle(qtbot, window)

    assert window.detail.contact_id == joost
    assert get_contact(anna).job_title == "Owner"
    show_in_pane(qtbot, window, anna)
    assert window.detail.fields.job_title_edit.text() == "Owner"


def test_undo_takes_the_saved_edit_back_and_redo_puts_it_again(qtbot, window, people):
    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.job_title_edit, "Owner")
    window.contact_list.select_contact(joost)
    _settle(qtbot, window)

    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    _settle(qtbot, window)
    assert get_contact(anna).job_title == ""
    window.undo_stack.redo()
    _settle(qtbot, window)
    assert get_contact(anna).job_title == "Owner"


def test_an_undo_while_the_contact_is_shown_refreshes_its_fields(qtbot, window, people):
    anna = people["Anna Jansen"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.company_edit, "Bakkerij Jansen")
    assert window.detail.commit_pending()
    _settle(qtbot, window)
    window.undo_stack.undo()
    _settle(qtbot, window)
    assert window.detail.fields.company_edit.text() == "Bakkerij"


def test_a_refused_edit_stays_on_screen_and_the_switch_is_refused(qtbot, window, people):
    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.birthday_edit, "31-02-1990")

    window.contact_list.select_contact(joost)
    _settle(qtbot, window)

    assert window.detail.contact_id == anna
    assert window.contact_list.selected_ids() == [anna]
    assert window.detail.fields.birthday_edit.text() == "31-02-1990"
    assert "not a date" in window.detail.fields.error_text("birthday")
    assert get_contact(anna).birthday is None

    window.detail.discard_pending()
    show_in_pane(qtbot, window, joost)


def test_another_tab_of_the_window_saves_the_edit_first(qtbot, window, people):
    anna = people["Anna Jansen"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.job_title_edit, "Baker")
    window.show_view("today")
    _settle(qtbot, window)
    assert get_contact(anna).job_title == "Baker"


def test_a_refused_edit_keeps_the_contacts_tab(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    type_into(qtbot, window.detail.fields.birthday_edit, "99-99")
    window.show_view("today")
    assert window.tabs.currentWidget() is window.splitter


def test_another_tab_of_the_detail_pane_saves_the_edit_first(qtbot, window, people):
    anna = people["Anna Jansen"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.job_title_edit, "Baker")
    window.detail.tabs.setCurrentWidget(window.detail.timeline)
    _settle(qtbot, window)
    assert get_contact(anna).job_title == "Baker"
    assert not window.detail.fields.is_dirty


def test_commit_pending_is_true_when_nothing_is_pending(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    assert window.detail.commit_pending() is True
    assert window.undo_stack.count() == 0


def test_closing_the_window_saves_the_edit(qtbot, window, people):
    anna = people["Anna Jansen"]
    show_in_pane(qtbot, window, anna)
    type_into(qtbot, window.detail.fields.job_title_edit, "Owner")
    window.close()
    _settle(qtbot, window)
    assert get_contact(anna).job_title == "Owner"


def test_closing_the_window_with_a_refused_edit_keeps_it_open(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    type_into(qtbot, window.detail.fields.birthday_edit, "31-02-1990")
    window.close()
    assert window.isVisible()
    assert window.detail.fields.birthday_edit.text() == "31-02-1990"
    window.detail.discard_pending()


def test_a_question_typed_but_not_added_is_kept_when_switching(qtbot, window, people):
    from desktop_crm.services.questions import questions_of

    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    window.detail.tabs.setCurrentWidget(window.detail.questions)
    type_into(qtbot, window.detail.questions.new_edit, "Does it fit in the van?")
    window.contact_list.select_contact(joost)
    _settle(qtbot, window)
    assert [q.text for q in questions_of(anna)] == ["Does it fit in the van?"]
    assert questions_of(joost) == []
    assert window.detail.questions.new_edit.text() == ""


def test_a_follow_up_typed_but_not_added_is_kept_when_switching(qtbot, window, people):
    from desktop_crm.services.followups import follow_ups_for

    anna, joost = people["Anna Jansen"], people["Joost Bakker"]
    show_in_pane(qtbot, window, anna)
    window.detail.tabs.setCurrentWidget(window.detail.follow_ups)
    type_into(qtbot, window.detail.follow_ups.text_edit, "Send the quote")
    window.contact_list.select_contact(joost)
    _settle(qtbot, window)
    assert [f.text for f in follow_ups_for(anna)] == ["Send the quote"]
    assert follow_ups_for(joost) == []
