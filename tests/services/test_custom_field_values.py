"""Custom field values saved with a contact: cleaned, limited, one row per value, and left
alone by a save that does not name them."""

from __future__ import annotations

import pytest

from desktop_crm.errors import ValidationError
from desktop_crm.services.contacts import create_contact, draft_from, get_contact, update_contact
from desktop_crm.services.custom_fields import MAX_VALUE, clean_values
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m


def _rows(contact_id: int) -> list[tuple[int, str, str]]:
    query = m.CustomField.select().where(m.CustomField.contact == contact_id)
    return [(r.id, r.key, r.value) for r in query.order_by(m.CustomField.id)]


def test_values_are_trimmed_to_one_line_and_empty_ones_are_no_value():
    assert clean_values({"VAT": "  NL01\x1b\n ", "Size": "   ", "Note": ""}) == {"VAT": "NL01"}


def test_a_value_over_the_limit_is_refused_for_its_own_field():
    with pytest.raises(ValidationError) as refused:
        clean_values({"VAT": "x" * (MAX_VALUE + 1)})
    assert refused.value.field == "custom:VAT"
    assert clean_values({"VAT": "x" * MAX_VALUE}) == {"VAT": "x" * MAX_VALUE}


def test_a_save_writes_exactly_the_values_given_and_keeps_unchanged_rows(db, clock):
    cid = create_contact(
        ContactDraft(full_name="Anna", custom_fields={"VAT": "NL01", "Size": "38"}), clock=clock
    ).id
    before = _rows(cid)
    draft = draft_from(get_contact(cid))
    draft.custom_fields = {"VAT": "NL01", "Size": "", "Colour": "blue"}
    changes = update_contact(cid, draft, clock=clock)
    assert changes.contact_ids == {cid}
    after = _rows(cid)
    assert after[0] == before[0]  # VAT kept its row: nothing rewritten that did not change
    assert [(k, v) for _id, k, v in after] == [("VAT", "NL01"), ("Colour", "blue")]


def test_a_save_without_custom_values_leaves_them_alone(db, clock):
    cid = create_contact(ContactDraft(full_name="Anna", custom_fields={"VAT": "NL01"})).id
    update_contact(cid, ContactDraft(full_name="Anna Jansen"), clock=clock)
    assert get_contact(cid).custom_fields == (("VAT", "NL01"),)


def test_a_refused_value_changes_nothing(db, clock):
    cid = create_contact(ContactDraft(full_name="Anna", custom_fields={"VAT": "NL01"})).id
    draft = draft_from(get_contact(cid))
    draft.job_title = "Owner"
    draft.custom_fields = {"VAT": "x" * (MAX_VALUE + 1)}
    with pytest.raises(ValidationError):
        update_contact(cid, draft, clock=clock)
    stored = get_contact(cid)
    assert (stored.job_title, stored.custom_fields) == ("", (("VAT", "NL01"),))


def test_a_second_value_under_the_same_key_from_a_merge_is_never_touched(db, clock):
    cid = create_contact(ContactDraft(full_name="Anna", custom_fields={"VAT": "NL01"})).id
    m.CustomField.create(contact=cid, key="VAT", value="NL02")  # as a merge leaves it
    draft = draft_from(get_contact(cid))
    assert draft.custom_fields == {"VAT": "NL01"}
    draft.custom_fields = {"VAT": "NL03"}
    update_contact(cid, draft, clock=clock)
    assert get_contact(cid).custom_fields == (("VAT", "NL03"), ("VAT", "NL02"))
