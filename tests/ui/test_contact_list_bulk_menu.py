"""The bulk menu's counts in the user's number format, and a tag dialog wide enough for its
title (a window manager cut "Label toevoegen — Desktop CRM" to "Label t…p CRM")."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_crm.i18n import set_language
from desktop_crm.ui.contact_list.bulk_actions import BulkActions


def _texts(qtbot, bus, count: int) -> list[str]:
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = BulkActions(parent, bus, lambda ids: None).menu_for(list(range(1, count + 1)))
    return [action.text() for action in menu.actions() if action.text()]


def test_the_menu_counts_in_dutch_have_a_thousands_separator(qtbot, bus):
    set_language("nl")
    texts = _texts(qtbot, bus, 100_000)

    assert "Label toevoegen aan 100.000 contacten…" in texts
    assert "100.000 contacten archiveren" in texts


def test_the_menu_counts_in_english_have_a_thousands_separator(qtbot, bus):
    texts = _texts(qtbot, bus, 12_345)

    assert "Add a tag to 12,345 contacts…" in texts
    assert "Archive 12,345 contacts" in texts


def test_the_tag_dialog_is_wide_enough_for_its_title(qtbot, db, bus):
    set_language("nl")
    parent = QWidget()
    qtbot.addWidget(parent)
    bulk = BulkActions(parent, bus, lambda ids: None)
    bulk.ask_tag([1])
    dialog = bulk.tag_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)

    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle() + " — Desktop CRM")
    assert dialog.width() >= title + 120  # the window menu and three buttons of the title bar
    dialog.reject()
