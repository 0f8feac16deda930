"""Ctrl+K: the palette finds the window's actions and its contacts by typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from desktop_crm.ui.palette.dialog import CommandPalette
from tests.ui.workflows.conftest import show_in_pane


def _palette(qtbot, window) -> CommandPalette:
    palette = window.command_palette()
    qtbot.addWidget(palette)
    palette.show()
    qtbot.waitExposed(palette)
    return palette


def _titles(palette) -> list[str]:
    return [entry.title for entry in palette.entries()]


def test_ctrl_k_opens_the_palette(qtbot, window):
    seen = []

    def close_palette():
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog).__name__)
        dialog.reject()

    QTimer.singleShot(0, close_palette)
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["CommandPalette"]


def test_typing_finds_an_action_and_enter_runs_it(qtbot, window):
    palette = _palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "today")
    assert palette.entries()[0].title == "Today"
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    assert palette.chosen is not None
    palette.chosen.run()
    assert window.tabs.currentWidget() is window.view_tabs["today"]


def test_an_action_added_to_a_menu_later_is_offered(qtbot, window):
    menu = window.menuBar().actions()[0].menu()
    extra = QAction("Send a birthday card", menu)
    menu.addAction(extra)
    palette = _palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "birthday card")
    assert _titles(palette)[0] == "Send a birthday card"


def test_every_enabled_menu_action_is_listed_with_an_empty_query(qtbot, window, people):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    palette = _palette(qtbot, window)
    titles = _titles(palette)
    for expected in ("New contact…", "Import contacts…", "Find contacts", "Log conversation…"):
        assert expected in titles
    assert "Command palette…" not in titles  # it is already open
    assert "Undo" not in titles  # nothing to undo: disabled actions are left out


def test_typing_a_name_finds_the_contact_and_enter_opens_it(qtbot, window, people):
    window.show_view("today")
    palette = _palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "jansen")
    qtbot.waitUntil(lambda: "Anna Jansen" in _titles(palette))
    assert not [t for t in _titles(palette) if t in ("Joost Bakker", "Sanne de Wit")]
    palette.results.setCurrentRow(_titles(palette).index("Anna Jansen"))
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    palette.chosen.run()
    assert window.tabs.currentWidget() is window.splitter
    qtbot.waitUntil(window.runner.is_idle)  # the pane reads the contact off the GUI thread
    assert window.detail.contact_id == people["Anna Jansen"]


def test_down_moves_through_the_results(qtbot, window):
    palette = _palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "contact")
    assert palette.results.currentRow() == 0
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Down)
    assert palette.results.currentRow() == 1
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Up)
    assert palette.results.currentRow() == 0
