"""Enter presses a dialog's main button; Tab leaves multi-line fields; Ctrl+Tab types a tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_crm.services.contacts import get_contact
from desktop_crm.services.conversations import Kind
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from tests.ui.workflows.conftest import show_in_pane


def test_enter_in_new_contact_saves_it(qtbot, db):
    dialog = NewContactDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.fields.given_edit, "Kim")
    qtbot.keyClicks(dialog.fields.family_edit, "de Jong")
    dialog.fields.email_list.add_button.setFocus()  # the button Enter used to press
    dialog.fields.family_edit.setFocus()
    qtbot.keyClick(dialog.fields.family_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created is not None
    assert get_contact(dialog.created.id).full_name == "Kim de Jong"
    assert dialog.fields.email_list.rows() == []


def test_enter_in_log_conversation_logs_it(qtbot, people, clock):
    dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.set_kind(Kind.CALL)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.text_edit, "Wants a quote")
    dialog.kind_box.setFocus()
    qtbot.keyClick(dialog.kind_box, Qt.Key.Key_Return)
    assert dialog.result_value is not None


def test_tab_leaves_the_notes_and_ctrl_tab_types_a_tab(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    notes = window.detail.fields.notes_edit
    notes.setFocus()
    qtbot.keyClicks(notes, "one")
    qtbot.keyClick(notes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(notes, "two")
    assert notes.toPlainText() == "one\ttwo"
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert not notes.hasFocus()
    assert notes.toPlainText() == "one\ttwo"


def test_tab_leaves_the_conversation_notes(qtbot, people, clock):
    dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text_edit.setFocus()
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Tab)
    assert dialog.text_edit.toPlainText() == ""
    assert not dialog.text_edit.hasFocus()


def test_enter_in_the_deal_dialog_saves_the_deal(qtbot, people, clock):
    from desktop_crm.services.deals import deals_of
    from desktop_crm.ui.detail.deals_box import DealDialog

    dialog = DealDialog(people["Anna Jansen"], clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title_edit, "Bread oven")
    qtbot.keyClicks(dialog.value_edit, "2500")
    qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)
    assert [d.title for d in deals_of(people["Anna Jansen"])] == ["Bread oven"]
