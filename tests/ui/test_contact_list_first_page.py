"""The list shows a search's first page at once and the whole list when its ids arrive
from the runner; an older search never overwrites a newer one; the selection is kept by
id; pages are read off the GUI thread; custom fields are columns that follow a rename."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop_crm.services import custom_fields, list_pages
from desktop_crm.services.changes import Changes
from desktop_crm.services.list_pages import PAGE_SIZE
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction
from desktop_crm.ui.contact_list import cells as cells_module
from desktop_crm.ui.contact_list import panel as panel_module
from desktop_crm.ui.contact_list.header_state import _column_menu
from desktop_crm.ui.contact_list.model import FIRST_ROWS
from desktop_crm.ui.contact_list.panel import ContactListPanel
from desktop_crm.ui.contact_list.state import custom_key
from desktop_crm.ui.style import stage_colour
from tests.services.test_list_pages import seed_contacts

COUNT = 6_000


@pytest.fixture(autouse=True)
def no_head(monkeypatch):
    """The search index of the list's head would answer every search of these 6,000
    contacts at once; here it holds none of them, so the other ways answer (the head has
    tests of its own below)."""
    monkeypatch.setattr(list_pages, "HEAD_SIZE", 0)


@pytest.fixture
def many(db):
    """6,000 contacts of "Delta Design": a search for "de" matches them all."""
    return seed_contacts([f"Person {i:04d} Tester" for i in range(COUNT)], company="Delta Design")


class HeldIds:
    """Holds the runner's reads of the whole id list until released (the GUI thread's
    first-page reads pass): what the user sees while the ids are on their way."""

    def __init__(self, monkeypatch) -> None:
        self.gate = threading.Event()
        self.calls = 0
        real = panel_module.read_id_list

        def held(query, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                self.calls += 1
                assert self.gate.wait(30), "the test never released the ids"
            return real(query, **kwargs)

        monkeypatch.setattr(panel_module, "read_id_list", held)

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def held(monkeypatch) -> HeldIds:
    gate = HeldIds(monkeypatch)
    yield gate
    gate.release()  # never leave a worker waiting


def _panel(qtbot, bus, runner, clock, settings=None) -> ContactListPanel:
    panel = ContactListPanel(bus, clock=clock, runner=runner, settings=settings)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show_first_page()  # as the window does
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _search(qtbot, panel: ContactListPanel, text: str) -> None:
    """Type and apply a search; wait for its first page (on a server it comes from the
    runner too; on SQLite it is there at once)."""
    panel.search_box.setText(text)
    panel._apply_search()
    qtbot.waitUntil(lambda: not panel.reading_first_page, timeout=10_000)


def _name(panel: ContactListPanel, row: int):
    return panel.model.data(panel.model.index(row, 0))


def test_the_first_page_shows_before_the_ids_and_the_rest_after(
    qtbot, many, bus, runner, settle, clock, held
):
    panel = _panel(qtbot, bus, runner, clock)
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    _search(qtbot, panel, "de")

    # The ids are held: the first hundred ids are there, and the rows a window shows,
    # with their text, at once; the rest of the page follows from the runner.
    assert panel.model.rowCount() == PAGE_SIZE
    assert not panel.model.complete
    assert _name(panel, 0) == "Person 0000 Tester"
    assert _name(panel, FIRST_ROWS - 1) == f"Person {FIRST_ROWS - 1:04d} Tester"
    assert _name(panel, PAGE_SIZE - 1) is None  # asked now, never another contact's
    assert panel.reading_ids
    assert counted == []  # the status bar waits for the real count

    held.release()  # the workers were busy with the held ids: now the page's rest comes
    qtbot.waitUntil(lambda: _name(panel, PAGE_SIZE - 1) == "Person 0099 Tester")
    qtbot.waitUntil(lambda: panel.model.complete, timeout=10_000)
    assert panel.model.rowCount() == COUNT
    assert counted == [COUNT]
    panel.view.scrollTo(panel.model.index(5_000, 0))
    qtbot.waitUntil(lambda: _name(panel, 5_000) == "Person 5000 Tester", timeout=10_000)
    settle()


def test_pages_after_the_first_are_read_off_the_gui_thread(
    qtbot, many, bus, runner, settle, clock, monkeypatch
):
    threads: list[str] = []
    real = cells_module.read_page

    def watched(ids, columns):
        threads.append(threading.current_thread().name)
        return real(ids, columns)

    panel = _panel(qtbot, bus, runner, clock)
    panel.model._read = watched
    settle()
    threads.clear()
    panel.view.scrollTo(panel.model.index(4_321, 0))
    # Until the page arrives the row is a blank placeholder, never another contact's.
    seen = _name(panel, 4_321)
    assert seen in (None, "Person 4321 Tester")
    qtbot.waitUntil(lambda: _name(panel, 4_321) == "Person 4321 Tester", timeout=10_000)
    assert threads and all(name.startswith("crm-query") for name in threads)


def test_an_older_search_never_overwrites_a_newer_one(
    qtbot, many, bus, runner, settle, clock, held
):
    seed_contacts(["Zed Zwart"])
    panel = _panel(qtbot, bus, runner, clock)  # the whole list's ids: held
    _search(qtbot, panel, "de")  # broad: its ids are held too, on the second worker
    qtbot.waitUntil(lambda: held.calls >= 2, timeout=5_000)
    _search(qtbot, panel, "zwart")  # one match: complete at once, no read in the background
    assert [_name(panel, r) for r in range(panel.model.rowCount())] == ["Zed Zwart"]

    held.release()  # the broad search's 6,000 ids arrive late
    settle()
    assert panel.model.rowCount() == 1
    assert _name(panel, 0) == "Zed Zwart"
    assert not panel.reading_ids


def test_the_selection_is_kept_by_id_while_only_the_first_page_is_shown(
    qtbot, many, bus, runner, settle, clock, held
):
    panel = _panel(qtbot, bus, runner, clock)
    held.release()
    settle()
    chosen = panel.model.id_at(3_000)
    assert panel.select_contact(chosen)
    announced: list[object] = []
    panel.current_contact_changed.connect(announced.append)
    held.gate.clear()

    _search(qtbot, panel, "tester")
    assert panel.model.rowCount() == PAGE_SIZE  # the contact is not on the first page
    assert panel.current_id == chosen
    assert announced == []  # the detail pane keeps showing it

    held.release()
    qtbot.waitUntil(lambda: panel.model.complete, timeout=10_000)
    assert panel.selected_ids() == [chosen]
    assert panel.current_id == chosen
    assert announced == []


def test_a_sort_lets_go_of_the_kept_order_before_its_own_list_is_read(
    qtbot, many, bus, runner, settle, clock, held
):
    """At 100k the old sort's kept order and the new sort's ids together made the peak of
    the resident set: the old order goes first, the new sort's first page shows meanwhile,
    and the new order is kept once it has arrived."""
    panel = _panel(qtbot, bus, runner, clock)
    held.release()
    settle()
    assert panel._order is not None and panel._order.query.sort == "name"
    held.gate.clear()

    panel.state.sort = "company"
    panel.reload()
    qtbot.waitUntil(lambda: held.calls >= 2, timeout=5_000)  # its whole list is held
    expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
    assert panel._order is None
    assert list(panel.model.ids) == expected[:PAGE_SIZE]  # the new sort's head, not the old

    held.release()
    qtbot.waitUntil(lambda: panel.model.complete, timeout=10_000)
    assert list(panel.model.ids) == expected
    assert panel._order is not None and panel._order.query == panel.state.query()
    settle()


def test_an_order_arriving_after_another_sort_was_chosen_is_not_kept(
    qtbot, many, bus, runner, settle, clock, held
):
    panel = _panel(qtbot, bus, runner, clock)
    held.release()
    settle()
    held.gate.clear()
    panel.state.sort = "company"  # its list would be the order for the searches after it
    panel.reload()
    qtbot.waitUntil(lambda: held.calls >= 2, timeout=5_000)
    panel.state.sort = "last_contact"  # no order for searches: read under another key
    panel.reload()

    held.release()  # the company list arrives after last contact was chosen
    settle()
    assert panel.model.complete
    assert list(panel.model.ids) == list_pages.query_contact_ids(panel.state.query(), clock=clock)
    assert panel._order is None  # the company order would serve no search of this list


def _custom_column(panel: ContactListPanel, name: str) -> int:
    return panel.model.columns.index(custom_key(name))


def test_a_custom_field_is_a_hidden_column_that_shows_values_and_follows_a_rename(
    qtbot, db, bus, runner, settle, clock
):
    custom_fields.define_field("VAT number")
    ids = seed_contacts(["Anna Bos", "Bram Kok"])
    with write_transaction():
        m.CustomField.create(contact=ids[0], key="VAT number", value="NL001")
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    header = panel.view.horizontalHeader()
    column = _custom_column(panel, "VAT number")
    assert header.isSectionHidden(column)  # offered, not shown
    assert panel.model.data(panel.model.index(0, column)) == ""  # hidden: not even read

    menu = _column_menu(panel.view, panel._custom_columns_toggled)
    [action] = [a for a in menu.actions() if a.text() == "VAT number"]
    action.trigger()  # the column chooser
    assert not header.isSectionHidden(column)
    row = panel.model.row_of(ids[0])
    qtbot.waitUntil(lambda: panel.model.data(panel.model.index(row, column)) == "NL001")

    custom_fields.rename_field("VAT number", "BTW-nummer")
    bus.publish(Changes(everything=True))  # what Settings publishes
    settle()
    column = _custom_column(panel, "BTW-nummer")
    title = panel.model.headerData(column, Qt.Orientation.Horizontal)
    assert title == "BTW-nummer"
    assert not header.isSectionHidden(column)  # still shown under its new name
    qtbot.waitUntil(lambda: panel.model.data(panel.model.index(row, column)) == "NL001")

    custom_fields.remove_field("BTW-nummer")
    bus.publish(Changes(everything=True))
    settle()
    assert custom_key("BTW-nummer") not in panel.model.columns


def test_a_custom_field_column_does_not_sort(qtbot, db, bus, runner, settle, clock):
    custom_fields.define_field("VAT number")
    seed_contacts(["Anna Bos", "Bram Kok"])
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    column = _custom_column(panel, "VAT number")
    panel.model.sort(column, Qt.SortOrder.DescendingOrder)
    assert panel.state.sort == "name"
    assert not panel.state.descending
    assert panel.view.horizontalHeader().sortIndicatorSection() == 0


def test_the_chosen_custom_columns_are_remembered(qtbot, db, bus, runner, settle, clock, tmp_path):
    from PySide6.QtCore import QSettings

    custom_fields.define_field("VAT number")
    custom_fields.define_field("Shoe size")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = ContactListPanel(bus, clock=clock, runner=runner, settings=settings)
    qtbot.addWidget(first)
    menu = _column_menu(first.view, first._custom_columns_toggled)
    [action] = [a for a in menu.actions() if a.text() == "Shoe size"]
    action.trigger()
    first.save_state()

    again = ContactListPanel(bus, clock=clock, runner=runner, settings=settings)
    qtbot.addWidget(again)
    header = again.view.horizontalHeader()
    assert not header.isSectionHidden(_custom_column(again, "Shoe size"))
    assert header.isSectionHidden(_custom_column(again, "VAT number"))
    assert again.model.shown_custom == {"Shoe size"}
    settle()


def test_a_search_applied_at_once_is_not_read_again_after_the_pause(
    qtbot, db, bus, runner, settle, clock
):
    seed_contacts(["Anna Bos", "Bram Kok"])
    panel = _panel(qtbot, bus, runner, clock)
    panel.search_box.setText("bos")  # starts the pause
    assert panel._search_timer.isActive()
    panel._apply_search()  # Enter or Down: the search runs now
    assert not panel._search_timer.isActive()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    settle()


def test_on_a_server_the_first_page_is_read_off_the_gui_thread_too(
    qtbot, db, bus, runner, settle, clock, monkeypatch
):
    seed_contacts(["Anna Bos", "Bram Kok", "Cees Bos"])
    monkeypatch.setattr(panel_module, "is_sqlite", lambda: False)  # as on PostgreSQL
    reads: list[str] = []
    real = panel_module.first_page

    def watched(query, **kwargs):
        reads.append(threading.current_thread().name)
        return real(query, **kwargs)

    monkeypatch.setattr(panel_module, "first_page", watched)
    panel = _panel(qtbot, bus, runner, clock)
    panel.search_box.setText("bos")
    panel._apply_search()
    assert panel.reading_first_page  # asked, not read here
    qtbot.waitUntil(lambda: not panel.reading_first_page, timeout=10_000)
    assert [_name(panel, r) for r in range(panel.model.rowCount())] == ["Anna Bos", "Cees Bos"]
    assert reads and all(name.startswith("crm-query") for name in reads)
    settle()


def test_a_changed_contact_is_read_again_and_shows_its_new_values(
    qtbot, db, bus, runner, settle, clock
):
    ids = seed_contacts(["Anna Bos", "Bram Kok"], company="Oud BV")
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    company = panel.model.columns.index("company")
    row = panel.model.row_of(ids[1])
    assert panel.model.data(panel.model.index(row, company)) == "Oud BV"
    with write_transaction():
        m.Contact.update(company="Nieuw BV").where(m.Contact.id == ids[1]).execute()
    bus.publish(Changes(contact_ids={ids[1]}))  # what a save publishes
    qtbot.waitUntil(lambda: panel.model.data(panel.model.index(row, company)) == "Nieuw BV")
    settle()


def test_an_action_on_the_whole_filter_waits_for_its_ids(
    qtbot, many, bus, runner, settle, clock, held
):
    """Export… of the filter asks `when_whole`: it must see every id, not the first page."""
    panel = _panel(qtbot, bus, runner, clock)
    _search(qtbot, panel, "de")
    seen: list[int] = []
    panel.when_whole(lambda: seen.append(len(panel.model.ids)))
    assert seen == []  # only the first page is known yet

    held.release()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [COUNT]
    panel.when_whole(lambda: seen.append(-1))
    assert seen == [COUNT, -1]  # with the whole list shown it runs at once
    settle()


def test_a_search_that_matches_few_is_put_in_the_kept_list_order_until_a_write(
    qtbot, many, bus, runner, settle, clock, monkeypatch
):
    """The whole list without a search, kept as it arrived, orders a search's few matches
    without a query on the GUI thread; a write sets it aside and it is read again."""
    zed, anna = seed_contacts(["Zed Zwart", "Anna Zwart"])
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    assert panel._order is not None and len(panel._order.ids) == COUNT + 2
    sorted_on_gui: list[object] = []
    real = list_pages.query_contact_ids

    def watched(query, **kwargs):
        if threading.current_thread() is threading.main_thread():
            sorted_on_gui.append(query.search)
        return real(query, **kwargs)

    monkeypatch.setattr(list_pages, "query_contact_ids", watched)
    _search(qtbot, panel, "zwart")
    assert list(panel.model.ids) == [anna, zed]  # by family name, then given name
    assert sorted_on_gui == []  # the kept order sorted them

    def rename() -> Changes:
        with write_transaction():
            m.Contact.update(sort_name="aaa").where(m.Contact.id == zed).execute()
        return Changes(contact_ids={zed})

    runner.mutate(rename)
    settle()
    _search(qtbot, panel, "zwar")
    assert list(panel.model.ids) == [zed, anna]  # the new order, not the kept one
    assert sorted_on_gui == ["zwar"]  # the query sorted them: the order was set aside
    settle()  # the order without the search is read again off the GUI thread
    assert panel._order is not None and panel._order.orders(panel.state.query())
    _search(qtbot, panel, "zwart")
    assert list(panel.model.ids) == [zed, anna]
    assert sorted_on_gui == ["zwar"]


def test_a_search_asked_again_is_not_read_again_until_a_write(
    qtbot, many, bus, runner, settle, clock, monkeypatch
):
    (zed,) = seed_contacts(["Zed Zwart"])
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    asked: list[str] = []
    real = panel_module.first_page

    def counted(query, **kwargs):
        asked.append(query.search)
        return real(query, **kwargs)

    monkeypatch.setattr(panel_module, "first_page", counted)
    for term in ("zwart", "de", "zwart"):  # typed on, then deleted back
        _search(qtbot, panel, term)
        settle()
    assert asked == ["zwart", "de"]
    assert list(panel.model.ids) == [zed]

    bus.publish(Changes(contact_ids={zed}))  # what a save publishes
    settle()
    _search(qtbot, panel, "de")
    _search(qtbot, panel, "zwart")
    assert asked == ["zwart", "de", "de", "zwart"]
    settle()


def test_the_stage_colour_follows_a_change_of_theme(qtbot, db, bus, runner, settle, clock):
    seed_contacts(["Anna Bos"])  # a lead
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    index = panel.model.index(0, panel.model.columns.index("stage"))
    foreground = Qt.ItemDataRole.ForegroundRole
    assert panel.model.data(index, foreground) == stage_colour("lead", dark=False)
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    app.setPalette(dark)
    try:
        qtbot.waitUntil(
            lambda: panel.model.data(index, foreground) == stage_colour("lead", dark=True)
        )
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: panel.model.data(index, foreground) == stage_colour("lead", dark=False))


@pytest.fixture
def walked(monkeypatch) -> list[str]:
    """Broad word searches walk the kept order from 1,000 matches on (100k: 15,000), 500
    are few (2,500), up to 800 are scanned for (6,000); the searches whose first page came
    from that walk."""
    monkeypatch.setattr(list_pages, "FEW_MATCHES", 500)
    monkeypatch.setattr(list_pages, "SCAN_MATCHES", 800)
    monkeypatch.setattr(list_pages, "DENSE_WORDS", 1_000)
    searches: list[str] = []
    real = list_pages.walk_order

    def watched(order, test, size, limit, chunk=list_pages.TEXT_PROBE):
        page = real(order, test, size, limit, chunk)
        searches.append(test.words or "") if page is not None else None
        return page

    monkeypatch.setattr(list_pages, "walk_order", watched)
    return searches


def _held_after_start(qtbot, bus, runner, settle, clock, monkeypatch):
    """A list whose kept order has arrived; from then on the runner's reads of whole id
    lists are held until released."""
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    assert panel._order is not None
    gate = HeldIds(monkeypatch)
    return panel, gate


def test_a_broad_search_walks_the_kept_order_and_its_count_becomes_exact(
    qtbot, many, bus, runner, settle, clock, monkeypatch, walked
):
    seed_contacts([f"Zed Zwart {i}" for i in range(50)])  # not "de"
    panel, gate = _held_after_start(qtbot, bus, runner, settle, clock, monkeypatch)
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    try:
        _search(qtbot, panel, "de")
        assert walked == ['"de"*']  # the first page came from the kept order
        expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert list(panel.model.ids) == expected[:PAGE_SIZE]
        assert _name(panel, 0) == "Person 0000 Tester"
        assert not panel.model.complete
        assert counted == []  # no count until the whole list is here
    finally:
        gate.release()
    qtbot.waitUntil(lambda: panel.model.complete, timeout=10_000)
    assert list(panel.model.ids) == expected
    assert counted == [COUNT]  # exact, after the paint
    settle()


def test_a_walked_search_arriving_late_never_replaces_a_newer_one(
    qtbot, many, bus, runner, settle, clock, monkeypatch, walked
):
    zwart = seed_contacts(["Zed Zwart", "Anna Zwart"])
    panel, gate = _held_after_start(qtbot, bus, runner, settle, clock, monkeypatch)
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    try:
        _search(qtbot, panel, "de")  # walked; its whole list is held
        qtbot.waitUntil(lambda: gate.calls >= 1, timeout=5_000)
        _search(qtbot, panel, "zwart")  # few: complete at once, from the kept order
    finally:
        gate.release()  # the broad search's 6,000 ids arrive late
    settle()
    assert walked == ['"de"*']
    assert sorted(panel.model.ids) == sorted(zwart)
    assert panel.model.complete and not panel.reading_ids
    assert counted == [2]


def test_a_background_read_waits_until_the_first_page_is_painted(
    qtbot, many, bus, runner, settle, clock, monkeypatch
):
    """The whole list's read starts after the first page's paint: a worker running Python
    meanwhile would make the paint wait for the GIL. (A zero timer fires before the paint:
    Qt posts paints at low priority.)"""
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    handed: list[threading.Event] = []
    real = panel._painted

    def recorded() -> threading.Event:
        handed.append(real())
        return handed[-1]

    monkeypatch.setattr(panel, "_painted", recorded)
    at_paint: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, _watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and handed:
                at_paint.append(handed[0].is_set())
            return False

    watch = Watch(panel)
    panel.view.viewport().installEventFilter(watch)
    _search(qtbot, panel, "de")  # broad: the rest of the list is read in the background
    assert handed and not handed[0].is_set()
    qtbot.waitUntil(lambda: handed[0].is_set(), timeout=5_000)
    assert at_paint and at_paint[0] is False  # painted first, then the read was let go
    settle()
    assert panel.model.complete and panel.model.rowCount() == COUNT


def _shown_then_held(qtbot, panel, settle, monkeypatch) -> tuple[HeldIds, list[int]]:
    """ "ster" shown with all its matches; from then on whole id lists are held, and the
    counts the list announces are listed."""
    _search(qtbot, panel, "ster")
    settle()
    gate = HeldIds(monkeypatch)
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    return gate, counted


def test_a_search_typed_on_from_few_matches_is_complete_and_counted_at_once(
    qtbot, many, bus, runner, settle, clock, monkeypatch, narrowed
):
    # Every shown match is tested, on its text read with the shown search's list.
    monkeypatch.setattr(list_pages, "NARROW_TEXTS", COUNT)
    seed_contacts(["Zed Zwart"])
    panel = _panel(qtbot, bus, runner, clock)
    gate, counted = _shown_then_held(qtbot, panel, settle, monkeypatch)
    try:
        _search(qtbot, panel, "tester")
        expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert narrowed == ["tester"]
        assert panel.model.complete and list(panel.model.ids) == expected
        assert counted == [COUNT]  # exact at once
        assert gate.calls == 0 and not panel.reading_ids  # nothing read in the background
    finally:
        gate.release()
    settle()


def test_a_search_typed_on_shows_the_query_head_and_an_older_one_never_replaces_it(
    qtbot, many, bus, runner, settle, clock, monkeypatch, narrowed
):
    panel = _panel(qtbot, bus, runner, clock)
    gate, counted = _shown_then_held(qtbot, panel, settle, monkeypatch)
    try:
        _search(qtbot, panel, "tester")  # 6,000 matches: the first page, the rest held
        expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert list(panel.model.ids) == expected[:PAGE_SIZE]
        assert not panel.model.complete and counted == []
        qtbot.waitUntil(lambda: gate.calls >= 1, timeout=5_000)
        _search(qtbot, panel, "tester 00")  # typed on again, its ids held too
        newest = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert list(panel.model.ids) == newest[:PAGE_SIZE]
    finally:
        gate.release()  # "tester"'s 6,000 ids arrive late
    settle()
    assert narrowed == ["tester", "tester 00"]
    assert list(panel.model.ids) == newest and panel.model.complete
    assert _name(panel, 0) == "Person 0000 Tester"
    assert counted == [len(newest)] == [100]


def test_rows_shown_for_a_search_are_not_read_again_for_the_next_until_a_write(
    qtbot, many, bus, runner, settle, clock
):
    panel = _panel(qtbot, bus, runner, clock)
    _search(qtbot, panel, "ster")
    settle()
    read: list[int] = []
    real = panel.model._read

    def watched(ids, columns):
        read.extend(ids)
        return real(ids, columns)

    panel.model._read = watched
    _search(qtbot, panel, "tester")  # the same first rows: kept from "ster"
    assert read == [] and _name(panel, 0) == "Person 0000 Tester"
    first = panel.model.id_at(0)

    def rename() -> Changes:
        with write_transaction():
            m.Contact.update(display_name="Person 0000 Tester Renamed").where(
                m.Contact.id == first
            ).execute()
        return Changes(contact_ids={first})

    runner.mutate(rename)
    settle()
    read.clear()
    _search(qtbot, panel, "tester 0")  # a write since: its first rows are read again
    assert first in read
    assert _name(panel, 0) == "Person 0000 Tester Renamed"
    settle()


def test_a_search_complete_at_once_gets_its_texts_for_the_next_one_typed_on(
    qtbot, many, bus, runner, settle, clock, narrowed
):
    zwart = seed_contacts(["Zed Zwart", "Anna Zwart", "Zoe Zwartjes"])
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    _search(qtbot, panel, "zwar")  # few matches: complete at once, ordered in memory
    assert panel.model.complete
    settle()  # their texts are read off the GUI thread, after the paint
    assert panel._matches is not None and set(panel._matches.texts) == set(zwart)
    _search(qtbot, panel, "zwartj")
    assert narrowed == ["zwartj"]
    assert panel.model.complete and list(panel.model.ids) == [zwart[2]]
    settle()


def test_a_search_with_nothing_to_narrow_from_finds_its_first_page_in_the_list_head(
    qtbot, many, bus, runner, settle, clock, monkeypatch, walked
):
    """The search index of the kept order's first contacts is copied off the GUI thread once
    the order is there; a broad search's first page comes from it (no walk, no query of the
    file's index), the whole list follows from the runner, and a write sets it aside."""
    monkeypatch.setattr(list_pages, "HEAD_SIZE", 1_000)
    panel, gate = _held_after_start(qtbot, bus, runner, settle, clock, monkeypatch)
    assert panel._order is not None and panel._order.head is not None
    assert panel._order.head.size == 1_000
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    try:
        _search(qtbot, panel, "de")
        expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert list(panel.model.ids) == expected[:PAGE_SIZE]
        assert walked == []  # not walked: the head held a page
        assert not panel.model.complete and counted == []
    finally:
        gate.release()
    qtbot.waitUntil(lambda: panel.model.complete, timeout=10_000)
    assert list(panel.model.ids) == expected
    assert counted == [COUNT]
    settle()
    head = panel._order.head
    built: list[object] = []
    real = list_pages.ListOrder.read_head
    monkeypatch.setattr(list_pages.ListOrder, "read_head", lambda o: built.append(o) or real(o))
    _search(qtbot, panel, "")  # the list again: the same head, not copied again
    settle()
    assert panel._order.head is head and built == []
    bus.publish(Changes(contact_ids={int(expected[0])}))
    assert panel._order is None  # read again, with a new head, for the next search
    _search(qtbot, panel, "de")
    settle()
    assert panel._order is not None and panel._order.head is not None
    assert panel._order.head is not head and len(built) == 1


def test_a_list_shorter_than_its_head_shows_every_match_at_once(
    qtbot, many, bus, runner, settle, clock, monkeypatch
):
    monkeypatch.setattr(list_pages, "HEAD_SIZE", COUNT)
    panel = _panel(qtbot, bus, runner, clock)
    settle()
    assert panel._order is not None and panel._order.head is not None
    gate = HeldIds(monkeypatch)
    counted: list[int] = []
    panel.contacts_counted.connect(counted.append)
    try:
        _search(qtbot, panel, "de")  # all 6,000: complete from the head alone
        expected = list_pages.query_contact_ids(panel.state.query(), clock=clock)
        assert len(expected) > PAGE_SIZE
        assert list(panel.model.ids) == expected
        assert panel.model.complete and not panel.reading_ids
        assert gate.calls == 0 and counted == [len(expected)]  # no read of the whole list
    finally:
        gate.release()


def test_the_lists_own_viewport_is_made_as_qts_own(qtbot):
    from PySide6.QtWidgets import QTableView

    plain = QTableView()
    ours = QTableView()
    made = panel_module.own_viewport(ours)
    for view in (plain, ours):
        qtbot.addWidget(view)
        view.resize(400, 300)
        view.show()
    qtbot.waitExposed(ours)
    assert ours.viewport() is made

    def look(view: QTableView) -> tuple:
        port = view.viewport()
        attributes = [a for a in Qt.WidgetAttribute if port.testAttribute(a)]
        return (
            attributes,
            port.backgroundRole(),
            port.foregroundRole(),
            port.autoFillBackground(),
            port.objectName(),
            port.focusProxy() is view,
            port.palette().color(port.backgroundRole()).name(),
        )

    assert look(ours) == look(plain)
