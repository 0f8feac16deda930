"""View › Sort by sorts the contact list as a header click does: the list comes back in the
new order, the header's arrow moves with it, and the menu shows what a header click chose
and what the saved header brings back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.contact_list.panel import ContactListPanel
from desktop_crm.ui.contact_list.sort_menu import sort_menu
from desktop_crm.ui.contact_list.state import COLUMNS
from desktop_crm.ui.main_window import MainWindow
from tests.ui.test_contact_list_first_page import _panel


def _opened(menu: QMenu) -> dict[str, object]:
    """The menu's entries by their text without access keys, as it is filled when shown."""
    menu.aboutToShow.emit()
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def _checked(menu: QMenu) -> list[str]:
    return [text for text, action in _opened(menu).items() if action.isChecked()]


def _names(panel: ContactListPanel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def _seed(clock) -> None:
    for name, company in (("Anna Bos", "Zeeman"), ("Bram Kok", "Akkerman"), ("Cees Dam", "Maas")):
        create_contact(ContactDraft(full_name=name, company=company), clock=clock)


def test_sort_by_company_then_descending_sorts_the_list_and_moves_the_arrow(
    qtbot, db, bus, runner, settle, clock
):
    _seed(clock)
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    header = panel.view.horizontalHeader()
    menu = sort_menu(panel.view, "Sort by", parent=panel)
    assert _checked(menu) == ["Name", "Ascending"]

    _opened(menu)["Company"].trigger()
    settle()
    assert _names(panel) == ["Bram Kok", "Cees Dam", "Anna Bos"]
    assert panel.state.sort == "company" and not panel.state.descending
    assert header.sortIndicatorSection() == COLUMNS.index("company")

    _opened(menu)["Descending"].trigger()
    settle()
    assert _names(panel) == ["Anna Bos", "Cees Dam", "Bram Kok"]
    assert panel.state.descending
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _checked(menu) == ["Company", "Descending"]


def test_the_menu_follows_a_header_click(qtbot, db, bus, runner, settle, clock):
    _seed(clock)
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    header = panel.view.horizontalHeader()
    column = COLUMNS.index("company")
    at = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    settle()
    assert panel.state.sort == "company"
    menu = sort_menu(panel.view, "Sort by", parent=panel)
    assert _checked(menu) == ["Company", "Ascending"]


def test_the_saved_sort_comes_back_in_the_list_and_the_menu(
    qtbot, db, bus, runner, settle, clock, tmp_path
):
    _seed(clock)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = _panel(qtbot, bus, runner, clock, settings)
    settle()
    _opened(sort_menu(first.view, "Sort by", parent=first))["Company"].trigger()
    settle()
    first.save_state()

    again = _panel(qtbot, bus, runner, clock, settings)
    settle()
    assert again.state.sort == "company"
    assert _names(again) == ["Bram Kok", "Cees Dam", "Anna Bos"]
    assert _checked(sort_menu(again.view, "Sort by", parent=again)) == ["Company", "Ascending"]


def test_the_view_menu_offers_sort_by_for_the_contact_list(qtbot, db, clock):
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    sort_by = next(a.menu() for a in view_menu.actions() if a.text().replace("&", "") == "Sort by")
    entries = _opened(sort_by)
    assert list(entries)[:2] == ["Name", "Company"]
    assert {"Ascending", "Descending"} <= set(entries)
    entries["Company"].trigger()
    assert window.contact_list.state.sort == "company"
    window.runner.shutdown(timeout=5.0)
