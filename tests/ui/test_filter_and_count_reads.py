"""The filter bar's choices and the status line's total are read on a worker: no SQL for
them on the GUI thread; while the total is counted the status line says no number (never a
wrong one); a refused count leaves the window usable; Export… waiting for it opens once."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_crm.services import contact_queries as contact_service
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.exporting import ExportResult
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.export_dialog import ExportDialog
from desktop_crm.ui.main_window import MainWindow

NUMBERS = re.compile(r"\d")


@pytest.fixture
def people(db, clock) -> list[int]:
    made = []
    for name, stage in (("Anna", "lead"), ("Bert", "lead"), ("Cor", "customer")):
        draft = ContactDraft(full_name=name, stage=stage, tags=["VIP"])
        made.append(create_contact(draft, clock=clock).id)
    return made


def _filter_reads(queries: list[str]) -> list[str]:
    return [q for q in queries if 'FROM "tag"' in q or 'DISTINCT "t1"."lead_source"' in q]


def _counts(queries: list[str]) -> list[str]:
    return [q for q in queries if q.startswith("SELECT COUNT(")]


@pytest.fixture
def window(qtbot, people, clock, gui_queries):
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    qtbot.waitUntil(win.runner.is_idle)
    return win


def test_the_filter_choices_are_read_off_the_gui_thread_when_the_window_is_built(
    qtbot, window, gui_queries
):
    qtbot.waitUntil(lambda: window.contact_list.filter_bar.tag_box.findData("VIP") > 0)
    assert _filter_reads(gui_queries) == []
    assert window.count_label.text() == "3 contacts"  # the whole list is the total: no count


@pytest.fixture
def held_count(monkeypatch):
    """The total's count waits on its worker until the test lets go."""
    release = threading.Event()
    real = contact_service.count_contacts

    def held(*args, **kwargs) -> int:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(contact_service, "count_contacts", held)
    yield release
    release.set()


def _texts(window: MainWindow, monkeypatch) -> list[str]:
    shown: list[str] = []
    real = window.count_label.setText

    def record(text: str) -> None:
        shown.append(text)
        real(text)

    monkeypatch.setattr(window.count_label, "setText", record)
    return shown


def test_while_the_total_is_counted_the_status_line_shows_no_number(
    qtbot, window, people, held_count, gui_queries, monkeypatch
):
    panel = window.contact_list
    panel.filter_bar.stage_box.setCurrentIndex(panel.filter_bar.stage_box.findData("lead"))
    qtbot.waitUntil(lambda: window.count_label.text() == "2 of 3 contacts")
    shown = _texts(window, monkeypatch)
    window.bus.changed.connect(lambda _c: shown.append("(archived)"))  # after the window's
    window.archive([people[2]])  # the customer goes: the total must be counted again
    qtbot.waitUntil(lambda: window._counting)
    assert NUMBERS.findall(window.count_label.text()) == []  # not "2 of 3"
    held_count.set()
    qtbot.waitUntil(lambda: window.count_label.text() == "2 contacts")
    qtbot.waitUntil(window.runner.is_idle)
    assert _counts(gui_queries) == []
    after = shown[shown.index("(archived)") - 1 :]  # from the window's answer to the change
    assert all(not NUMBERS.findall(t) or t == "2 contacts" for t in after), shown


def test_a_refused_count_leaves_the_status_line_blank_and_the_window_usable(
    qtbot, window, people, gui_queries, monkeypatch
):
    def busy(*_args, **_kwargs) -> int:
        raise sqlite3.OperationalError("database is locked")  # as SQLite says it

    monkeypatch.setattr(contact_service, "count_contacts", busy)
    failed: list[str] = []
    window.runner.failed.connect(failed.append)
    panel = window.contact_list
    panel.filter_bar.stage_box.setCurrentIndex(panel.filter_bar.stage_box.findData("lead"))
    qtbot.waitUntil(lambda: window.count_label.text() == "2 of 3 contacts")
    window.bus.publish(Changes(contacts_added_or_removed=True))  # the total is counted again
    qtbot.waitUntil(lambda: bool(failed))
    qtbot.waitUntil(window.runner.is_idle)
    assert "busy in another program" in failed[0]
    assert NUMBERS.findall(window.count_label.text()) == []  # no guess
    assert window.findChildren(QMessageBox) == []  # a status count does not pop up
    assert panel.model.rowCount() == 2  # the filter itself worked
    panel.filter_bar.stage_box.setCurrentIndex(0)  # the window goes on as before
    qtbot.waitUntil(lambda: window.count_label.text() == "3 contacts")
    assert _counts(gui_queries) == []


def test_export_asked_twice_while_the_total_is_counted_opens_once(
    qtbot, window, people, held_count, gui_queries
):
    panel = window.contact_list
    panel.filter_bar.stage_box.setCurrentIndex(panel.filter_bar.stage_box.findData("lead"))
    qtbot.waitUntil(lambda: window.count_label.text().startswith("2 of"))
    window.bus.publish(Changes(contacts_added_or_removed=True))
    qtbot.waitUntil(lambda: window._counting)
    assert window.shell.open_export() is None  # on its way
    assert window.shell.open_export() is None  # a second click opens nothing more
    held_count.set()
    qtbot.waitUntil(lambda: len(window.findChildren(ExportDialog)) > 0)
    qtbot.waitUntil(window.runner.is_idle)
    dialogs = window.findChildren(ExportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert _counts(gui_queries) == []
    dialogs[0].reject()


def test_export_counts_are_written_as_numbers_are_in_the_users_language(qtbot, db, clock):
    from desktop_crm.i18n import set_language

    dialog = ExportDialog(total=100_000, filtered_ids=list(range(41_629)), clock=clock)
    qtbot.addWidget(dialog)
    assert dialog.scope_buttons["all"].text() == "&All contacts (100,000)"
    assert dialog.scope_buttons["filter"].text() == "The contacts &shown now (41,629)"
    set_language("nl")
    dutch = ExportDialog(total=100_000, clock=clock)
    qtbot.addWidget(dutch)
    assert "100.000" in dutch.scope_buttons["all"].text()
    # And the result of the export (it said "10001 contacten geëxporteerd"), as the runner
    # hands it over.
    dutch._on_success(ExportResult(Path("/tmp/contacten.csv"), "csv", 10_001))
    assert dutch.message_label.text().startswith("10.001 contacten geëxporteerd naar ")
