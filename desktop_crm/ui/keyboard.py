"""Keyboard paths Qt leaves out: Shift+F10 and the Menu key open the focused control's
context menu, and Tab leaves a multi-line field (Ctrl+Tab types a tab instead)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def is_context_menu_key(event: QKeyEvent) -> bool:
    key, modifiers = event.key(), event.modifiers()
    if key == Qt.Key.Key_Menu:
        return True
    return key == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier


def open_context_menu(widget: QWidget) -> bool:
    """Send `widget` the context-menu event a right-click would, at its current item."""
    target: QWidget = widget
    position = widget.rect().center()
    if isinstance(widget, QAbstractScrollArea):
        target = widget.viewport()  # scroll areas take their menu events on the viewport
        position = target.rect().center()
        if isinstance(widget, QAbstractItemView) and widget.currentIndex().isValid():
            position = widget.visualRect(widget.currentIndex()).center()
    if target.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu and target is widget:
        return False
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, position, target.mapToGlobal(position)
    )
    QApplication.sendEvent(target, event)
    return True


class ContextMenuKeys(QObject):
    """Installed once on the application: every widget gets Shift+F10 and the Menu key."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not is_context_menu_key(event):
            return False
        if not isinstance(watched, QWidget):
            return False  # the key also passes its QWindow first: the widget answers
        # The first widget to get the key is the focused one; consuming it there means
        # its parents, which would get it next, never open a second menu.
        return open_context_menu(watched)


_context_keys: ContextMenuKeys | None = None


def install_context_menu_keys(app: QApplication) -> None:
    """Idempotent: every window may ask, the application gets one filter."""
    global _context_keys
    if _context_keys is None:
        _context_keys = ContextMenuKeys(app)
        app.installEventFilter(_context_keys)


class _CtrlTabTypesTab(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # ours, not a tab widget's "next tab"
                return True
            watched.insertPlainText("\t")
            return True
        return False


def tab_leaves(edit: QPlainTextEdit | QTextEdit) -> None:
    """Tab moves on from a multi-line field, as from any other; Ctrl+Tab types a tab."""
    edit.setTabChangesFocus(True)
    keys = _CtrlTabTypesTab(edit)
    edit.installEventFilter(keys)
