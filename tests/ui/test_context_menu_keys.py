"""Shift+F10 and the Menu key open the focused control's context menu in every window,
dialogs too, once, and without a Python call for the events of other keys and widgets."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.ui import keyboard
from desktop_crm.ui.keyboard import install_context_menu_keys

KEYS = [
    (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
]


@pytest.fixture(autouse=True)
def context_keys(qapp):
    install_context_menu_keys(QApplication.instance())  # as the main window does


class MenuList(QListWidget):
    """A list with a menu of its own, opened without a modal loop, counting the requests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItems(["Anna", "Joost"])
        self.setCurrentRow(0)
        self.requests: list[QPoint] = []
        self.menu = QMenu(self)
        self.menu.addAction("Archive")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._open)

    def _open(self, position: QPoint) -> None:
        self.requests.append(position)
        self.menu.popup(self.viewport().mapToGlobal(position))


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # the keys reach the active window
    return widget


def _press(qtbot, widget: QWidget, key, modifier) -> None:
    """As a keyboard does: the window's shortcuts first, then the focused widget."""
    qtbot.keyClick(widget, key, modifier)
    qtbot.keyRelease(widget, Qt.Key.Key_Shift)  # a menu may have opened while Shift was down


def _close_popups(qtbot) -> None:
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


@pytest.mark.parametrize("key,modifier", KEYS)
def test_a_key_opens_the_focused_lists_menu_once(qtbot, key, modifier):
    window = QWidget()
    other = QLineEdit(window)
    listing = MenuList(window)
    QVBoxLayout(window).addWidget(other)
    window.layout().addWidget(listing)
    _shown(qtbot, window)
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    _press(qtbot, listing, key, modifier)
    qtbot.waitUntil(listing.menu.isVisible)
    assert QApplication.activePopupWidget() is listing.menu
    # Pressed again in the open menu: the menu has the keys, no second menu opens.
    _press(qtbot, listing.menu, key, modifier)
    assert len(listing.requests) == 1
    _close_popups(qtbot)


@pytest.mark.parametrize("key,modifier", KEYS)
def test_a_key_in_a_modal_dialog_opens_its_focused_lists_menu(qtbot, key, modifier):
    window = _shown(qtbot, MenuList())  # the main window, with its keys, under the dialog
    dialog = QDialog(window)
    listing = MenuList(dialog)
    QVBoxLayout(dialog).addWidget(listing)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    _press(qtbot, listing, key, modifier)
    qtbot.waitUntil(listing.menu.isVisible)
    assert (len(listing.requests), window.requests) == (1, [])
    _close_popups(qtbot)
    dialog.reject()


def test_shift_f10_in_an_input_dialog_opens_the_line_edits_own_menu(qtbot):
    parent = _shown(qtbot, QWidget())
    dialog = QInputDialog(parent)
    dialog.setLabelText("Reason")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.findChild(QLineEdit)
    assert edit is not None
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    _press(qtbot, edit, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert any("Paste" in action.text() for action in menu.actions())  # type: ignore[union-attr]
    _close_popups(qtbot)
    dialog.reject()


def test_a_control_without_a_menu_leaves_the_key_to_its_parents_menu(qtbot):
    window = QWidget()
    listing = MenuList(window)
    label = QLabel("Anna", listing)  # inside the list, no menu of its own
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    QVBoxLayout(window).addWidget(listing)
    _shown(qtbot, window)
    label.setFocus()
    qtbot.waitUntil(label.hasFocus)
    _press(qtbot, label, Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(listing.menu.isVisible)
    assert len(listing.requests) == 1
    _close_popups(qtbot)


def test_no_python_runs_for_the_events_of_showing_widgets(qtbot):
    """The keys cost nothing where they are not pressed: showing and laying out a page of
    rows (thousands of Qt events) calls no Python code of the keyboard module."""
    window = _shown(qtbot, QWidget())
    QVBoxLayout(window)
    calls: list[str] = []
    module = keyboard.__file__

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename == module:
            calls.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        for row in range(40):
            window.layout().addWidget(QLabel(f"Row {row}"))
        window.resize(400, 900)
        qtbot.keyClick(window, Qt.Key.Key_A)
        window.repaint()
        QTimer.singleShot(0, lambda: None)
        QApplication.processEvents()
    finally:
        sys.setprofile(None)
    assert calls == []


def test_a_menu_gets_no_keys_of_its_own(qtbot):
    """Should a popup ever become the focused window: in an open menu the keys stay the
    menu's, or Shift+F10 there would open the focused control's menu a second time."""
    menu = QMenu()
    qtbot.addWidget(menu)
    keyboard.give_context_menu_keys(menu)
    window = QWidget()
    qtbot.addWidget(window)
    keyboard.give_context_menu_keys(window)
    keyboard.give_context_menu_keys(window)  # given once, however often asked
    assert (len(menu.findChildren(QShortcut)), len(window.findChildren(QShortcut))) == (0, 1)
