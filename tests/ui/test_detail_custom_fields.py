"""Custom fields in the detail pane: shown as defined, edited, saved with the contact in one
undo step, kept across a switch, exported, and following a rename in Settings."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QLabel

from desktop_crm.services import custom_fields
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.exporting import export_contacts
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m
from desktop_crm.ui.detail.pane import DetailPane


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    custom_fields.define_field("VAT number")
    custom_fields.define_field("Shoe size")
    anna = create_contact(
        ContactDraft(full_name="Anna Jansen", custom_fields={"Shoe size": "38"}), clock=clock
    ).id
    joost = create_contact(ContactDraft(full_name="Joost Bakker"), clock=clock).id
    return {"anna": anna, "joost": joost}


@pytest.fixture
def pane(qtbot, people, clock, bus, runner, settle):
    widget = DetailPane(bus, runner=runner, clock=clock, ask_reason=lambda _p, _n: None)
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show_contact(people["anna"])
    settle()
    return widget


def _stored(contact_id: int) -> dict[str, str]:
    return dict(get_contact(contact_id).custom_fields)


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _label_of(pane: DetailPane, key: str) -> str:
    """The text of the form label that names the field's line edit (its buddy)."""
    edit = pane.fields.custom_rows.edits[key]
    return next(found.text() for found in pane.fields.findChildren(QLabel) if found.buddy() is edit)


def test_every_defined_field_is_shown_in_order_with_its_value_and_name(pane):
    edits = pane.fields.custom_rows.edits
    assert list(edits) == ["VAT number", "Shoe size"]
    assert edits["VAT number"].text() == ""
    assert edits["Shoe size"].text() == "38"
    assert edits["VAT number"].accessibleName() == "VAT number"
    assert _label_of(pane, "Shoe size") == "Shoe size"


def test_a_custom_value_is_saved_and_undone_as_one_step_with_the_other_fields(
    qtbot, pane, people, settle
):
    anna = people["anna"]
    _type(qtbot, pane.fields.custom_rows.edits["VAT number"], "NL001234567B01")
    _type(qtbot, pane.fields.job_title_edit, "Owner")
    assert pane.fields.is_dirty
    assert pane.fields.save() is True
    settle()
    assert _stored(anna) == {"Shoe size": "38", "VAT number": "NL001234567B01"}
    assert get_contact(anna).job_title == "Owner"
    assert pane.undo_stack.count() == 1

    pane.undo_stack.undo()
    settle()
    assert _stored(anna) == {"Shoe size": "38"}
    assert get_contact(anna).job_title == ""
    assert pane.fields.custom_rows.edits["VAT number"].text() == ""  # the pane followed
    pane.undo_stack.redo()
    settle()
    assert _stored(anna)["VAT number"] == "NL001234567B01"


def test_an_emptied_value_leaves_no_row(qtbot, pane, people, settle):
    pane.fields.custom_rows.edits["Shoe size"].clear()
    pane.fields.custom_rows.edited.emit()
    assert pane.fields.save()
    settle()
    assert _stored(people["anna"]) == {}
    assert not m.CustomField.select().where(m.CustomField.contact == people["anna"]).exists()


def test_an_unsaved_custom_value_survives_a_switch_of_contact(qtbot, pane, people, settle):
    _type(qtbot, pane.fields.custom_rows.edits["VAT number"], "NL999")
    assert pane.show_contact(people["joost"])
    settle()
    assert pane.contact_id == people["joost"]
    assert pane.fields.custom_rows.edits["VAT number"].text() == ""
    assert _stored(people["anna"])["VAT number"] == "NL999"
    pane.show_contact(people["anna"])
    settle()
    assert pane.fields.custom_rows.edits["VAT number"].text() == "NL999"


def test_a_value_over_the_limit_is_refused_beside_the_field_and_blocks_the_switch(
    qtbot, pane, people, settle
):
    too_long = "x" * (custom_fields.MAX_VALUE + 1)
    edit = pane.fields.custom_rows.edits["VAT number"]
    edit.setText(too_long)
    pane.fields.custom_rows.edited.emit()
    assert pane.show_contact(people["joost"]) is False
    settle()
    assert pane.contact_id == people["anna"]
    assert "at most 1000 characters" in pane.fields.error_text("custom:VAT number")
    assert edit.text() == too_long
    assert "VAT number" not in _stored(people["anna"])


def test_the_saved_value_is_in_the_csv_export(qtbot, pane, people, settle, tmp_path):
    _type(qtbot, pane.fields.custom_rows.edits["VAT number"], "NL001234567B01")
    assert pane.fields.save()
    settle()
    target = tmp_path / "contacts.csv"
    export_contacts(target, "csv")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    anna = dict(zip(header, next(row for row in rows if row[0] == "Anna Jansen"), strict=True))
    assert anna["VAT number"] == "NL001234567B01"
    assert anna["Shoe size"] == "38"


def test_a_renamed_definition_shows_its_values_under_the_new_name(pane, people, bus, settle):
    custom_fields.rename_field("Shoe size", "Size")
    bus.publish(Changes(everything=True))  # as Settings › Custom fields does
    settle()
    edits = pane.fields.custom_rows.edits
    assert list(edits) == ["VAT number", "Size"]
    assert edits["Size"].text() == "38"
    assert edits["Size"].accessibleName() == "Size"


def test_a_value_under_a_removed_definition_stays_visible_and_editable(
    qtbot, pane, people, bus, settle
):
    custom_fields.remove_field("Shoe size")
    bus.publish(Changes(everything=True))
    settle()
    edits = pane.fields.custom_rows.edits
    assert list(edits) == ["VAT number", "Shoe size"]  # defined first, then the kept one
    assert edits["Shoe size"].text() == "38" and edits["Shoe size"].isEnabled()
    _type(qtbot, edits["Shoe size"], "39")
    assert pane.fields.save()
    settle()
    assert _stored(people["anna"]) == {"Shoe size": "39"}


def test_a_new_contact_gets_its_custom_values_too(qtbot, people, clock):
    from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog

    dialog = NewContactDialog(clock=clock)
    qtbot.addWidget(dialog)
    assert list(dialog.fields.custom_rows.edits) == ["VAT number", "Shoe size"]
    dialog.fields.given_edit.setText("Kim")
    dialog.fields.custom_rows.edits["VAT number"].setText("NL777")
    assert dialog.fields.save()
    assert dialog.created is not None
    assert dict(get_contact(dialog.created.id).custom_fields) == {"VAT number": "NL777"}
