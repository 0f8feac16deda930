"""The list header: users hide and reorder columns; the layout is saved in local settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.ui.contact_list.state import COLUMNS, column_title

SETTINGS_KEY = "contact_list/header"
# Room for typical content; a column is never narrower than its (translated) title.
CONTENT_WIDTHS = {
    "name": 150,
    "company": 120,
    "stage": 90,
    "next_follow_up": 100,
    "last_contact": 100,
    "lead_source": 95,
}
_HEADER_PADDING = 28  # margins plus the sort arrow


_CELL_PADDING = 12


def _value_labels(key: str) -> list[str]:
    """The words a column of a few known values shows, in the user's language."""
    if key == "stage":
        return [stage.label for stage in Stage]
    if key == "lead_source":
        return [lead_sources.label(code) for code in lead_sources.SUGGESTIONS]
    return []


def default_width(view: QTableView, key: str) -> int:
    """Wide enough for the title and, for stage and lead source, every value: Dutch
    "Terugkerende klant" and "Persoonlijk contact" are not cut off."""
    metrics = view.horizontalHeader().fontMetrics()
    cells = view.fontMetrics()
    widest_value = max(
        (cells.horizontalAdvance(text) + _CELL_PADDING for text in _value_labels(key)), default=0
    )
    return max(
        CONTENT_WIDTHS[key],
        metrics.horizontalAdvance(column_title(key)) + _HEADER_PADDING,
        widest_value,
    )


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
