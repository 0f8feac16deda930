"""Every mutating service says what it changed: the UI publishes that and never guesses."""

from __future__ import annotations

from desktop_crm.services import contacts as cs
from desktop_crm.services import deals, questions
from desktop_crm.services.records import ContactDraft


def test_create_and_update_a_contact_name_it(db, clock):
    created = cs.create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    assert created.contact_ids == {created.id} and created.contacts_added_or_removed

    draft = cs.draft_from(cs.get_contact(created.id))
    updated = cs.update_contact(created.id, draft, clock=clock)
    assert updated.contact_ids == {created.id} and not updated.contacts_added_or_removed


def test_a_question_and_a_deal_carry_their_number_and_their_contact(db, clock):
    cid = cs.create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id

    asked = questions.raise_question(cid, "Price?", clock=clock)
    assert asked.questions and asked.contact_ids == {cid}
    assert [q.id for q in questions.questions_of(cid)] == [asked.id]

    added = deals.add_deal(cid, "Website", 100_00, clock=clock)
    assert added.deals and added.contact_ids == {cid}
    edited = deals.update_deal(added.id, title="Shop", value_minor=200_00, clock=clock)
    assert edited.deals and edited.id == added.id
    assert [(d.id, d.title) for d in deals.deals_of(cid)] == [(added.id, "Shop")]
