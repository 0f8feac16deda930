"""From the search box: Down/Up move through the results, Enter opens, Escape comes back;
Shift+F10 and the Menu key open the list's context menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui.workflows.conftest import show_in_pane


def test_down_from_the_search_box_selects_the_first_result(qtbot, window, people):
    box = window.contact_list.search_box
    box.setFocus()
    qtbot.keyClicks(box, "bakker")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    assert window.contact_list.selected_ids() == [people["Joost Bakker"]]
    assert window.contact_list.view.hasFocus()


def test_down_and_up_move_through_the_results(qtbot, window, people):
    box = window.contact_list.search_box
    box.setFocus()
    # The company of all three: every one, by last name (Bakker, Jansen, de Wit).
    qtbot.keyClicks(box, "bakkerij")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    assert window.detail.contact_id == people["Joost Bakker"]
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Down)
    qtbot.waitUntil(window.runner.is_idle)  # the pane reads the contact off the GUI thread
    assert window.detail.contact_id == people["Anna Jansen"]
    window.contact_list.focus_search()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # back in the list on the contact it left
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    assert window.detail.contact_id == people["Anna Jansen"]
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Down)
    qtbot.waitUntil(window.runner.is_idle)
    assert window.detail.contact_id == people["Sanne de Wit"]
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Up)
    qtbot.waitUntil(window.runner.is_idle)
    assert window.detail.contact_id == people["Anna Jansen"]


def test_enter_opens_the_contact_and_escape_returns_to_the_search(qtbot, window, people):
    box = window.contact_list.search_box
    box.setFocus()
    qtbot.keyClicks(box, "sanne")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Escape)
    assert box.hasFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    assert window.detail.contact_id == people["Sanne de Wit"]
    assert window.detail.fields.given_edit.hasFocus()


def test_enter_on_a_result_in_the_list_opens_it(qtbot, window, people):
    window.contact_list.select_contact(people["Joost Bakker"])
    window.contact_list.view.setFocus()
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Return)
    # Enter may come before the contact's read is in: the cursor goes there once it is.
    qtbot.waitUntil(window.detail.fields.given_edit.hasFocus)
    assert window.detail.contact_id == people["Joost Bakker"]


def _menu_opened_by(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> list[str]:
    """Press the key; the menu it opens is read and closed from the event loop."""
    seen: list[str] = []

    def close_menu():
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(a.text() for a in menu.actions() if a.text())
            menu.close()

    QTimer.singleShot(0, close_menu)
    qtbot.keyClick(widget, key, modifier)
    # The menu closed while Shift was down: Qt then never saw it let go, and would
    # treat the next test's clicks as Shift-clicks.
    qtbot.keyRelease(widget, Qt.Key.Key_Shift)
    return seen


@pytest.mark.parametrize(
    "key,modifier",
    [
        (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_the_keyboard_opens_the_lists_context_menu(qtbot, window, people, key, modifier):
    window.contact_list.select_contact(people["Anna Jansen"])
    window.contact_list.view.setFocus()
    actions = _menu_opened_by(qtbot, window.contact_list.view, key, modifier)
    assert any("Archive" in text for text in actions), actions


def test_the_keyboard_opens_a_detail_lists_context_menu(qtbot, window, people, clock):
    from desktop_crm.services.questions import raise_question

    anna = people["Anna Jansen"]
    raise_question(anna, "Does it fit in the van?", clock=clock)
    show_in_pane(qtbot, window, anna)
    questions = window.detail.questions
    window.detail.tabs.setCurrentWidget(questions)
    questions.list.setCurrentRow(0)
    questions.list.setFocus()
    actions = _menu_opened_by(
        qtbot, questions.list, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier
    )
    assert "Answer…" in actions, actions


def test_escape_in_the_contact_saves_and_returns_to_the_search(qtbot, window, people):
    from desktop_crm.services.contacts import get_contact

    box = window.contact_list.search_box
    box.setFocus()
    qtbot.keyClicks(box, "jansen")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.runner.is_idle)  # the search's ids arrive from the runner
    job = window.detail.fields.job_title_edit
    job.setFocus()
    qtbot.keyClicks(job, "Owner")
    qtbot.keyClick(job, Qt.Key.Key_Escape)
    assert box.hasFocus()
    qtbot.waitUntil(window.runner.is_idle)  # the save is written on the writer thread
    assert get_contact(people["Anna Jansen"]).job_title == "Owner"
