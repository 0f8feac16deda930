"""The first page of a date sort (next follow-up, last contact) read from the dated rows in
date order is exactly the head of the whole ordered list: ties, several or done follow-ups
per contact, contacts without a date, filters and both directions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from desktop_crm.services.contacts import ContactQuery, query_contact_ids
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction
from tests.services.test_list_pages import seed_contacts

START = datetime(2026, 1, 5, 9, 0)


@pytest.fixture
def dated(db):
    """120 contacts with 0-3 follow-ups (some done) and conversations; dates repeat often."""
    rng = random.Random(14)
    names = [
        f"{rng.choice(['Anna', 'Bram', 'Cees'])} {rng.choice(['Wit', 'Smit'])}" for _ in range(120)
    ]
    ids = seed_contacts(names)
    day = lambda: START + timedelta(days=rng.randrange(6))  # noqa: E731 - few dates: ties
    with write_transaction():
        for cid in ids:
            m.Contact.update(
                stage=rng.choice(["lead", "customer"]), archived=rng.random() < 0.1
            ).where(m.Contact.id == cid).execute()
            for _ in range(rng.randrange(4)):
                done = day() if rng.random() < 0.3 else None
                m.FollowUp.insert(contact=cid, due_at=day(), done_at=done).execute()
            for _ in range(rng.randrange(3)):
                m.Conversation.insert(contact=cid, kind="call", happened_at=day()).execute()
    return ids


@pytest.mark.parametrize("sort", ["next_follow_up", "last_contact"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("stage", [None, "customer"])
def test_the_first_page_of_a_date_sort_is_the_head_of_the_whole_list(
    dated, clock, sort, descending, stage
):
    query = ContactQuery(sort=sort, descending=descending, stage=stage)
    whole = query_contact_ids(query, clock=clock)

    for limit in (1, 7, 30, 60, 200):
        assert query_contact_ids(query, clock=clock, limit=limit) == whole[:limit]
