"""The small things of issue 20: empty tabs explain themselves, honest hints, actions that
are only enabled when they can act, a status line that follows the undo."""

from __future__ import annotations

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.services.conversations import Kind
from desktop_crm.services.deals import add_deal
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from tests.ui.workflows.conftest import show_in_pane


def test_empty_questions_deals_and_follow_ups_tabs_say_what_belongs_there(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    detail = window.detail
    for box, word in (
        (detail.questions, "questions"),
        (detail.deals, "deal"),
        (detail.follow_ups, "follow-ups"),
    ):
        assert box.list.count() == 1
        note = box.list.item(0)
        assert word in note.text().lower()
        assert not note.flags()  # not selectable: nothing to answer, edit or snooze
    assert detail.questions.open_count() == 0
    assert detail.follow_ups.open_count() == 0
    assert detail.tabs.tabText(3) == "Questions"


def test_yes_on_a_contact_without_an_open_deal_does_not_promise_one(qtbot, people, clock):
    dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.set_kind(Kind.PRESENTATION)
    dialog.outcome_buttons[Outcome.YES].setChecked(True)
    assert "no open deal" in dialog.outcome_hint.text()
    assert "an open deal is won" not in dialog.outcome_hint.text()


def test_yes_with_an_open_deal_says_it_is_won(qtbot, people, clock):
    add_deal(people["Anna Jansen"], "Bread oven", 250000, clock=clock)
    dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.set_kind(Kind.PRESENTATION)
    dialog.outcome_buttons[Outcome.YES].setChecked(True)
    assert "an open deal is won" in dialog.outcome_hint.text()


def test_open_beside_an_empty_website_is_disabled(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    fields = window.detail.fields
    assert fields.website_edit.text() == ""
    assert not fields.open_website_button.isEnabled()


def test_archive_is_enabled_only_with_a_selection(window, people):
    window.contact_list.view.clearSelection()
    assert not window.window_actions.archive.isEnabled()
    window.contact_list.select_contact(people["Anna Jansen"])
    assert window.window_actions.archive.isEnabled()


def test_the_archived_message_goes_after_the_undo(window, people):
    window.contact_list.select_contact(people["Anna Jansen"])
    window.archive_selected()
    assert window.statusBar().currentMessage().startswith("Archived 1 contact")
    window.undo_stack.undo()
    assert window.statusBar().currentMessage() == ""


def test_a_tray_snooze_refreshes_the_open_contact(qtbot, window, people, clock):
    from datetime import timedelta

    from desktop_crm.domain.alarms import SnoozeChoice
    from desktop_crm.services.followups import add_follow_up
    from desktop_crm.ui.notifier import Notifier

    anna = people["Anna Jansen"]
    add_follow_up(anna, clock.now() - timedelta(hours=1), "Call about the offer", clock=clock)
    show_in_pane(qtbot, window, anna)
    before = window.detail.follow_ups.list.item(0).text()
    assert before.startswith("Overdue")
    notifier = Notifier(clock)
    notifier.changed.connect(window.bus.publish)  # as the application wires it
    notifier.check_now()
    notifier.snooze(notifier.due[0].key, SnoozeChoice.HOUR_1)
    qtbot.waitUntil(window.runner.is_idle)  # the pane reads the contact again
    assert not window.detail.follow_ups.list.item(0).text().startswith("Overdue")
    notifier.stop()


def test_log_conversation_is_wide_enough_for_its_title(qtbot, people, clock):
    from desktop_crm.i18n import set_language

    set_language("nl")
    dialog = LogConversationDialog(people["Sanne de Wit"], "Sanne de Wit", clock=clock)
    qtbot.addWidget(dialog)
    dialog.set_kind(Kind.CALL)  # the smallest form: adjustSize() shrinks to it
    dialog.show()
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    assert dialog.width() >= title + 100
