"""The Duplicates view, the side-by-side merge dialog, and where possible duplicates show
in the main window (menu, list filter, list badge, detail pane badge)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop_crm.domain.duplicate_match import Group
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.store import models as m
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
from desktop_crm.ui.duplicates.view import DuplicatesView
from desktop_crm.ui.duplicates.worker import ScanResult
from desktop_crm.ui.main_window import MainWindow

SCAN_TIMEOUT_MS = 60_000  # a worker thread on a busy machine; never a sleep


def _add(clock, name, *, email="", phone="", company="", stage="lead") -> int:
    draft = ContactDraft(
        full_name=name,
        company=company,
        stage=stage,
        emails=[EmailEntry(email, is_primary=True)] if email else [],
        phones=[PhoneEntry(phone, is_primary=True)] if phone else [],
    )
    return create_contact(draft, clock=clock).id


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    return {
        "jan": _add(clock, "Jan de Vries", email="jan@example.com"),
        "jan2": _add(
            clock, "Vries, Jan de", email="JAN@example.com", company="De Vries BV", stage="prospect"
        ),
        "anna": _add(clock, "Anna Bakker", phone="06-12345678"),
        "anna2": _add(clock, "A. Bakker", phone="+31 6 12345678"),
        "piet": _add(clock, "Piet Smit", email="piet@example.com"),
    }


@pytest.fixture
def view(qtbot, people, clock):
    widget = DuplicatesView(ChangesBus(), undo_stack=QUndoStack(), clock=clock)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    return widget


def _scan(qtbot, view: DuplicatesView) -> None:
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.start_scan()
        assert view.scanning  # off the GUI thread: the call returned before the result
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)


def _unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QAbstractButton):
        if not (widget.accessibleName() or widget.text().replace("&", "")):
            missing.append(repr(widget))
    return missing


def test_groups_best_first_with_their_reasons(qtbot, view, people):
    m.Contact.update(possible_duplicate_of=None).execute()  # as if saved before this version
    _scan(qtbot, view)
    assert view.tree.topLevelItemCount() == 2
    first, second = (view.tree.topLevelItem(i) for i in range(2))
    assert "Same email" in first.text(2) and "similar name" in first.text(2)
    assert "Same phone" in second.text(2)
    assert int(first.text(1).rstrip("%")) >= int(second.text(1).rstrip("%"))
    assert [first.child(i).data(0, Qt.ItemDataRole.UserRole + 2) for i in range(2)] == [
        people["jan"],
        people["jan2"],
    ]
    assert "2 groups" in view.status_label.text()
    # The scan brings the flags of the list's filter up to date.
    assert get_contact(people["anna2"]).possible_duplicate_of == people["anna"]
    assert get_contact(people["piet"]).possible_duplicate_of is None
    assert _unnamed_controls(view) == []


def test_side_by_side_merge_keeps_the_chosen_values(qtbot, people, clock):
    jan, twin = people["jan"], people["jan2"]
    dialog = MergeDialog([jan, twin], clock=clock)
    qtbot.addWidget(dialog)
    assert dialog.keep_id == jan
    assert set(dialog.field_groups) == {"name", "company"}
    assert dialog.choices() == {"name": jan, "company": twin}  # the kept one has no company
    dialog.choose("name", twin)
    assert _unnamed_controls(dialog) == []
    dialog.merge()
    assert dialog.result_value is not None
    kept = get_contact(jan)
    assert (kept.full_name, kept.company, kept.stage) == (
        "Vries, Jan de",
        "De Vries BV",
        "prospect",
    )
    assert m.Contact.get_by_id(twin).merged_into_id == jan


def test_choosing_the_other_contact_to_keep_changes_the_defaults(qtbot, people, clock):
    dialog = MergeDialog([people["jan"], people["jan2"]], clock=clock)
    qtbot.addWidget(dialog)
    dialog.keep_group.button(people["jan2"]).setChecked(True)
    assert dialog.choices() == {"name": people["jan2"], "company": people["jan2"]}
    dialog.merge()
    assert m.Contact.get_by_id(people["jan"]).merged_into_id == people["jan2"]


def test_merge_from_the_view_is_undone_by_the_undo_stack(qtbot, view, people, clock):
    before = {cid: get_contact(cid).to_json() for cid in (people["jan"], people["jan2"])}
    _scan(qtbot, view)
    dialog = view.merge_dialog(list(view.selected_group().contact_ids))
    qtbot.addWidget(dialog)
    dialog.merge()
    assert view.merge_selected(dialog)
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)
    assert view.tree.topLevelItemCount() == 1  # only the Bakker pair is left
    stack = view._undo_stack
    assert stack.count() == 1
    stack.undo()
    assert {cid: get_contact(cid).to_json() for cid in before} == before
    stack.redo()  # merges again, as a new merge
    assert m.Contact.get_by_id(people["jan2"]).merged_into_id == people["jan"]


def test_undo_last_merge_button_works_from_the_database(qtbot, view, people, clock):
    from desktop_crm.services.merge import merge_contacts

    before = get_contact(people["anna2"]).to_json()
    merge_contacts(people["anna"], [people["anna2"]], clock=clock)  # e.g. before a restart
    _scan(qtbot, view)
    assert view.undo_button.isEnabled()
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.undo_button.click()
    assert get_contact(people["anna2"]).to_json() == before
    assert view.tree.topLevelItemCount() == 2


def test_not_a_duplicate_hides_the_group_for_good(qtbot, view, people):
    _scan(qtbot, view)
    view.tree.setCurrentItem(view.tree.topLevelItem(1))
    with qtbot.waitSignal(view.scanned, timeout=SCAN_TIMEOUT_MS):
        view.ignore_button.click()
    qtbot.waitUntil(lambda: not view.scanning, timeout=SCAN_TIMEOUT_MS)
    assert view.tree.topLevelItemCount() == 1
    _scan(qtbot, view)
    assert view.tree.topLevelItemCount() == 1
    assert "Same email" in view.tree.topLevelItem(0).text(2)


def test_the_window_reaches_duplicates_from_menu_filter_and_badges(qtbot, people, clock):
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Saving flagged both pairs: the filter shows exactly them, each with the list badge.
    window.contact_list.filter_bar.duplicates_check.setChecked(True)
    qtbot.waitUntil(window.runner.is_idle)  # the list reads its ids off the GUI thread
    model = window.contact_list.model
    assert sorted(model.ids) == sorted(
        [people["jan"], people["jan2"], people["anna"], people["anna2"]]
    )
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "Possible duplicate"
    button = window.contact_list.filter_bar.duplicates_button
    assert button.isVisible() and button.accessibleName()
    # The detail pane says whose duplicate it may be.
    window.open_contact(people["jan2"])
    qtbot.waitUntil(window.runner.is_idle)  # the pane reads the contact off the GUI thread
    badge = window.detail.duplicate_badge
    assert badge.isVisible() and "Jan de Vries" in badge.label.text()
    dialog = MergeDialog([people["jan2"], people["jan"]], clock=clock)
    qtbot.addWidget(dialog)
    dialog.merge()
    assert window.merge_pair(people["jan2"], people["jan"], dialog)
    assert window.undo_stack.count() == 1
    qtbot.waitUntil(window.runner.is_idle)
    # The kept contact is shown (its flag is gone, so the filter made way for it).
    qtbot.waitUntil(lambda: window.detail.contact_id == people["jan2"])
    assert people["jan"] not in model.ids
    # The menu and the filter's button open the Duplicates view.
    window.contact_list.filter_bar.duplicates_check.setChecked(True)
    qtbot.waitUntil(window.runner.is_idle)
    assert sorted(model.ids) == sorted([people["anna"], people["anna2"]])
    button.click()
    duplicates = window.duplicates_window
    assert duplicates is not None and duplicates.isVisible()
    duplicates.view.wait_for_scan()
    qtbot.waitUntil(lambda: not duplicates.view.scanning, timeout=SCAN_TIMEOUT_MS)
    duplicates.close()
    window.window_actions.find_duplicates.trigger()
    assert duplicates.isVisible()
    duplicates.view.wait_for_scan()
    qtbot.waitUntil(lambda: not duplicates.view.scanning, timeout=SCAN_TIMEOUT_MS)
    names = [a.text() for a in window.menuBar().actions()[1].menu().actions()]
    assert "Find &duplicates…" in names
    labels = [w.text() for w in duplicates.findChildren(QLabel)]
    assert "Possible duplicates" in labels
    duplicates.close()


def test_the_number_of_groups_is_written_as_numbers_are(qtbot, db, clock):
    # 8669 groups at 100k read "8669" where every other count in the window reads "8,669".
    widget = DuplicatesView(ChangesBus(), undo_stack=QUndoStack(), clock=clock)
    qtbot.addWidget(widget)
    groups = [Group((2 * i + 1, 2 * i + 2), 0.72, ("similar_name",)) for i in range(1_200)]
    widget.show_result(ScanResult(groups=groups, rows={}, changes=Changes()))
    assert widget.status_label.text() == "1,200 groups of possible duplicates, best first."
