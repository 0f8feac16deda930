"""The detail pane's texts at their real widths and in their real situation: the Dutch
middle-name placeholder is not elided, and with no contacts at all the pane does not ask
the user to choose one in the (empty) list."""

from __future__ import annotations

from desktop_crm.i18n import set_language
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.detail.pane import DetailPane
from desktop_crm.ui.main_window import MainWindow


def test_the_dutch_middle_name_placeholder_fits_its_field(qtbot, db, clock, bus, runner, settle):
    set_language("nl")
    sanne = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id
    pane = DetailPane(bus, runner=runner, clock=clock, ask_reason=lambda _parent, _name: None)
    qtbot.addWidget(pane)
    pane.resize(480, 700)  # narrower than the pane at 1366 px
    pane.show_contact(sanne)
    pane.show()
    settle()
    middle = pane.fields.middle_edit

    assert middle.placeholderText() == "Tussenvoegsel"
    assert middle.isVisible()
    # The text area inside the frame and Qt's 2-pixel margins on each side.
    assert middle.width() >= middle.fontMetrics().horizontalAdvance("Tussenvoegsel") + 12


def _window(qtbot, clock) -> MainWindow:
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.runner.is_idle)
    return window


def test_an_empty_database_does_not_ask_to_choose_a_contact(qtbot, db, clock):
    set_language("nl")
    window = _window(qtbot, clock)

    qtbot.waitUntil(lambda: window.detail.empty.title_label.text() == "Nog geen contacten")
    assert "Kies een contact" not in window.detail.empty.hint_label.text()


def test_with_contacts_and_none_chosen_the_pane_says_to_choose_one(qtbot, db, clock):
    create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    window = _window(qtbot, clock)
    window.contact_list.view.clearSelection()
    window.detail.show_contact(None)

    qtbot.waitUntil(lambda: window.detail.empty.title_label.text() == "No contact selected")
