"""Opening the database: pragmas, file modes, schema version, search recall."""

import os
import stat

import pytest

from desktop_crm.errors import DatabaseError
from desktop_crm.services.contacts import ContactQuery, create_contact, query_contact_ids
from desktop_crm.services.records import ContactDraft, EmailEntry
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database
from desktop_crm.store.migrations import LATEST, schema_version


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


@pytest.mark.sqlite_only
def test_data_folder_is_0700_and_database_file_0600(db, data_paths):
    assert stat.S_IMODE(os.stat(data_paths.root).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data_paths.database).st_mode) == 0o600


def test_a_fresh_database_is_at_the_latest_schema_with_default_criteria(db):
    assert schema_version(db) == LATEST
    names = [c.name for c in m.Criterion.select().order_by(m.Criterion.position)]
    assert names == ["Fits the target market", "Has the means to buy", "Can decide"]
    stages = [s.name for s in m.PipelineStage.select().order_by(m.PipelineStage.position)]
    assert stages == ["Qualified", "Presentation", "Proposal", "Negotiation", "Won", "Lost"]


def test_a_database_from_a_newer_version_is_refused(db, data_paths):
    from desktop_crm.store.database import is_sqlite
    from tests.backends import POSTGRES_URL

    m.AppMeta.update(value=str(LATEST + 5)).where(m.AppMeta.key == "schema_version").execute()
    sqlite = is_sqlite(db)
    close_database()
    with pytest.raises(DatabaseError, match="newer version"):
        if sqlite:
            open_database(path=data_paths.database)
        else:
            open_database(url=POSTGRES_URL)


def _add(name, email=None):
    emails = [EmailEntry(email)] if email else []
    return create_contact(ContactDraft(full_name=name, emails=emails)).id


@pytest.mark.parametrize(
    "term,expected",
    [
        ("muller", ["Thomas Müller"]),  # accent-insensitive
        ("MÜLLER", ["Thomas Müller"]),
        ("berg", ["Allen Ginsberg", "Berg Bouw"]),  # inside words
        ("山田", ["山田 太郎", "山田花子"]),  # short CJK names, with and without a space
        ("太郎", ["山田 太郎"]),
        ("花子", ["山田花子"]),
        ("gi", ["Allen Ginsberg"]),  # two letters: start of a word
        ("zoe", ["Zoë Laurent"]),
        ("thom mull", ["Thomas Müller"]),  # every term must match
        ("example.org", ["Berg Bouw"]),  # email addresses are searchable
        ("nobody", []),
    ],
)
def test_search_recall(db, term, expected):
    ids = {
        _add("Thomas Müller"): "Thomas Müller",
        _add("Allen Ginsberg"): "Allen Ginsberg",
        _add("Berg Bouw", "info@berg.example.org"): "Berg Bouw",
        _add("山田 太郎"): "山田 太郎",
        _add("山田花子"): "山田花子",
        _add("Zoë Laurent"): "Zoë Laurent",
    }
    found = sorted(ids[i] for i in query_contact_ids(ContactQuery(search=term)))
    assert found == sorted(expected)


def test_search_follows_edits(db):
    from desktop_crm.services.contacts import draft_from, get_contact, update_contact

    cid = _add("Anna Visser")
    draft = draft_from(get_contact(cid))
    draft.full_name, draft.given_name, draft.family_name = "Anna Smit", "", ""
    update_contact(cid, draft)
    assert query_contact_ids(ContactQuery(search="visser")) == []
    assert query_contact_ids(ContactQuery(search="smit")) == [cid]


def test_tags_and_conversations_are_searchable_after_bulk_changes(db):
    from desktop_crm.services.contacts import tag_contacts
    from desktop_crm.services.conversations import log_conversation

    ids = [_add(f"Klant {i}") for i in range(3)]
    tag_contacts(ids[:2], "Vakbeurs 2026")
    log_conversation(ids[2], "call", "Wil een offerte voor zonnepanelen")
    assert sorted(query_contact_ids(ContactQuery(search="vakbeurs"))) == sorted(ids[:2])
    assert query_contact_ids(ContactQuery(search="zonnepanelen")) == [ids[2]]
