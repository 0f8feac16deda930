"""A main window over three real contacts in a fresh SQLite file."""

from __future__ import annotations

import pytest

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.main_window import MainWindow


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    names = ("Anna Jansen", "Joost Bakker", "Sanne de Wit")
    return {
        name: create_contact(ContactDraft(full_name=name, company="Bakkerij"), clock=clock).id
        for name in names
    }


@pytest.fixture
def window(qtbot, people, clock):
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.runner.is_idle)  # the list reads its ids off the GUI thread
    return win


def type_into(qtbot, widget, text: str) -> None:
    """Real key presses, so the form's edit signals fire as they do for a user."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def show_in_pane(qtbot, window, contact_id: int) -> None:
    """Select a contact and wait until the pane shows it: the pane reads it off the GUI thread."""
    window.contact_list.select_contact(contact_id)
    qtbot.waitUntil(lambda: window.detail.contact_id == contact_id and not window.detail.is_loading)
