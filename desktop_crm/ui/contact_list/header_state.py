"""The list header: users hide and reorder columns; the layout is saved in local settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from desktop_crm.ui.contact_list.state import COLUMNS, column_title

SETTINGS_KEY = "contact_list/header"
# Room for typical content; a column is never narrower than its (translated) title.
CONTENT_WIDTHS = {
    "name": 160,
    "company": 130,
    "stage": 90,
    "next_follow_up": 100,
    "last_contact": 100,
    "lead_source": 95,
}
_HEADER_PADDING = 28  # margins plus the sort arrow


def default_width(view: QTableView, key: str) -> int:
    metrics = view.horizontalHeader().fontMetrics()
    return max(CONTENT_WIDTHS[key], metrics.horizontalAdvance(column_title(key)) + _HEADER_PADDING)


def configure_header(view: QTableView, settings: QSettings | None) -> None:
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, key in enumerate(COLUMNS):
        header.resizeSection(column, default_width(view, key))
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda pos: _column_menu(view).exec(header.mapToGlobal(pos))
    )
    if settings is not None:
        saved = settings.value(SETTINGS_KEY)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            header.restoreState(saved)


def save_header(view: QTableView, settings: QSettings | None) -> None:
    if settings is not None:
        settings.setValue(SETTINGS_KEY, view.horizontalHeader().saveState())


def _column_menu(view: QTableView) -> QMenu:
    header = view.horizontalHeader()
    menu = QMenu(view)
    visible = [c for c in range(len(COLUMNS)) if not header.isSectionHidden(c)]
    for column, key in enumerate(COLUMNS):
        action = menu.addAction(column_title(key))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        # The name column and the last visible one stay: a list without columns is useless.
        action.setEnabled(key != "name" and not (len(visible) == 1 and column in visible))
        action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
    return menu
