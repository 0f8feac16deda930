"""Sync on a shared PostgreSQL database: the same round trip as on SQLite, against Radicale."""

from __future__ import annotations

import pytest

from desktop_crm.services.contacts import get_contact
from desktop_crm.services.conversations import conversations_of
from desktop_crm.services.sync.setup import add_account
from desktop_crm.store import models as m
from tests.backends import open_backend
from tests.sync.servers import PASSWORD, USER, Phone, start_radicale
from tests.sync.test_contacts_sync import PHONE_CARD, _edit, _new_contact, _sync


@pytest.fixture(params=["postgres"])
def pg_db(request, data_paths):
    yield from open_backend(request, data_paths)


@pytest.fixture
def radicale(tmp_path):
    pytest.importorskip("radicale")
    folder = tmp_path / "radicale"
    folder.mkdir()
    server = start_radicale(folder)
    yield server
    server.stop()


def test_contacts_go_both_ways_and_a_conflict_keeps_both_values_on_postgresql(
    pg_db, data_paths, clock, radicale
):
    account, _in_keyring = add_account(data_paths.root, radicale.url, USER, PASSWORD)
    phone = Phone(radicale.url)
    contact_id = _new_contact(clock)
    phone.put(account.addressbook + "petra.vcf", PHONE_CARD)
    report = _sync(data_paths, clock)
    assert (report["contacts"]["sent"], report["contacts"]["received"]) == (1, 1)
    ours = next(h for h in phone.list(account.addressbook) if not h.endswith("petra.vcf"))
    body, _etag = phone.get(ours)
    phone.put(ours, body.replace("ORG:Acme", "ORG:Phone Company"))
    _edit(contact_id, clock, company="Desk Company")
    report = _sync(data_paths, clock)
    assert report["contacts"]["conflicts"] == 1
    assert get_contact(contact_id).company == "Desk Company"
    assert any("Phone Company" in c.text for c in conversations_of(contact_id))
    assert m.SyncItem.select().where(m.SyncItem.kind == "contact").count() == 2
    assert _sync(data_paths, clock)["contacts"] == dict.fromkeys(report["contacts"], 0)
