"""The archive in the window: the list's "Archived" filter shows archived contacts only,
greyed, and "Restore from archive" brings them back as one undo step, in every view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_crm.services.contacts import archive_contacts, count_contacts, create_contact
from desktop_crm.services.followups import add_follow_up
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.style import archived_colour


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    ids = {
        name: create_contact(ContactDraft(full_name=name), clock=clock).id
        for name in ("Anna Jansen", "Bert Smit", "Carla Visser")
    }
    add_follow_up(ids["Anna Jansen"], clock.now() - timedelta(days=1), "Bel terug", clock=clock)
    archive_contacts([ids["Anna Jansen"], ids["Bert Smit"]], clock=clock)
    return ids


@pytest.fixture
def window(people, shown_window):
    return shown_window  # made after the people: it shows them from the start


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.runner.is_idle() and not window.views_building())


def _names(window) -> list[str]:
    model = window.contact_list.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _open_archive(qtbot, window) -> None:
    window.contact_list.filter_bar.archived_check.setChecked(True)
    _settle(qtbot, window)


def _today_follow_ups(qtbot, window) -> list[str]:
    window.show_view("today")
    _settle(qtbot, window)
    rows = [r.secondary_label.text() for r in window.view_tabs["today"].inner.overdue.rows]
    window.show_view("list")
    return rows


def test_the_archived_filter_shows_archived_contacts_only_greyed(qtbot, window):
    _settle(qtbot, window)
    assert _names(window) == ["Carla Visser"]

    _open_archive(qtbot, window)

    assert _names(window) == ["Anna Jansen", "Bert Smit"]
    assert window.count_label.text() == "2 archived contacts"
    cell = window.contact_list.model.index(0, 0)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == archived_colour()
    window.contact_list.filter_bar.archived_check.setChecked(False)
    _settle(qtbot, window)
    assert _names(window) == ["Carla Visser"]
    assert window.contact_list.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_restore_from_the_menu_brings_them_back_and_undo_archives_them(qtbot, window, clock):
    assert _today_follow_ups(qtbot, window) == []
    _open_archive(qtbot, window)
    window.contact_list.view.selectAll()
    menu = window.contact_list.bulk.menu_for(
        window.contact_list.selected_ids(), archived=window.contact_list.showing_archive
    )
    texts = [action.text() for action in menu.actions() if action.text()]
    assert "Restore 2 contacts from archive" in texts
    assert not any(text.startswith("Archive") for text in texts)
    assert not window.window_actions.archive.isEnabled()  # Delete archives nothing here
    assert window.window_actions.restore.isEnabled()

    next(a for a in menu.actions() if a.text() == "Restore 2 contacts from archive").trigger()
    _settle(qtbot, window)

    assert count_contacts(clock=clock) == 3
    assert _names(window) == []
    assert window.count_label.text() == "0 archived contacts"
    assert _today_follow_ups(qtbot, window) == ["Bel terug"]  # Today heard of it
    assert window.undo_stack.undoText() == "Restore 2 contacts from archive"

    window.undo_stack.undo()
    _settle(qtbot, window)

    assert count_contacts(clock=clock) == 1
    assert _names(window) == ["Anna Jansen", "Bert Smit"]
    assert _today_follow_ups(qtbot, window) == []


def test_the_detail_pane_of_an_archived_contact_offers_the_restore(qtbot, window, clock):
    _open_archive(qtbot, window)
    window.contact_list.select_first()
    _settle(qtbot, window)
    banner = window.detail.archived_banner
    assert window.detail.contact_id is not None and banner.isVisible()
    assert banner.button.accessibleName() == "Restore from archive"

    banner.button.click()
    _settle(qtbot, window)

    assert count_contacts(clock=clock) == 2
    assert _names(window) == ["Bert Smit"]
    window.contact_list.filter_bar.archived_check.setChecked(False)
    _settle(qtbot, window)
    window.contact_list.select_first()
    _settle(qtbot, window)
    assert window.detail.contact_id is not None and not banner.isVisible()


def _luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def test_archived_rows_are_greyed_yet_readable(qapp):
    # Greyed, so an archived row is told apart; readable: WCAG's 4.5:1 for body text.
    from PySide6.QtGui import QGuiApplication, QPalette

    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    text = QGuiApplication.palette().color(QPalette.ColorRole.Text)
    grey = archived_colour()
    lighter, darker = sorted((_luminance(grey), _luminance(base)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
    assert grey != text


@pytest.fixture
def one_live_contact(db, clock) -> int:
    return create_contact(ContactDraft(full_name="Carla Visser"), clock=clock).id


def test_an_empty_archive_says_what_the_archive_is_and_how_back(
    qtbot, one_live_contact, shown_window
):
    window = shown_window
    _open_archive(qtbot, window)
    assert _names(window) == []
    assert window.contact_list.empty.title_label.text() == "The archive is empty"
    pane = window.detail.empty
    assert pane.title_label.text() == "The archive is empty"
    assert "Untick Archived" in pane.hint_label.text()
    # A search in the archive that finds nothing is "no match", as anywhere else.
    window.contact_list.search_box.setText("zzz")
    qtbot.waitUntil(lambda: window.contact_list.empty.title_label.text() == "No contacts match")
