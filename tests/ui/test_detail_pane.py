"""The detail pane: validation next to the field, and the sales-process rules it triggers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_crm.domain.outcomes import Outcome
from desktop_crm.domain.stages import Stage
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.conversations import Kind
from desktop_crm.services.followups import follow_ups_for
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.ui.detail.pane import DetailPane


@pytest.fixture
def sanne(db, clock) -> int:
    draft = ContactDraft(
        full_name="Sanne de Wit",
        company="Bakkerij Wit",
        emails=[EmailEntry("sanne@example.nl", "work", True)],
    )
    return create_contact(draft, clock=clock).id


@pytest.fixture
def pane(qtbot, sanne, clock, bus, runner, settle):
    widget = DetailPane(bus, runner=runner, clock=clock, ask_reason=lambda _parent, _name: None)
    qtbot.addWidget(widget)
    widget.resize(700, 700)
    widget.show_contact(sanne)
    settle()  # the contact is read off the GUI thread
    return widget


def test_a_bad_email_is_refused_next_to_the_field_and_nothing_is_lost(pane, sanne, settle):
    fields = pane.fields
    fields.company_edit.setText("Bakkerij de Wit")
    fields.company_edit.textEdited.emit("Bakkerij de Wit")
    row = fields.email_list.rows()[0]
    row.value_edit.setText("sanne@@example")
    row.value_edit.textEdited.emit("sanne@@example")

    assert fields.save() is False
    assert "not a valid email address" in fields.error_text("emails")
    # The typed values stay in the form, and the database kept the old ones.
    assert fields.email_list.rows()[0].value_edit.text() == "sanne@@example"
    assert fields.company_edit.text() == "Bakkerij de Wit"
    stored = get_contact(sanne)
    assert stored.company == "Bakkerij Wit"
    assert stored.emails[0].email == "sanne@example.nl"

    row.value_edit.setText("sanne@dewit.nl")
    assert fields.save() is True
    settle()  # written on the writer thread
    assert fields.error_text("emails") == ""
    assert get_contact(sanne).company == "Bakkerij de Wit"


def test_ctrl_s_in_a_field_saves_the_contact(qtbot, pane, sanne, settle):
    """In the main window Enter presses no default button: Ctrl+S is the keyboard's save."""
    pane.show()
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)  # the keys reach the active window
    fields = pane.fields
    fields.company_edit.setFocus()
    qtbot.waitUntil(fields.company_edit.hasFocus)
    fields.company_edit.selectAll()
    qtbot.keyClicks(fields.company_edit, "Bakkerij de Wit")
    qtbot.keyClick(fields.company_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle()  # written on the writer thread
    assert get_contact(sanne).company == "Bakkerij de Wit"


def test_a_bad_birthday_is_refused_with_a_message(pane, sanne, settle):
    pane.fields.birthday_edit.setText("31-02-1980")
    assert pane.fields.save() is False
    assert "not a date" in pane.fields.error_text("birthday")
    assert pane.fields.birthday_edit.text() == "31-02-1980"
    pane.fields.birthday_edit.setText("14-03")
    assert pane.fields.save() is True
    settle()
    birthday = get_contact(sanne).birthday
    assert (birthday.month, birthday.day, birthday.year) == (3, 14, None)


def test_only_safe_website_links_can_be_opened(pane):
    pane.fields.website_edit.setText("javascript:alert(1)")
    assert not pane.fields.open_website_button.isEnabled()
    assert pane.fields.open_website() is False
    pane.fields.website_edit.setText("example.com")
    assert pane.fields.open_website_button.isEnabled()


def test_ticking_the_last_criterion_promotes_the_lead_and_says_so(pane, sanne, settle):
    checks = list(pane.qualification.checks.values())
    assert len(checks) == 3
    for check in checks[:-1]:
        check.setChecked(True)
        assert get_contact(sanne).stage == Stage.LEAD
        settle()
    list(pane.qualification.checks.values())[-1].setChecked(True)
    settle()

    assert get_contact(sanne).stage == Stage.PROSPECT
    assert "now a Prospect" in pane.qualification.message.text()
    assert pane.badge.text() == "Prospect"  # the pane refreshed through the bus


def test_not_met_offers_to_disqualify_with_a_reason(qtbot, sanne, clock, bus, runner, settle):
    widget = DetailPane(
        bus, runner=runner, clock=clock, ask_reason=lambda _parent, _name: "Too small a shop"
    )
    qtbot.addWidget(widget)
    widget.show_contact(sanne)
    settle()
    first = next(iter(widget.qualification.not_met_buttons.values()))
    first.click()
    settle()
    assert get_contact(sanne).stage == Stage.DISQUALIFIED
    assert widget.badge.text() == "Disqualified"


def test_presentation_not_ready_creates_the_proposed_follow_up(pane, sanne, clock, settle):
    dialog = pane.log_dialog()
    dialog.set_kind(Kind.PRESENTATION)
    assert dialog.outcome_box.isVisibleTo(dialog)
    dialog.text_edit.setPlainText("Showed the spring offer; wants to think it over.")
    dialog.outcome_buttons[Outcome.NOT_READY].click()
    assert dialog.follow_up_edit.isVisibleTo(dialog)
    proposed = dialog.follow_up_edit.dateTime().toPython().astimezone()
    assert abs(proposed - (clock.now() + timedelta(days=14))) < timedelta(minutes=1)

    pane.log_conversation(dialog)
    dialog.submit()
    settle()  # written on the writer thread, with the sections it touched
    result = dialog.result_value

    assert result is not None and result.follow_up_id is not None
    follow_ups = follow_ups_for(sanne)
    assert len(follow_ups) == 1 and not follow_ups[0].is_done
    assert "Follow-up scheduled" in pane.message_label.text()
    assert pane.follow_ups.open_count() == 1
    assert "Presentation — Not ready" in pane.timeline.item(0).text()
    assert get_contact(sanne).stage == Stage.LEAD  # not ready changes no stage


def test_questions_can_be_added_answered_and_reopened(pane, sanne, settle):
    pane.questions.new_edit.setText("Do you deliver on Sundays?")
    pane.questions.add()
    settle()
    assert pane.questions.open_count() == 1
    pane.questions.list.setCurrentRow(0)
    pane.questions.answer_current("Yes, before noon.")
    settle()
    assert pane.questions.open_count() == 0
    assert "Yes, before noon." in pane.questions.list.item(0).text()
    pane.questions.list.setCurrentRow(0)
    pane.questions.reopen_current()
    settle()
    assert pane.questions.open_count() == 1


def test_a_refused_deal_or_conversation_is_explained_and_the_dialog_stays(
    qtbot, pane, sanne, settle, failures
):
    from desktop_crm.services.deals import deals_of
    from desktop_crm.ui.detail.deals_box import DealDialog

    deal = DealDialog(sanne, clock=pane._clock)
    qtbot.addWidget(deal)
    deal.title_edit.setText("Bread oven")
    deal.value_edit.setText("lots")
    assert deal.submit() is None
    assert "not an amount" in deal.error_label.text() and not deal.error_label.isHidden()
    assert deal.result() != deal.DialogCode.Accepted and deals_of(sanne) == []
    deal.value_edit.setText("2500")
    assert deal.submit() is not None
    assert deal.result() == deal.DialogCode.Accepted
    assert [d.title for d in deals_of(sanne)] == ["Bread oven"]

    talk = pane.log_dialog()
    qtbot.addWidget(talk)
    talk.text_edit.setPlainText("x" * 100_001)
    assert talk.submit() is None  # sent to the writer thread
    settle()
    assert talk.error_label.text() and talk.result() != talk.DialogCode.Accepted
    assert talk.log_button.isEnabled()  # may be sent again, corrected
    assert failures == []  # said on the dialog's own line, not in a second message


def test_switching_contacts_shows_each_ones_emails_in_reused_rows(pane, sanne, clock, settle):
    from desktop_crm.ui.detail.entry_list import Entry

    two = create_contact(
        ContactDraft(
            full_name="Joost Bakker",
            emails=[EmailEntry("j@home.nl", "home"), EmailEntry("j@work.nl", "work", True)],
        ),
        clock=clock,
    ).id
    none = create_contact(ContactDraft(full_name="Kim de Jong"), clock=clock).id
    first_row = pane.fields.email_list.rows()[0]
    pane.show_contact(two)
    settle()
    assert pane.fields.email_list.entries() == [
        Entry("j@home.nl", "home", False),
        Entry("j@work.nl", "work", True),
    ]
    assert pane.fields.email_list.rows()[0] is first_row  # reused, not made again
    pane.show_contact(none)
    settle()
    assert pane.fields.email_list.entries() == []
    pane.show_contact(sanne)
    settle()
    assert pane.fields.email_list.entries() == [Entry("sanne@example.nl", "work", True)]
    assert not pane.fields.is_dirty
