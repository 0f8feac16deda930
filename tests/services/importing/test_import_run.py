"""Running an import: one transaction, batches, duplicates against the database, cancel, undo."""

from __future__ import annotations

import pytest

from desktop_crm.services.importing import (
    Action,
    ImportCancelled,
    open_import,
    preview_import,
    run_import,
    undo_batch,
)
from desktop_crm.store import models as m
from desktop_crm.store.search import matching_ids_sql
from tests.services.importing.helpers import contact_count, write

CSV = (
    "Full Name,Email,Phone,Lifecycle Stage,Shoe size\n"
    "Anouk de Graaf,anouk@example.com,06-12121212,customer,39\n"
    "Bart Dijkstra,bart@example.com,06-56565656,opportunity,\n"
    "Bart Dijkstra,b.dijkstra@example.org,,,\n"
    "Hugo Bosch,hugo@,06-38383838,,\n"
)


def _ids_matching(text: str) -> set[int]:
    from desktop_crm.store.database import current_database

    sql, params = matching_ids_sql(text)
    return {row[0] for row in current_database().execute_sql(sql, params)}


def test_import_writes_batch_stage_history_custom_fields_tags_and_search(db, tmp_path, clock):
    path = write(tmp_path, "c.csv", CSV)
    report = run_import(
        open_import(path), lead_source="Bought list", tags=["KvK 2026"], clock=clock
    )
    assert (report.contacts_created, report.flagged_possible_duplicates, report.rejected) == (
        3,
        1,
        1,
    )
    batch = m.ImportBatch.get_by_id(report.batch_id)
    assert batch.contacts_created == 3
    contacts = list(m.Contact.select().order_by(m.Contact.id))
    assert {c.import_batch_id for c in contacts} == {batch.id}
    assert {c.lead_source for c in contacts} == {"bought_list"}
    assert [c.stage for c in contacts] == ["customer", "prospect", "lead"]
    assert contacts[2].possible_duplicate_of_id == contacts[1].id
    assert m.StageChange.select().where(m.StageChange.cause == "imported").count() == 3
    custom = {(f.contact_id, f.key, f.value) for f in m.CustomField.select()}
    assert (contacts[0].id, "Shoe size", "39") in custom
    assert (contacts[0].id, "Lifecycle Stage", "customer") in custom
    tagged = m.ContactTag.select().join(m.Tag).where(m.Tag.name == "KvK 2026").count()
    assert tagged == 3
    assert _ids_matching("graaf") == {contacts[0].id}
    assert _ids_matching("0656565656") == {contacts[1].id}


def test_reimport_finds_duplicates_among_stored_contacts(db, tmp_path, clock):
    path = write(tmp_path, "c.csv", CSV)
    run_import(open_import(path), clock=clock)
    again = run_import(open_import(path), clock=clock)
    assert again.contacts_created == 0
    assert again.skipped_exact_duplicates == 3
    other = write(tmp_path, "o.csv", "Name,Email\nAnouk de Graaf,anouk.work@example.com\n")
    flagged = run_import(open_import(other), clock=clock)
    assert flagged.flagged_possible_duplicates == 1
    anouk = m.Contact.get(m.Contact.display_name == "Anouk de Graaf", m.Contact.id > 3)
    assert anouk.possible_duplicate_of_id == 1


def test_dry_run_changes_nothing(db, tmp_path, clock):
    report = run_import(open_import(write(tmp_path, "c.csv", CSV)), dry_run=True, clock=clock)
    assert report.contacts_created == 3 and report.created[0]["id"] is None
    assert contact_count() == 0 and m.ImportBatch.select().count() == 0


def test_cancel_halfway_rolls_everything_back(db, tmp_path, clock):
    rows = "".join(f"Person {i},p{i}@example.com\n" for i in range(1200))
    path = write(tmp_path, "many.csv", "Name,Email\n" + rows)
    seen = []

    def cancel() -> bool:
        return len(seen) >= 1

    with pytest.raises(ImportCancelled):
        run_import(open_import(path), progress=seen.append, cancel=cancel, clock=clock)
    assert seen and seen[0].records == 500
    assert contact_count() == 0 and m.ImportBatch.select().count() == 0


def test_wizard_decisions_skip_merge_and_fix_a_rejected_row(db, tmp_path, clock):
    source = open_import(write(tmp_path, "c.csv", CSV))
    preview = preview_import(source)
    statuses = {row.line: row.status.value for row in preview.rows}
    assert statuses == {2: "new", 3: "new", 4: "possible_duplicate", 5: "rejected"}
    fixed = preview.rows[3].record
    fixed.emails = ["hugo@bosch.example.com"]
    report = run_import(
        source,
        decisions={2: Action.SKIP, 4: Action.MERGE},
        replacements={5: fixed},
        clock=clock,
    )
    assert report.contacts_created == 2 and report.merged == 1 and report.rejected == 0
    bart = m.Contact.get(m.Contact.display_name == "Bart Dijkstra")
    assert sorted(e.email for e in bart.emails) == ["b.dijkstra@example.org", "bart@example.com"]
    assert m.Contact.select().where(m.Contact.display_name == "Hugo Bosch").count() == 1


def test_undo_removes_the_batch_but_keeps_contacts_edited_since(db, tmp_path, clock):
    report = run_import(open_import(write(tmp_path, "c.csv", CSV)), clock=clock)
    edited = m.Contact.get(m.Contact.display_name == "Anouk de Graaf")
    edited.version += 1
    edited.save()
    noted = (
        m.Contact.select()
        .where(m.Contact.display_name == "Bart Dijkstra")
        .order_by(m.Contact.id)
        .first()
    )
    m.Conversation.create(contact=noted, kind="note", text="belde terug")
    result = undo_batch(report.batch_id, clock=clock)
    assert result.removed == 1
    assert sorted(name for _id, name in result.kept) == ["Anouk de Graaf", "Bart Dijkstra"]
    assert contact_count() == 2
    assert m.ImportBatch.get_by_id(report.batch_id).undone_at is not None
