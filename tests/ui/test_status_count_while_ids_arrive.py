"""The status line's "N of M" is never a guess: while a list's ids are still arriving (only
its first page is in) it says nothing about the count, and the exact count once they are."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QItemSelectionModel

from desktop_crm.services import list_pages
from desktop_crm.ui.main_window import MainWindow
from tests.services.test_list_pages import seed_contacts
from tests.ui.test_contact_list_first_page import COUNT, HeldIds

NUMBERS = re.compile(r"\d[\d,.]*")


@pytest.fixture
def many(db):
    seed_contacts([f"Person {i:04d} Tester" for i in range(COUNT)], company="Delta Design")
    seed_contacts(["Zed Zwart"])  # one that a search for "de" leaves out


@pytest.fixture
def held(monkeypatch):
    gate = HeldIds(monkeypatch)
    yield gate
    gate.release()


def _select_rows(window: MainWindow, rows: list[int]) -> None:
    view, model = window.contact_list.view, window.contact_list.model
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_the_count_waits_for_the_ids_of_a_broad_search(qtbot, many, held, clock, monkeypatch):
    # A list no longer than the head of its search index gets every match at once: here
    # the head holds none, so the search's ids come from the runner.
    monkeypatch.setattr(list_pages, "HEAD_SIZE", 0)
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    panel = window.contact_list
    total = f"{COUNT + 1:,}"
    held.release()  # the unsearched list comes in whole first
    qtbot.waitUntil(lambda: not panel.reading_ids, timeout=20_000)
    qtbot.waitUntil(window.runner.is_idle, timeout=20_000)
    assert window.count_label.text() == f"{total} contacts"

    held.gate.clear()  # the search's ids are held back now
    panel.search_box.setText("de")
    panel._apply_search()
    qtbot.waitUntil(lambda: held.calls >= 2, timeout=10_000)
    assert panel.reading_ids and panel.model.rowCount() < COUNT  # the first page only

    _select_rows(window, [0])
    assert NUMBERS.findall(window.count_label.text()) == []  # no "100 of 6,001"
    _select_rows(window, [0, 1])
    assert window.count_label.text() == "2 selected"

    held.release()
    qtbot.waitUntil(lambda: not panel.reading_ids, timeout=20_000)
    qtbot.waitUntil(window.runner.is_idle, timeout=20_000)
    assert window.count_label.text().startswith(f"{COUNT:,} of {total} contacts")
