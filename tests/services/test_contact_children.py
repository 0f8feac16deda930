"""The one writer of a contact's emails, phones and tags, as an edit and a merge use it."""

from __future__ import annotations

from desktop_crm.services.contact_children import write_children
from desktop_crm.services.contacts import create_contact, get_contact
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction


def test_the_lists_are_replaced_in_their_order_and_a_tag_is_found_in_any_case(db, clock):
    contact = create_contact(
        ContactDraft(
            full_name="Sanne de Wit",
            emails=[EmailEntry("old@example.nl", "home", True)],
            tags=["Bakery"],
        ),
        clock=clock,
    ).id
    with write_transaction():
        write_children(
            contact,
            [("b@example.nl", "work", False), ("a@example.nl", "home", True)],
            [("06 12345678", "+31612345678", "mobile", True)],
            ["bakery", "Trade fair"],
        )
    stored = get_contact(contact)
    assert [(e.email, e.label, e.is_primary) for e in stored.emails] == [
        ("b@example.nl", "work", False),
        ("a@example.nl", "home", True),
    ]
    assert [(p.e164, p.label, p.is_primary) for p in stored.phones] == [
        ("+31612345678", "mobile", True)
    ]
    assert sorted(stored.tags, key=str.lower) == ["Bakery", "Trade fair"]
    assert m.Tag.select().count() == 2  # "bakery" is the existing "Bakery", not a second tag


def test_empty_lists_clear_the_contact(db, clock):
    contact = create_contact(
        ContactDraft(full_name="Joost", emails=[EmailEntry("j@example.nl")], tags=["x"]),
        clock=clock,
    ).id
    with write_transaction():
        write_children(contact, [], [], [])
    stored = get_contact(contact)
    assert not (stored.emails or stored.phones or stored.tags)
