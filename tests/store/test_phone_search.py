"""Search finds a phone number however it is written, and never by shared digits alone."""

import pytest

from desktop_crm.domain.phone_search import phone_query_digits
from desktop_crm.services.contacts import ContactQuery, create_contact, query_contact_ids
from desktop_crm.services.records import ContactDraft, PhoneEntry


def _add(name, *phones, address=""):
    draft = ContactDraft(full_name=name, phones=[PhoneEntry(p) for p in phones], address=address)
    return create_contact(draft, region="NL").id


@pytest.fixture
def people(db):
    return {
        _add("Mobile Anna", "06 12345678"): "Mobile Anna",
        _add("Mobile Bram", "0687654321"): "Mobile Bram",
        _add("Office Carla", "020 123 4567", address="Oudegracht 1\n3511 AB Utrecht"): (
            "Office Carla"
        ),
        _add("Berlin Dirk", "+49 30 1234567"): "Berlin Dirk",
    }


def _found(people, term, region="NL"):
    return sorted(people[i] for i in query_contact_ids(ContactQuery(search=term, region=region)))


@pytest.mark.parametrize(
    "term",
    [
        "06 12345678",
        "06-12345678",
        "0612345678",
        "06.12.34.56.78",
        "(06) 1234 5678",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "0031612345678",
        "0031 6 1234 5678",
    ],
)
def test_every_written_form_of_a_mobile_number_finds_its_contact(people, term):
    assert _found(people, term) == ["Mobile Anna"]


@pytest.mark.parametrize("term", ["+31 20 123 4567", "020-1234567", "0031201234567"])
def test_a_landline_never_finds_people_who_only_share_digits(people, term):
    assert _found(people, term) == ["Office Carla"]


@pytest.mark.parametrize("term", ["+49 30 1234567", "0049 30 1234567", "+4930 123 4567"])
def test_a_number_of_another_region_is_found_in_its_international_forms(people, term):
    assert _found(people, term) == ["Berlin Dirk"]


def test_a_german_user_finds_the_berlin_number_in_its_national_form(people):
    assert _found(people, "030 1234567", region="DE") == ["Berlin Dirk"]


@pytest.mark.parametrize("term", ["06 1234", "+31 6 1234", "0031 6 123"])
def test_a_number_still_being_typed_narrows_to_its_start(people, term):
    assert _found(people, term) == ["Mobile Anna"]


@pytest.mark.parametrize("term", ["utrecht", "Oudegracht", "3511"])
def test_the_address_is_searchable(people, term):
    assert _found(people, term) == ["Office Carla"]


@pytest.mark.parametrize("term", ["2026", "Anna", "06", "bakery 0612345678"])
def test_short_numbers_and_words_are_not_read_as_phone_numbers(term):
    assert phone_query_digits(term, "NL") is None


def test_reindexing_finds_numbers_and_addresses_written_before_they_were_indexed(db):
    from desktop_crm.services.search_index import reindex_all_contacts
    from desktop_crm.store.search import index_documents

    cid = _add("Old Carla", "020 123 4567", address="Utrecht")
    index_documents([(cid, "old carla 020 123 4567")])  # what an older version stored
    assert query_contact_ids(ContactQuery(search="utrecht")) == []
    assert reindex_all_contacts() == 1
    assert query_contact_ids(ContactQuery(search="utrecht")) == [cid]
    assert query_contact_ids(ContactQuery(search="+31 20 123 4567")) == [cid]
