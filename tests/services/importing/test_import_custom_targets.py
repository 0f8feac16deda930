"""A column sent to a custom field of the user's: the values land under that name, and a
field made for the import is defined in the import's own transaction."""

from __future__ import annotations

from desktop_crm.services.custom_fields import define_field, defined_fields
from desktop_crm.services.importing import Field, open_import, run_import, undo_batch
from desktop_crm.store import models as m
from tests.services.importing.helpers import write

CSV = "Full Name,Email,Maat,Klantnr\nAnna Bakker,anna@example.com,38,K-1\n"


def _values() -> set[tuple[str, str]]:
    return {(f.key, f.value) for f in m.CustomField.select()}


def test_custom_names_and_new_fields_arrive_in_one_transaction(db, tmp_path, clock):
    define_field("Schoenmaat")
    source = open_import(write(tmp_path, "c.csv", CSV))
    assert source.mapping[2:] == [Field.CUSTOM, Field.CUSTOM]
    source.set_custom_names({2: "Schoenmaat", 3: "Klantnummer"})
    report = run_import(source, define_fields=["Klantnummer", "schoenmaat"], clock=clock)
    assert report.contacts_created == 1
    assert _values() == {("Schoenmaat", "38"), ("Klantnummer", "K-1")}
    assert defined_fields() == ["Schoenmaat", "Klantnummer"]  # no second "schoenmaat"
    undo_batch(report.batch_id, clock=clock)
    assert _values() == set()


def test_a_column_mapped_away_from_custom_forgets_its_name(db, tmp_path, clock):
    source = open_import(write(tmp_path, "c.csv", CSV))
    source.set_custom_names({2: "Schoenmaat"})
    source.set_mapping({"Maat": Field.IGNORE.value})
    run_import(source, clock=clock)
    assert _values() == {("Klantnr", "K-1")}


def test_without_a_mapping_choice_a_column_keeps_its_header(db, tmp_path, clock):
    run_import(open_import(write(tmp_path, "c.csv", CSV)), clock=clock)
    assert _values() == {("Maat", "38"), ("Klantnr", "K-1")}
    assert defined_fields() == []
