"""The window's tabs: built on first show, hidden ones hold changes until they are shown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.followups import add_follow_up
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.window_tabs import TABS, TabHost


@pytest.fixture
def window(shown_window):
    return shown_window


def _settle(qtbot, window):
    qtbot.waitUntil(lambda: window.runner.is_idle() and not window.views_building())


def test_every_tab_is_there_and_built_only_when_shown(qtbot, window):
    hosts = [window.view_tabs[spec.view] for spec in TABS]
    assert all(isinstance(h, TabHost) and h.inner is None for h in hosts)

    window.show_view("deals")
    _settle(qtbot, window)

    assert window.view_tabs["deals"].inner is not None
    assert window.view_tabs["today"].inner is None


def test_a_hidden_tab_refreshes_when_shown_not_before(qtbot, window, clock):
    window.show_view("today")
    _settle(qtbot, window)
    today = window.view_tabs["today"]
    assert today.inner.overdue.rows == []
    window.show_view("list")
    cid = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id

    window.runner.mutate(
        lambda: add_follow_up(cid, clock.now() - timedelta(days=1), "Bel terug", clock=clock)
    )
    _settle(qtbot, window)

    assert today.stale and today.inner.overdue.rows == []  # not read while hidden
    window.show_view("today")
    _settle(qtbot, window)
    assert not today.stale
    assert [r.secondary_label.text() for r in today.inner.overdue.rows] == ["Bel terug"]


def test_the_window_opens_on_today_when_something_is_due(qtbot, db, clock):
    cid = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id
    add_follow_up(cid, clock.now() - timedelta(hours=2), "Offerte sturen", clock=clock)
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)

    win.open_first_view()
    qtbot.waitUntil(lambda: win.tabs.currentWidget() is win.view_tabs["today"])
    win.runner.shutdown()


def test_a_click_while_the_list_reloads_is_kept(qtbot, window, clock):
    for name in ("Anna Jansen", "Bert Aalders"):
        create_contact(ContactDraft(full_name=name), clock=clock)
    window.contact_list.reload()
    _settle(qtbot, window)
    bert = window.contact_list.model.id_at(0)

    window.contact_list.reload()  # the ids are read off the GUI thread …
    window.contact_list.select_contact(bert)  # … while the user clicks a row
    _settle(qtbot, window)

    assert window.contact_list.current_id == bert
    assert window.detail.contact_id == bert


def test_the_window_counts_as_building_until_today_made_its_rows(qtbot, window, clock):
    cid = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id
    for days in range(25):
        add_follow_up(cid, clock.now() - timedelta(days=days + 1), f"Taak {days}", clock=clock)
    building: list[bool] = []
    window.runner.idle.connect(lambda: building.append(window.views_building()))

    window.show_view("today")
    assert window.views_building()  # its read is on its way
    _settle(qtbot, window)

    today = window.view_tabs["today"].inner
    assert building[0] is True  # the read arrived, most rows still to make
    assert len(today.overdue.rows) == 20 and not window.views_building()


def test_the_window_says_when_todays_rows_are_made_and_the_start_waits_for_it(
    qtbot, window, clock, monkeypatch
):
    from desktop_crm.ui import app

    cid = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id
    for days in range(25):
        add_follow_up(cid, clock.now() - timedelta(days=days + 1), f"Taak {days}", clock=clock)
    # Far beyond the test's wait: only views_built can call back, never the give-up.
    monkeypatch.setattr(app, "VIEWS_BUILT_WAIT_S", 600.0)
    seen: list[tuple[str, int]] = []
    window.views_built.connect(lambda: seen.append(("views built", _today_rows(window))))

    window.show_view("today")
    assert window.views_building()
    app._when_views_built(window, lambda: seen.append(("called back", _today_rows(window))))
    qtbot.waitUntil(lambda: ("called back", 20) in seen)

    assert seen[0] == ("views built", 20)  # once, when the last batch is made
    assert seen[1] == ("called back", 20)
    assert not window.views_building()


def test_a_board_says_when_its_cards_are_made(qtbot, window, clock):
    for n in range(30):
        create_contact(ContactDraft(full_name=f"Lead {n}"), clock=clock)

    with qtbot.waitSignal(window.views_built, timeout=20_000):
        window.show_view("pipeline")

    board = window.view_tabs["pipeline"].inner
    assert not window.views_building()
    assert sum(len(column.cards) for column in board.columns.values()) == min(30, board.per_column)


def _today_rows(window) -> int:
    today = window.view_tabs["today"].inner
    return len(today.overdue.rows) if today is not None else 0
