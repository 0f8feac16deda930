"""The contact list: lazy pages, sorting and searching as queries, selection kept by id."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.cells import read_page
from desktop_crm.ui.contact_list.model import FIRST_ROWS, ContactTableModel
from desktop_crm.ui.contact_list.panel import SEARCH_DELAY_MS, ContactListPanel
from desktop_crm.ui.contact_list.state import COLUMNS, ListState


def _add(name: str, company: str = "", email: str = "", clock=None) -> int:
    draft = ContactDraft(full_name=name, company=company)
    if email:
        draft.emails = [EmailEntry(email, "work", True)]
    return create_contact(draft, clock=clock).id


@pytest.fixture
def many(db, clock):
    """350 contacts: four pages of the list model."""
    for i in range(350):
        _add(f"Person {i:03d} Tester", company=f"Firm {349 - i:03d}", clock=clock)


def test_model_fetches_only_the_pages_the_view_shows(qtbot, many, clock):
    fetched: list[int] = []

    def counting(ids, columns):
        fetched.append(len(ids))
        return read_page(ids, columns)

    model = ContactTableModel(ListState(), clock=clock, read_rows=counting)
    model.reload()
    assert model.rowCount() == 350
    assert fetched == []  # holding 350 ids costs no row query

    panel = ContactListPanel(ChangesBus(), clock=clock, model=model)
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    fetched.clear()
    panel.reload()
    # The reload reads the first rows with the ids: the first paint needs nothing more.
    assert fetched == [FIRST_ROWS]
    panel.show()
    qtbot.waitExposed(panel)
    assert model.pages_fetched == []
    assert model.cached_pages == [0]

    panel.view.scrollToBottom()
    qtbot.waitUntil(lambda: 3 in model.cached_pages, timeout=5_000)
    assert 1 not in model.cached_pages  # scrolled past, never shown


def test_sorting_is_a_query_and_keeps_every_row(qtbot, many, clock):
    model = ContactTableModel(ListState(), clock=clock)
    model.reload()
    first = model.data(model.index(0, COLUMNS.index("name")))
    assert first == "Person 000 Tester"
    model.sort(COLUMNS.index("company"), Qt.SortOrder.AscendingOrder)
    model.reload()
    assert model.rowCount() == 350
    assert model.data(model.index(0, COLUMNS.index("company"))) == "Firm 000"
    assert model.data(model.index(0, COLUMNS.index("name"))) == "Person 349 Tester"
    model.sort(COLUMNS.index("name"), Qt.SortOrder.DescendingOrder)
    model.reload()
    assert model.data(model.index(0, 0)) == "Person 349 Tester"


def test_search_filters_as_you_type_after_a_short_pause(qtbot, db, clock):
    _add("Sanne de Wit", company="Bakkerij Wit", clock=clock)
    _add("Joost Bakker", email="joost@example.nl", clock=clock)
    _add("Anna Jansen", clock=clock)
    panel = ContactListPanel(ChangesBus(), clock=clock)
    qtbot.addWidget(panel)
    panel.reload()
    assert panel.model.rowCount() == 3
    qtbot.keyClicks(panel.search_box, "bakk")
    assert panel.model.rowCount() == 3  # debounced: nothing ran yet
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=SEARCH_DELAY_MS * 10)
    names = {panel.model.data(panel.model.index(r, 0)) for r in range(2)}
    assert names == {"Sanne de Wit", "Joost Bakker"}


def test_selection_is_kept_by_id_across_a_search_and_a_resort(qtbot, db, clock):
    ids = {name: _add(name, clock=clock) for name in ("Anna Jansen", "Bram Bakker", "Cees Wit")}
    panel = ContactListPanel(ChangesBus(), clock=clock)
    qtbot.addWidget(panel)
    panel.reload()
    assert panel.select_contact(ids["Cees Wit"])
    assert panel.current_id == ids["Cees Wit"]
    row_before = panel.model.row_of(ids["Cees Wit"])

    panel.model.sort(0, Qt.SortOrder.DescendingOrder)  # the panel reloads on sort
    assert panel.model.row_of(ids["Cees Wit"]) != row_before
    assert panel.selected_ids() == [ids["Cees Wit"]]

    panel.search_box.setText("wit")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    assert panel.selected_ids() == [ids["Cees Wit"]]
    assert panel.current_id == ids["Cees Wit"]


def test_an_empty_database_tells_the_user_what_to_do(qtbot, db, clock):
    panel = ContactListPanel(ChangesBus(), clock=clock)
    qtbot.addWidget(panel)
    panel.reload()
    assert panel.stack.currentWidget() is panel.empty
    # The hint teaches the first steps (the buttons beside it are the window shell's).
    assert "drop a CSV or vCard file" in panel.empty.hint_label.text()
    assert "desktop-crm demo" not in panel.empty.hint_label.text()  # no terminal commands


def test_one_letter_waits_for_a_second_on_a_long_list_only(qtbot, db, monkeypatch):
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft
    from desktop_crm.ui.changes_bus import ChangesBus
    from desktop_crm.ui.contact_list import panel as panel_module

    for name in ("Jan Smit", "Anna Bos", "Joost Kok"):
        create_contact(ContactDraft(full_name=name))
    panel = panel_module.ContactListPanel(ChangesBus())
    qtbot.addWidget(panel)
    panel.reload()
    panel.search_box.setText("j")
    panel._apply_search()
    assert panel.model.rowCount() == 2  # a short list: one letter searches at once
    monkeypatch.setattr(panel_module, "SHORT_SEARCH_LIST_SIZE", 2)
    panel.search_box.setText("")
    panel._apply_search()
    panel.search_box.setText("a")
    panel._apply_search()
    assert panel.model.rowCount() == 3  # a "long" list: the one letter waits
    panel.search_box.setText("an")
    panel._apply_search()
    assert panel.model.rowCount() == 1
