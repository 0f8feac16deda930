"""The keyboard's way to sort the contact list: a "Sort by" menu of its columns and the order.

A table header is no Tab stop, so a header click has no keyboard route. The menu sets the
header's sort indicator, which is what a click does: the same signal, the same model sort and
the same query, and the header's arrow (saved with the header) stays the one truth. The menu
is filled each time it opens, so it always shows the sort in force."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.access_keys import with_access_key
from desktop_crm.ui.contact_list.state import COLUMNS, column_title


def sort_menu(
    view: QTableView, title: str, taken: set[str] | None = None, *, parent: QWidget | None = None
) -> QMenu:
    """A "Sort by" menu for `view`, filled when it opens; `taken` holds the access keys of
    the menu it goes into (its title gets a letter none of them has)."""
    menu = QMenu(with_access_key(title, taken if taken is not None else set()), parent)
    menu.setAccessibleName(title)
    menu.aboutToShow.connect(lambda: fill_sort_menu(menu, view))
    return menu


def fill_sort_menu(menu: QMenu, view: QTableView) -> None:
    """The list's shown built-in columns (custom fields do not sort), the one sorted by
    checked, then Ascending and Descending."""
    menu.clear()
    header = view.horizontalHeader()
    current, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    taken: set[str] = set()
    columns = QActionGroup(menu)
    for column, key in enumerate(COLUMNS):
        if header.isSectionHidden(column) and column != current:
            continue
        action = menu.addAction(with_access_key(column_title(key), taken))
        action.setCheckable(True)
        action.setChecked(column == current)
        action.setActionGroup(columns)
        action.triggered.connect(
            lambda _checked=False, column=column: header.setSortIndicator(
                column, header.sortIndicatorOrder()
            )
        )
    menu.addSeparator()
    orders = QActionGroup(menu)
    for text, each in (
        (_("Ascending"), Qt.SortOrder.AscendingOrder),
        (_("Descending"), Qt.SortOrder.DescendingOrder),
    ):
        action = menu.addAction(with_access_key(text, taken))
        action.setCheckable(True)
        action.setChecked(each == order)
        action.setActionGroup(orders)
        action.triggered.connect(
            lambda _checked=False, each=each: header.setSortIndicator(
                header.sortIndicatorSection(), each
            )
        )
