"""Dialogs walked by keyboard only: Enter presses the button the dialog is for, Tab reaches
every button (a table is one Tab stop, not one per cell), and no two controls of a dialog
share an access key, in English or in Dutch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

from desktop_crm.i18n import set_language
from desktop_crm.services.backup import create_backup
from desktop_crm.services.conversations import Kind
from desktop_crm.services.demo import fill_demo
from desktop_crm.ui.backups_dialog import BackupsDialog
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog
from desktop_crm.ui.export_dialog import ExportDialog
from desktop_crm.ui.import_wizard.history_dialog import ImportHistoryDialog
from tests.ui.workflows.state_walk import visit_states


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_enter_on_a_choice_of_export_asks_for_the_file(qtbot, db, clock):
    asked: list[str] = []
    dialog = _shown(
        qtbot,
        ExportDialog(total=3, clock=clock, choose_path=lambda name, _f: asked.append(name) or ""),
    )
    dialog.format_buttons["vcf"].setChecked(True)
    dialog.format_buttons["vcf"].setFocus()
    qtbot.keyClick(dialog.format_buttons["vcf"], Qt.Key.Key_Return)
    assert asked and asked[0].endswith(".vcf")
    assert dialog.isVisible()  # no file chosen: the dialog stays, nothing was cancelled


def test_tab_leaves_the_import_history_table_for_each_undo_and_close(qtbot, db, clock):
    fill_demo(count=10, clock=clock)
    dialog = _shown(qtbot, ImportHistoryDialog(clock=clock, confirm=lambda _text: False))
    dialog.table.setFocus()
    stops = []
    for _ in range(3):
        stops.append(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert stops == [dialog.table, dialog.undo_button_at(0), dialog.close_button]
    assert dialog.focusWidget() is dialog.table  # round again, no trap
    assert QApplication.activeModalWidget() is None


def test_enter_in_the_backups_list_asks_to_restore_the_chosen_backup(qtbot, runner, clock):
    create_backup("manual", clock=clock)
    asked: list[str] = []
    dialog = _shown(
        qtbot,
        BackupsDialog(runner=runner, clock=clock, confirm=lambda text: asked.append(text) or False),
    )
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert len(asked) == 1  # Restore, the dialog's own button, was pressed (and refused here)
    assert dialog.isVisible()


def access_key(text: str) -> str | None:
    """The letter Alt presses for `text` ("&&" is a plain ampersand)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def keyed_controls(dialog: QWidget) -> list[tuple[str, str | None]]:
    """Each shown button, check box and buddy label of `dialog` with its access key."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget, QAbstractButton) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            found.append((widget.text(), access_key(widget.text())))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            found.append((widget.text(), access_key(widget.text())))
    return found


# Every button and box of these has its own key (Qt's OK, Cancel, Close and Apply aside:
# Enter and Escape press them).
EVERY_CONTROL_KEYED = {"export", "settings, tab 0", "find duplicates", "deal"}
QT_BUTTONS = {
    "OK",
    "Cancel",
    "Close",
    "Apply",
    "Save",
    "Annuleren",
    "Sluiten",
    "Toepassen",
    "Opslaan",
}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_two_controls_of_a_dialog_share_an_access_key(
    qtbot, qapp, people, clock, tmp_path, language
):
    shared, unkeyed = {}, {}

    def visit(name: str, shown: QWidget) -> None:
        if not isinstance(shown, QDialog):
            return  # the window's own menus: tests/ui/test_menu_texts.py
        controls = keyed_controls(shown)
        keys = [key for _text, key in controls if key is not None]
        twice = {k for k in keys if keys.count(k) > 1}
        if twice:
            shared[name] = [text for text, key in controls if key in twice]
        if name in EVERY_CONTROL_KEYED:
            missing = [t for t, key in controls if key is None and t not in QT_BUTTONS]
            if missing:
                unkeyed[name] = missing

    # Qt's own buttons in the language too: Discard has a key of its own.
    visit_states(qtbot, qapp, list(people.values()), clock, tmp_path, language, visit)
    assert shared == {}
    assert unkeyed == {}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_log_conversations_kind_and_notes_have_their_own_keys(qtbot, people, clock, language):
    set_language(language)
    try:
        dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
        qtbot.addWidget(dialog)
        keys = {
            label.buddy(): access_key(label.text())
            for label in dialog.findChildren(QLabel)
            if label.buddy() is not None
        }
        assert keys[dialog.kind_box] and keys[dialog.text_edit]
        assert keys[dialog.kind_box] != keys[dialog.text_edit]
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_log_conversations_outcomes_have_keys_no_other_control_has(qtbot, people, clock, language):
    """A presentation's outcome buttons (shown only for a presentation) by Alt+letter."""
    set_language(language)
    try:
        dialog = LogConversationDialog(people["Anna Jansen"], "Anna Jansen", clock=clock)
        _shown(qtbot, dialog)
        dialog.set_kind(Kind.PRESENTATION)
        keys = [key for _text, key in keyed_controls(dialog)]
        outcome_keys = [access_key(b.text()) for b in dialog.outcome_buttons.values()]
        assert None not in outcome_keys
        assert all(keys.count(key) == 1 for key in outcome_keys), keyed_controls(dialog)
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_new_contacts_labels_have_keys_of_their_own(qtbot, db, clock, language):
    """The New contact window has no menus: every label of its form gets a key (in the main
    window's detail pane the same form has none, the menus own Alt+letter there)."""
    set_language(language)
    try:
        dialog = _shown(qtbot, NewContactDialog(clock=clock))
        labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
        assert len(labels) >= 11 and all(access_key(label.text()) for label in labels), [
            label.text() for label in labels
        ]
        keys = [key for _text, key in keyed_controls(dialog) if key is not None]
        assert sorted(keys) == sorted(set(keys)), keyed_controls(dialog)
        # The form's buttons ("Add email", "Add phone", "Open") have keys of their own too,
        # unless every letter of theirs is already another control's key.
        form = dialog.fields.form
        rows = [form.itemAt(row, form.ItemRole.FieldRole) for row in range(form.rowCount())]
        in_rows = {
            b for b in dialog.fields.findChildren(QAbstractButton)
            if b.text() and any(_holds(item, b) for item in rows)
        }  # fmt: skip
        keyed = [b for b in in_rows if access_key(b.text())]
        assert len(in_rows) >= 3 and len(keyed) >= 2, [b.text() for b in in_rows]
        for button in in_rows - set(keyed):
            assert {c.lower() for c in button.text() if c.isalnum()} <= set(keys), button.text()
        # The name's key goes to the first name (the row of three has a buddy now).
        buddies = {label.buddy() for label in labels}
        assert {dialog.fields.given_edit, dialog.fields.company_edit} <= buddies
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_labels_key_moves_the_focus_to_its_field(qtbot, db, clock, language):
    """Alt+E (Email) did nothing in the keyboard walk: its buddy, the list of addresses,
    took no focus. Each label's key now lands in its field: Email's in Add email while
    there is no address, in the first address once there is one."""
    set_language(language)
    try:
        dialog = _shown(qtbot, NewContactDialog(clock=clock))
        qtbot.waitUntil(dialog.isActiveWindow)  # the keys reach the active window
        fields = dialog.fields
        for label in [lb for lb in dialog.findChildren(QLabel) if lb.buddy() is not None]:
            key = access_key(label.text())
            qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
            focused = QApplication.focusWidget()
            buddy = label.buddy()
            assert focused is buddy or buddy.isAncestorOf(focused), label.text()
        email_label = next(
            lb for lb in dialog.findChildren(QLabel) if lb.buddy() is fields.email_list
        )
        key = access_key(email_label.text())
        qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is fields.email_list.add_button
        fields.email_list.add_button.click()
        fields.given_edit.setFocus()
        qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is fields.email_list.rows()[0].value_edit
        dialog.discard()
    finally:
        set_language("en")


def _holds(item, widget: QWidget) -> bool:
    """Whether a form row's layout item holds `widget`."""
    if item is None:
        return False
    if item.widget() is not None:
        return item.widget() is widget or item.widget().isAncestorOf(widget)
    layout = item.layout()
    return layout is not None and any(
        _holds(layout.itemAt(index), widget) for index in range(layout.count())
    )
