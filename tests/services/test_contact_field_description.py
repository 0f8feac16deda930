"""The one description of the contact's fields agrees with the export, the import and the models."""

from __future__ import annotations

from dataclasses import fields

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain import merging
from desktop_crm.i18n import set_language
from desktop_crm.services.exporting.csv_export import FIXED_COLUMNS
from desktop_crm.services.exporting.rows import ExportContact
from desktop_crm.services.importing.header_maps import auto_mapping
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.services.records import (
    FIELD_VALUE_NAMES,
    ContactDetails,
    ContactDraft,
    ContactFieldValues,
)
from desktop_crm.store import models as m


def test_names_and_columns_are_unique():
    assert len({f.name for f in cf.FIELDS}) == len(cf.FIELDS)
    assert len({f.column.casefold() for f in cf.FIELDS}) == len(cf.FIELDS)


def test_our_export_columns_are_read_back_as_the_same_fields():
    assert FIXED_COLUMNS == tuple(f.column for f in cf.FIELDS)
    mapped = auto_mapping(list(FIXED_COLUMNS))
    assert [str(field) for field in mapped] == [f.name for f in cf.FIELDS]


def test_plain_text_fields_exist_everywhere_they_are_copied():
    for holder in (ContactDraft, ContactDetails, ContactRecord):
        names = {f.name for f in fields(holder)}
        assert {f.name for f in cf.PLAIN_TEXT_FIELDS} <= names, holder.__name__
    for field in cf.PLAIN_TEXT_FIELDS:
        assert field.name in m.Contact._meta.fields


def test_details_and_exports_hold_every_one_value_field_of_the_description():
    many = (cf.FieldKind.EMAIL, cf.FieldKind.PHONE, cf.FieldKind.TAGS)  # lists, held apart
    one_value = {f.name for f in cf.FIELDS if f.kind not in many} - {"full_name"}
    # The card's lead time belongs to the birthday; the description lists no column for it.
    assert set(FIELD_VALUE_NAMES) == one_value | {"birthday_card_days"}
    for holder in (ContactDetails, ExportContact):
        assert issubclass(holder, ContactFieldValues)
    # A draft made from the details takes each of them over by name.
    assert set(FIELD_VALUE_NAMES) <= {f.name for f in fields(ContactDraft)}
    for name in set(FIELD_VALUE_NAMES) - {"birthday", "birthday_card_days"}:
        assert name in m.Contact._meta.fields, name


def test_a_merge_offers_the_described_fields_under_the_editors_labels():
    described = [name for name in merging.FIELDS if name in cf.BY_NAME]
    assert described == [f.name for f in cf.PLAIN_TEXT_FIELDS] + ["birthday", "lead_source"]
    for name in described:
        assert merging.field_label(name) == cf.BY_NAME[name].label
    assert merging.field_label("name") == cf.FULL_NAME.label
    for field in cf.PLAIN_TEXT_FIELDS:  # carried along in the column of the same name
        assert merging.FIELD_COLUMNS[field.name] == (field.name,)


def test_labels_come_in_the_users_language():
    set_language("nl")
    assert cf.COMPANY.label == "Bedrijf"
    assert cf.LEAD_SOURCE.label == "Herkomst"  # the glossary's word
    set_language("en")
    assert cf.LEAD_SOURCE.label == "Lead source"


def test_cut_keeps_what_fits():
    assert cf.cut("abc", 5) == "abc"
    assert cf.cut("abcdef", 3) == "abc"
