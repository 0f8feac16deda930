"""File › Remove sample data keeps what it deleted, and its Undo writes every row back as it
was (contacts, emails, phones, tags, talks, questions, follow-ups, answers, deals, stage
history, merges, ignored pairs, search texts, the batch), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from desktop_crm.services.contacts import create_contact, tag_contacts
from desktop_crm.services.conversations import Kind, log_conversation
from desktop_crm.services.demo import fill_demo, has_sample_data
from desktop_crm.services.duplicates import ignore_pair
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.sample_removal import put_back_sample_data, take_out_sample_data
from desktop_crm.store import models as m
from desktop_crm.store.search import PG_TABLE, TRIGRAM_TABLE, WORD_TABLE
from tests.table_rows import all_rows

SEARCH_TABLES = {TRIGRAM_TABLE, WORD_TABLE, PG_TABLE}


@pytest.fixture
def mixed(db, clock) -> dict[str, int]:
    """Real contacts next to 40 sample ones, pointing at them (a possible duplicate, an
    ignored pair, a shared tag)."""
    real = create_contact(ContactDraft(full_name="Real Customer"), clock=clock).id
    fill_demo(clock=clock, count=40)
    sample = [c.id for c in m.Contact.select().where(m.Contact.import_batch.is_null(False))]
    ignore_pair(real, sample[4])  # (clears the pair's flags: before the flags below)
    ignore_pair(sample[5], sample[6])
    m.Contact.update(possible_duplicate_of=sample[0]).where(m.Contact.id == real).execute()
    m.Contact.update(possible_duplicate_of=sample[2]).where(m.Contact.id == sample[1]).execute()
    m.Contact.update(merged_into=sample[-1]).where(m.Contact.id == sample[3]).execute()
    tag_contacts([real, *sample[:10]], "Beurs 2026")
    return {"real": real, "first sample": sample[0]}


def test_undo_of_removing_sample_data_puts_every_row_back(db, clock, mixed):
    before = all_rows()
    removal = take_out_sample_data(clock=clock)
    assert not has_sample_data() and len(removal.contact_ids) == 40
    assert m.Contact.get_by_id(mixed["real"]).possible_duplicate_of_id is None
    removed = all_rows()
    tables = {model._meta.table_name for model, _rows in removal.children}
    assert tables >= {"contact_email", "contact_tag", "conversation", "follow_up", "deal"}
    assert tables >= {"stage_change", "duplicate_ignore", "contact_criterion"}

    changes = put_back_sample_data(removal)
    assert changes.contacts_added_or_removed and changes.contact_ids == set(removal.contact_ids)
    assert all_rows() == before and has_sample_data()

    again = take_out_sample_data(clock=clock)  # Redo
    assert all_rows() == removed
    put_back_sample_data(again)
    assert all_rows() == before


def test_undo_after_new_rows_took_the_removed_ids_keeps_both(db, clock, mixed):
    removal = take_out_sample_data(clock=clock)
    # A new contact (and a talk) may get a removed contact's id back (SQLite reuses the
    # highest), and the shared tag may be deleted in Settings meanwhile.
    new = create_contact(ContactDraft(full_name="New Person"), clock=clock).id
    log_conversation(new, Kind.NOTE, "Met at the fair", clock=clock)
    m.Tag.delete().where(m.Tag.name == "Beurs 2026").execute()
    counts = {table: len(rows) for table, rows in all_rows().items()}

    put_back_sample_data(removal)
    assert m.Contact.get_by_id(new).display_name == "New Person"
    assert [c.text for c in m.Conversation.select().where(m.Conversation.contact == new)] == [
        "Met at the fair"
    ]
    for model, rows in removal.children:  # every removed row is back, next to the new ones
        counts[model._meta.table_name] += len(rows)
    for table in ("contact", *SEARCH_TABLES & counts.keys()):
        counts[table] += 40
    counts["tag"] += 1  # made again under its name, for the sample's links
    assert {table: len(rows) for table, rows in all_rows().items()} == counts
    tagged = m.ContactTag.select().join(m.Tag).where(m.Tag.name == "Beurs 2026").count()
    assert tagged == 10


def test_removing_nothing_keeps_nothing_and_its_undo_writes_nothing(db, clock):
    create_contact(ContactDraft(full_name="Real Customer"), clock=clock)
    before = all_rows()
    removal = take_out_sample_data(clock=clock)
    assert removal.contacts == [] and removal.changes.contact_ids == set()
    assert put_back_sample_data(removal).contact_ids == set()
    assert all_rows() == before
