"""Dialogs never lose typed text: Escape or ✕ saves as Save would, Discard throws it away,
a refused value keeps the dialog open with its message, and an untouched dialog just closes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from desktop_crm.services import reminders
from desktop_crm.services.contacts import count_contacts, create_contact
from desktop_crm.services.conversations import MAX_TEXT
from desktop_crm.services.deals import deals_of
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.detail.deals_box import DealDialog
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.settings.dialog import SettingsDialog
from desktop_crm.ui.sync.account_dialog import SyncAccountDialog
from desktop_crm.ui.text_dialog import TextDialog


def _open(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _escape(qtbot, dialog: QDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


@pytest.fixture
def contact(db, clock) -> int:
    return create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id


def _conversations(contact_id: int) -> int:
    return m.Conversation.select().where(m.Conversation.contact == contact_id).count()


def test_tab_from_the_last_field_goes_through_the_buttons_as_they_are_laid_out(
    qtbot, clock, contact
):
    """Log conversation lays out Log conversation, then Discard; Tab from Notes went to
    Discard first (the order the buttons were added in), and Space there threw the note away."""
    dialog = _open(qtbot, LogConversationDialog(contact, "Sanne de Wit", clock=clock))
    dialog.activateWindow()
    box = dialog.findChild(QDialogButtonBox)
    shown = sorted((b for b in box.buttons() if b.isVisible()), key=lambda b: b.x())
    assert [b.text() for b in shown] == ["Log conversation", "&Discard"]
    dialog.text_edit.setFocus()
    qtbot.waitUntil(dialog.text_edit.hasFocus)
    reached = []
    for _ in shown:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == shown
    dialog.discard()


# --- New contact -------------------------------------------------------------------------------


def test_new_contact_escape_saves_what_was_typed(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    dialog.fields.given_edit.setText("Joost")
    dialog.fields.family_edit.setText("Bakker")
    _escape(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.created is not None and dialog.created.full_name == "Joost Bakker"
    assert count_contacts(clock=clock) == 1


def test_new_contact_window_close_saves_too(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    dialog.fields.given_edit.setText("Anna")
    dialog.close()  # the window's ✕
    assert dialog.created is not None and count_contacts(clock=clock) == 1


def test_new_contact_discard_saves_nothing(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    dialog.fields.given_edit.setText("Joost")
    discard = next(
        b for b in dialog.findChildren(type(dialog.fields.save_button)) if b.text() == "&Discard"
    )
    discard.click()
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert count_contacts(clock=clock) == 0


def test_new_contact_has_discard_and_add_side_by_side_below_the_form(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    add = dialog.fields.save_button
    discard = next(b for b in dialog.findChildren(type(add)) if b.text() == "&Discard")
    assert add.text() == "Add contact" and add.isVisible()
    # In the dialog's own row, not inside the scrolled form: Add contact right of Discard.
    assert add.parentWidget() is dialog and discard.parentWidget() is dialog
    assert add.geometry().center().y() == discard.geometry().center().y()
    assert add.geometry().left() > discard.geometry().right()


def test_new_contact_with_a_refused_value_stays_open_with_the_error(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    dialog.fields.given_edit.setText("Joost")
    dialog.fields.birthday_edit.setText("31-02-1990")
    _escape(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.fields.error_text("birthday")
    assert count_contacts(clock=clock) == 0


def test_an_untouched_dialog_just_closes(qtbot, db, clock):
    dialog = _open(qtbot, NewContactDialog(clock=clock))
    _escape(qtbot, dialog)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert count_contacts(clock=clock) == 0


# --- Deal ----------------------------------------------------------------------------------------


def test_deal_escape_saves_discard_does_not(qtbot, clock, contact):
    dialog = _open(qtbot, DealDialog(contact, clock=clock))
    dialog.title_edit.setText("Website")
    dialog.value_edit.setText("1250")
    _escape(qtbot, dialog)
    assert not dialog.isVisible() and dialog.saved is not None
    assert [d.title for d in deals_of(contact)] == ["Website"]

    again = _open(qtbot, DealDialog(contact, clock=clock))
    again.title_edit.setText("Training")
    assert again.discard_button is not None
    again.discard_button.click()
    assert not again.isVisible()
    assert [d.title for d in deals_of(contact)] == ["Website"]


def test_deal_with_a_value_that_is_no_amount_stays_open(qtbot, clock, contact):
    dialog = _open(qtbot, DealDialog(contact, clock=clock))
    dialog.title_edit.setText("Website")
    dialog.value_edit.setText("a lot")
    dialog.close()
    assert dialog.isVisible() and "a lot" in dialog.error_label.text()
    assert deals_of(contact) == []


# --- Log conversation ------------------------------------------------------------------------------


def test_log_escape_logs_discard_does_not(qtbot, clock, contact):
    dialog = _open(qtbot, LogConversationDialog(contact, "Sanne", clock=clock))
    dialog.text_edit.setPlainText("Asked for a quote")
    _escape(qtbot, dialog)
    assert not dialog.isVisible() and dialog.result_value is not None
    assert _conversations(contact) == 1

    again = _open(qtbot, LogConversationDialog(contact, "Sanne", clock=clock))
    again.text_edit.setPlainText("Never mind")
    assert again.discard_button is not None and again.discard_button.accessibleName()
    again.discard_button.click()
    assert _conversations(contact) == 1


def test_log_with_a_refused_note_stays_open_with_the_error(qtbot, clock, contact):
    dialog = _open(qtbot, LogConversationDialog(contact, "Sanne", clock=clock))
    dialog.text_edit.setPlainText("x" * (MAX_TEXT + 1))
    _escape(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text()
    assert _conversations(contact) == 0


# --- a board's reason ------------------------------------------------------------------------------


def test_reason_escape_keeps_the_reason_discard_and_blank_do_not(qtbot):
    dialog = _open(qtbot, TextDialog(None, "Deal won", "Why?"))
    qtbot.keyClicks(dialog.field, "Best offer")
    _escape(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.text() == "Best offer"

    discarded = _open(qtbot, TextDialog(None, "Deal won", "Why?"))
    discarded.field.setText("Best offer")
    assert discarded.discard_button is not None
    discarded.discard_button.click()
    assert discarded.result() == QDialog.DialogCode.Rejected

    blank = _open(qtbot, TextDialog(None, "Deal won", "Why?"))
    blank.field.setText("   ")  # nothing to keep: OK is off, so it just closes
    _escape(qtbot, blank)
    assert not blank.isVisible() and blank.result() == QDialog.DialogCode.Rejected


# --- Settings ----------------------------------------------------------------------------------------


def test_settings_closed_with_a_changed_value_keeps_it(qtbot, db, clock, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    before = reminders.load_settings().card_days
    dialog = _open(qtbot, SettingsDialog(settings=settings, clock=clock, ask_restart=False))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isDefault()  # Enter is OK, not Apply, once the dialog shows
    dialog.reminders.card_days_spin.setValue(before + 3)
    _escape(qtbot, dialog)
    assert not dialog.isVisible()
    assert reminders.load_settings().card_days == before + 3

    again = _open(qtbot, SettingsDialog(settings=settings, clock=clock, ask_restart=False))
    again.reminders.card_days_spin.setValue(before + 5)
    assert again.discard_button is not None
    again.discard_button.click()
    assert reminders.load_settings().card_days == before + 3


# --- the sync account -----------------------------------------------------------------------------


def test_sync_account_half_filled_stays_open_with_the_message(qtbot, db, tmp_path: Path):
    dialog = _open(qtbot, SyncAccountDialog(tmp_path))
    dialog.url.setText("https://cloud.example.nl/remote.php/dav/")
    _escape(qtbot, dialog)
    assert dialog.isVisible()
    assert "user name" in dialog.message.text()
    assert dialog.discard_button is not None
    dialog.discard_button.click()
    assert not dialog.isVisible()


def test_every_dialog_with_a_form_is_a_form_dialog():
    for kind in (
        NewContactDialog,
        DealDialog,
        LogConversationDialog,
        TextDialog,
        SettingsDialog,
        SyncAccountDialog,
    ):
        assert issubclass(kind, FormDialog), kind


# --- the Settings lists' name question ------------------------------------------------------------


def test_renaming_a_criterion_then_escape_keeps_the_new_name(qtbot, db):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_crm.ui.settings.criteria_tab import CriteriaTab

    tab = CriteriaTab()
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)
    old = tab.names()[0]
    seen: list[TextDialog] = []

    def type_then_escape() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TextDialog)
        seen.append(dialog)
        assert dialog.field.text() == old  # the current name, to edit
        dialog.field.setText("Has a website")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, type_then_escape)
    tab.editor.rename_button.click()
    assert len(seen) == 1
    assert tab.names()[0] == "Has a website"


def test_settings_closed_while_typing_a_stage_probability_keeps_it(qtbot, db, clock):
    from desktop_crm.services.deals import pipeline_stages, pipelines

    dialog = _open(qtbot, SettingsDialog(settings=None, clock=clock, ask_restart=False))
    dialog.tabs.setCurrentWidget(dialog.pipeline)
    dialog.pipeline.list.setCurrentRow(1)  # Presentation, 30 %
    spin = dialog.pipeline.probability_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    spin.selectAll()
    qtbot.keyClicks(spin, "45")
    _escape(qtbot, dialog)
    assert not dialog.isVisible()
    stages = {s.name: s.probability for s in pipeline_stages(pipelines()[0][0])}
    assert stages["Presentation"] == 45
