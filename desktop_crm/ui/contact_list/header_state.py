"""The list header: users hide and reorder columns; the layout is saved in local settings.
Custom fields are columns too, hidden until chosen; which are shown is saved by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from desktop_crm.domain import lead_sources
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _
from desktop_crm.ui.contact_list.sort_menu import sort_menu
from desktop_crm.ui.contact_list.state import COLUMNS, column_title, custom_name

SETTINGS_KEY = "contact_list/header"
CUSTOM_SETTINGS_KEY = "contact_list/custom_columns"  # names of the custom fields shown
# Room for typical content; a column is never narrower than its (translated) title.
CONTENT_WIDTHS = {
    "name": 150,
    "company": 120,
    "stage": 90,
    "next_follow_up": 100,
    "last_contact": 100,
    "lead_source": 95,
}
CUSTOM_WIDTH = 120
_HEADER_PADDING = 28  # margins plus the sort arrow
# Free text, elided at its end: these give up room first when the columns would not fit
# the list (at 1366 px wide the Dutch titles and stage names alone take ~520 px of ~700).
_ELASTIC_FLOORS = {"name": 100, "company": 75}
_CUSTOM_FLOOR = 60


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
    return max(CONTENT_WIDTHS.get(key, CUSTOM_WIDTH), least_width(view, key))


def least_width(view: QTableView, key: str) -> int:
    """The title and every known value (stage, lead source) in the user's language."""
    cells = view.fontMetrics()
    widest_value = max(
        (cells.horizontalAdvance(text) + _CELL_PADDING for text in _value_labels(key)), default=0
    )
    title = view.horizontalHeader().fontMetrics().horizontalAdvance(column_title(key))
    return max(title + _HEADER_PADDING, widest_value)


def _floor(view: QTableView, key: str) -> int:
    if custom_name(key) is not None:
        return _CUSTOM_FLOOR
    if key in _ELASTIC_FLOORS:
        return _ELASTIC_FLOORS[key]
    return least_width(view, key)


def _widen_to_titles(view: QTableView) -> None:
    """Widths saved in another language may cut this one's titles or stage names."""
    header = view.horizontalHeader()
    for column, key in enumerate(_columns(view)):
        if custom_name(key) is None and header.sectionSize(column) < least_width(view, key):
            header.resizeSection(column, least_width(view, key))


def fit_columns(view: QTableView, shrunk: dict[int, int] | None = None) -> None:
    """Make the shown columns fit the list's width without a horizontal scroll bar where
    they can: name, company and custom fields give up room, each down to a floor. With
    `shrunk` (column → the width it had before it gave up room), a wider list gives that
    room back first, so the name does not stay narrow while the last column gets wide."""
    header = view.horizontalHeader()
    columns = _columns(view)
    shown = [c for c in range(len(columns)) if not header.isSectionHidden(c)]
    room = view.viewport().width()
    if room <= 0 or not shown:
        return
    # The last shown section stretches to the room; it counts at its own width.
    last = max(shown, key=header.visualIndex)
    total = sum(header.sectionSize(c) for c in shown if c != last) + least_width(
        view, columns[last]
    )
    excess = total - room
    if excess < 0 and shrunk:
        _give_back(header, shrunk, -excess)
        return
    for column in sorted(shown, key=lambda c: -header.sectionSize(c)):
        if excess <= 0:
            break
        if column == last or not (
            columns[column] in _ELASTIC_FLOORS or custom_name(columns[column])
        ):
            continue
        size = header.sectionSize(column)
        given = min(excess, size - _floor(view, columns[column]))
        if given > 0:
            if shrunk is not None:
                shrunk.setdefault(column, size)
            header.resizeSection(column, size - given)
            excess -= given


def _give_back(header: QHeaderView, shrunk: dict[int, int], spare: int) -> None:
    for column in sorted(shrunk):
        if spare <= 0:
            return
        size = header.sectionSize(column)
        grown = min(spare, shrunk[column] - size)
        if grown > 0:
            header.resizeSection(column, size + grown)
            spare -= grown
        if header.sectionSize(column) >= shrunk[column]:
            del shrunk[column]


class _FitOnResize(QObject):
    """Fits the columns whenever the list's viewport changes width (first shown, window
    resized, splitter moved); a column the user widened stays as long as it fits. It
    remembers what each column gave up, until the user sizes that column by hand."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._shrunk: dict[int, int] = {}
        self._fitting = False
        view.horizontalHeader().sectionResized.connect(self._resized)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._shrunk.pop(column, None)  # the user's width now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fitting = True
            try:
                fit_columns(self._view, self._shrunk)
            finally:
                self._fitting = False
        return False


def _columns(view: QTableView) -> tuple[str, ...]:
    return tuple(getattr(view.model(), "columns", COLUMNS))


def configure_header(
    view: QTableView,
    settings: QSettings | None,
    *,
    on_custom_toggled: Callable[[], object] | None = None,
) -> None:
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns = _columns(view)
    for column, key in enumerate(columns):
        header.resizeSection(column, default_width(view, key))
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda pos: _column_menu(view, on_custom_toggled).exec(header.mapToGlobal(pos))
    )
    shown: list[str] = []
    if settings is not None:
        saved = settings.value(SETTINGS_KEY)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            header.restoreState(saved)
            _widen_to_titles(view)
        names = settings.value(CUSTOM_SETTINGS_KEY)
        shown = [names] if isinstance(names, str) else list(names or [])
    # By name, not by the saved header: the definitions may have changed since.
    show_custom_columns(view, columns, frozenset(shown))
    view.viewport().installEventFilter(_FitOnResize(view))


def show_custom_columns(view: QTableView, columns: Sequence[str], shown: frozenset[str]) -> None:
    header = view.horizontalHeader()
    for column, key in enumerate(columns):
        name = custom_name(key)
        if name is not None and header.isSectionHidden(column) == (name in shown):
            header.setSectionHidden(column, name not in shown)
            if name in shown and header.sectionSize(column) < CUSTOM_WIDTH // 2:
                header.resizeSection(column, default_width(view, key))


def custom_columns_shown(view: QTableView) -> frozenset[str]:
    header = view.horizontalHeader()
    return frozenset(
        name
        for column, key in enumerate(_columns(view))
        if (name := custom_name(key)) is not None and not header.isSectionHidden(column)
    )


def save_header(
    view: QTableView, settings: QSettings | None, custom_shown: Sequence[str] = ()
) -> None:
    if settings is not None:
        settings.setValue(SETTINGS_KEY, view.horizontalHeader().saveState())
        settings.setValue(CUSTOM_SETTINGS_KEY, list(custom_shown))


def _column_menu(view: QTableView, on_custom_toggled: Callable[[], object] | None) -> QMenu:
    header = view.horizontalHeader()
    menu = QMenu(view)
    # The same "Sort by" as the View menu's: the header's menu is where a user looks for it.
    menu.addMenu(sort_menu(view, _("Sort by"), parent=menu))
    menu.addSection(_("Columns"))
    columns = _columns(view)
    visible = [c for c in range(len(columns)) if not header.isSectionHidden(c)]
    for column, key in enumerate(columns):
        if column == len(COLUMNS):
            menu.addSection(_("Custom fields"))
        action = menu.addAction(column_title(key))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        # The name column and the last visible one stay: a list without columns is useless.
        action.setEnabled(key != "name" and not (len(visible) == 1 and column in visible))

        def toggled(shown: bool, column: int = column, key: str = key) -> None:
            header.setSectionHidden(column, not shown)
            if custom_name(key) is not None and on_custom_toggled is not None:
                on_custom_toggled()

        action.toggled.connect(toggled)
    return menu
