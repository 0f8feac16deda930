"""Keyboard shortcuts, listed from the window's own actions so that every shortcut added appears."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.ui.screen_fit import fit_to_screen


def plain_text(action: QAction) -> str:
    """The action's label without mnemonics (&) and trailing ellipsis spacing."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _menu_path(action: QAction, menus: dict[QAction, str]) -> str:
    return menus.get(action, "")


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the window that has a shortcut, menu order first."""
    menus: dict[QAction, str] = {}
    ordered: list[QAction] = []
    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        for top in menu_bar().actions():
            menu = top.menu()
            if not isinstance(menu, QMenu):
                continue
            title = plain_text(top)
            for action in menu.actions():
                menus.setdefault(action, title)
                ordered.append(action)
    # Actions that live outside the menus (on a view, in a palette) count as well.
    ordered.extend(a for a in window.findChildren(QAction) if a not in menus)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for action in ordered:
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        text = plain_text(action)
        if not keys or not text:
            continue
        shown = _(" or ").join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        if (text, shown) in seen:
            continue
        seen.add((text, shown))
        rows.append((_menu_path(action, menus), text, shown))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Menu"), _("Action"), _("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 560)

    def texts(self) -> list[str]:
        """The action names listed, for tests and screen readers' summaries."""
        items = (self.table.item(r, 1) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]
