"""Keyboard paths Qt leaves out: Shift+F10 and the Menu key open the focused control's
context menu, and Tab leaves a multi-line field (Ctrl+Tab types a tab instead)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

CONTEXT_MENU_KEYS = (
    QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F10),
    QKeySequence(Qt.Key.Key_Menu),
)
_SHORTCUT_NAME = "context-menu-keys"


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


def open_focused_context_menu() -> None:
    """The focused control's menu, or that of the nearest parent that has one."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    while widget is not None and not open_context_menu(widget):
        widget = None if widget.isWindow() else widget.parentWidget()


def give_context_menu_keys(window: QWidget) -> None:
    """One shortcut on the top-level `window`: Qt's shortcut map (C++) looks at each key
    press, so Python runs only when Shift+F10 or the Menu key is pressed. A window
    shortcut is silent while a popup (an open menu) has the keys: no second menu."""
    if window.windowType() == Qt.WindowType.Popup:
        return  # a menu or a completer's list: its keys are its own
    if window.findChild(QShortcut, _SHORTCUT_NAME, Qt.FindChildOption.FindDirectChildrenOnly):
        return
    shortcut = QShortcut(window)
    shortcut.setObjectName(_SHORTCUT_NAME)
    shortcut.setKeys(list(CONTEXT_MENU_KEYS))
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(open_focused_context_menu)


def _window_widget(window: QWindow | None) -> QWidget | None:
    if window is None:
        return None
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is window:
            return widget
    return None


class ContextMenuKeys(QObject):
    """Gives each window the keys when it first gets the focus (dialogs and message boxes
    too): a Python call per change of the focused window, none per event."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusWindowChanged.connect(self._window_focused)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                give_context_menu_keys(widget)

    def _window_focused(self, window: QWindow | None) -> None:
        widget = _window_widget(window)
        if widget is not None:
            give_context_menu_keys(widget)


_context_keys: ContextMenuKeys | None = None


def install_context_menu_keys(app: QApplication) -> None:
    """Idempotent: every window may ask, the application gets one watcher."""
    global _context_keys
    if _context_keys is None:
        _context_keys = ContextMenuKeys(app)


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
