"""Every focusable control of the detail pane, the list and the dialogs has a name."""

from __future__ import annotations

import pytest

from desktop_crm.services.conversations import Kind
from desktop_crm.ui.detail.entry_list import Entry
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from tests.ui.workflows.accessibility import accessible_name, unnamed_controls


def test_every_control_of_the_detail_pane_has_a_name(qtbot, window, people):
    window.contact_list.select_contact(people["Anna Jansen"])
    window.detail.fields.phone_list.add_entry(Entry("06 12345678"))
    window.detail.fields.email_list.add_entry(Entry("anna@example.nl"))
    for index in range(window.detail.tabs.count()):
        window.detail.tabs.setCurrentIndex(index)
        assert unnamed_controls(window.detail) == [], window.detail.tabs.tabText(index)


def test_the_job_title_field_is_found_by_its_name(window, people):
    window.contact_list.select_contact(people["Anna Jansen"])
    assert accessible_name(window.detail.fields.job_title_edit) == "Job title"


def test_every_control_of_the_contact_list_has_a_name(window):
    assert unnamed_controls(window.contact_list) == []


def test_every_control_of_new_contact_has_a_name(qtbot, window):
    dialog = NewContactDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.fields.email_list.add_entry(Entry(""))
    dialog.show()
    assert unnamed_controls(dialog) == []


@pytest.mark.parametrize("outcome", [None, "not_ready", "no"])
def test_every_control_of_log_conversation_has_a_name(qtbot, window, people, clock, outcome):
    dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.set_kind(Kind.PRESENTATION)
    if outcome:
        next(b for o, b in dialog.outcome_buttons.items() if o.value == outcome).setChecked(True)
    dialog.show()
    assert unnamed_controls(dialog) == []


def test_every_control_of_the_palette_has_a_name(qtbot, window):
    palette = window.command_palette()
    qtbot.addWidget(palette)
    palette.show()
    assert unnamed_controls(palette) == []


def test_every_control_of_the_deal_dialog_has_a_name(qtbot, people, clock):
    from desktop_crm.ui.detail.deals_box import DealDialog

    dialog = DealDialog(people["Anna Jansen"], clock=clock)
    qtbot.addWidget(dialog)
    dialog.has_close_check.setChecked(True)
    dialog.show()
    assert unnamed_controls(dialog) == []
