"""The archive: archived contacts listed on their own and brought back, all or none."""

import pytest

from desktop_crm.errors import NotFoundError
from desktop_crm.services import contacts as cs
from desktop_crm.services.contact_queries import ContactQuery, count_contacts, get_contact
from desktop_crm.services.list_pages import first_page, read_id_list
from desktop_crm.services.merge import merge_contacts
from desktop_crm.services.records import ContactDraft


def _add(name: str, clock) -> int:
    return cs.create_contact(ContactDraft(full_name=name), clock=clock).id


def test_the_archive_lists_archived_contacts_only(db, clock):
    live, gone, also_gone = (_add(n, clock) for n in ("Anna", "Bert", "Carl"))
    cs.archive_contacts([gone, also_gone], clock=clock)
    archive = ContactQuery(archived_only=True)

    assert cs.query_contact_ids(archive, clock=clock) == [gone, also_gone]
    assert list(read_id_list(archive, clock=clock).ids) == [gone, also_gone]
    assert first_page(archive, clock=clock).ids == [gone, also_gone]
    assert count_contacts(archive, clock=clock) == 2
    assert cs.query_contact_ids(ContactQuery(), clock=clock) == [live]
    # A search in the archive finds archived contacts only, and the live list none of them.
    assert first_page(ContactQuery(search="bert", archived_only=True), clock=clock).ids == [gone]
    assert first_page(ContactQuery(search="bert"), clock=clock).ids == []


def test_a_merged_away_contact_is_not_in_the_archive(db, clock):
    kept, other = _add("Dirk", clock), _add("Dirk B", clock)
    merge_contacts(kept, [other], clock=clock)

    assert cs.query_contact_ids(ContactQuery(archived_only=True), clock=clock) == []
    with pytest.raises(NotFoundError):
        cs.restore_contacts([other], clock=clock)


def test_restore_brings_contacts_back_in_one_change(db, clock):
    anna, bert = _add("Anna", clock), _add("Bert", clock)
    cs.archive_contacts([anna, bert], clock=clock)
    version = get_contact(anna).version

    changes = cs.restore_contacts([anna, bert], clock=clock)

    assert changes.contact_ids == {anna, bert} and changes.contacts_added_or_removed
    assert cs.query_contact_ids(ContactQuery(), clock=clock) == [anna, bert]
    assert cs.query_contact_ids(ContactQuery(archived_only=True), clock=clock) == []
    assert get_contact(anna).version == version + 1


def test_an_unknown_number_restores_nothing(db, clock):
    anna = _add("Anna", clock)
    cs.archive_contacts([anna], clock=clock)

    with pytest.raises(NotFoundError, match="999999"):
        cs.restore_contacts([anna, 999999], clock=clock)

    assert get_contact(anna).archived
