"""Merging duplicates keeps every related row, undo restores both contacts exactly, and a
merge that fails halfway leaves nothing behind; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import peewee as pw
import pytest

from desktop_crm.errors import NotFoundError, UserError, ValidationError
from desktop_crm.services.contacts import (
    ContactQuery,
    create_contact,
    draft_from,
    get_contact,
    list_contacts,
    update_contact,
)
from desktop_crm.services.duplicates import find_duplicates, ignore_pair
from desktop_crm.services.merge import merge_contacts, merged_message, unmerge
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite

# Rows the merge may touch; emails, phones and tag links are compared by value because
# every contact save writes them anew.
_BY_VALUE = {m.ContactEmail, m.ContactPhone, m.ContactTag}
_TABLES = [
    m.Contact,
    m.ContactEmail,
    m.ContactPhone,
    m.Tag,
    m.ContactTag,
    m.CustomField,
    m.Conversation,
    m.Question,
    m.FollowUp,
    m.ContactCriterion,
    m.Deal,
    m.StageChange,
    m.DuplicateIgnore,
]


def dump() -> dict[str, list[tuple]]:
    """Every row of every contact-related table, in a stable order."""
    found = {}
    for model in _TABLES:
        fields = [
            f for f in model._meta.sorted_fields if not (model in _BY_VALUE and f.name == "id")
        ]
        rows = model.select(*fields).tuples()
        found[model._meta.table_name] = sorted(rows, key=repr)
    return found


def _add(clock, name, *, emails=(), phones=(), company="", stage="lead", tags=()):
    return create_contact(
        ContactDraft(
            full_name=name,
            company=company,
            stage=stage,
            emails=[EmailEntry(e, is_primary=i == 0) for i, e in enumerate(emails)],
            phones=[PhoneEntry(p, is_primary=i == 0) for i, p in enumerate(phones)],
            tags=list(tags),
        ),
        clock=clock,
    )


def _related(contact_id: int, at: datetime) -> None:
    """One row of every kind a contact can own."""
    m.Conversation.create(
        contact=contact_id, kind="call", happened_at=at, text=f"call {contact_id}"
    )
    m.Question.create(contact=contact_id, text=f"price? {contact_id}", raised_at=at)
    m.FollowUp.create(contact=contact_id, due_at=at, text=f"ring {contact_id}", created_at=at)
    stage = m.PipelineStage.select().order_by(m.PipelineStage.id).first()
    m.Deal.create(
        contact=contact_id,
        pipeline=stage.pipeline_id,
        stage=stage,
        title=f"deal {contact_id}",
        value_minor=1000 * contact_id,
        expected_close=date(2026, 5, 1),
        created_at=at,
        updated_at=at,
    )
    m.CustomField.create(contact=contact_id, key="shoe size", value=str(40 + contact_id))


@pytest.fixture
def pair(db, clock):
    """Jan de Vries twice: a lead from a bought list and a prospect from a phone import."""
    at = datetime(2026, 3, 1, 9, 0)
    kept = _add(clock, "Jan de Vries", emails=["jan@example.com"], company="", tags=["beurs"])
    other = _add(
        clock,
        "J. de Vries",
        emails=["JAN@example.com", "jan@work.example.org"],
        phones=["06-12345678"],
        company="De Vries BV",
        stage="prospect",
        tags=["klant", "beurs"],
    )
    _related(kept.id, at)
    _related(other.id, at)
    criteria = list(m.Criterion.select().order_by(m.Criterion.position))
    m.ContactCriterion.create(contact=kept.id, criterion=criteria[0], answer="unknown")
    m.ContactCriterion.create(contact=other.id, criterion=criteria[0], answer="met")
    m.ContactCriterion.create(contact=other.id, criterion=criteria[1], answer="met")
    m.ContactCriterion.create(contact=kept.id, criterion=criteria[2], answer="not_met")
    m.ContactCriterion.create(contact=other.id, criterion=criteria[2], answer="met")
    return kept.id, other.id


def test_saving_flags_possible_duplicates_and_the_filter_shows_them(db, clock):
    first = _add(clock, "Anna Bakker", emails=["anna@example.com"])
    assert get_contact(first.id).possible_duplicate_of is None
    second = _add(clock, "Bakker, Anna", emails=["Anna@Example.com"])
    assert get_contact(second.id).possible_duplicate_of == first.id
    assert get_contact(first.id).possible_duplicate_of == second.id
    flagged = list_contacts(ContactQuery(possible_duplicates=True), clock=clock)
    assert {c.id for c in flagged} == {first.id, second.id}
    # An edit that takes the shared email away clears both flags.
    draft = draft_from(get_contact(second.id))
    draft.emails = [EmailEntry("anna@elsewhere.example.org", is_primary=True)]
    update_contact(second.id, draft, clock=clock)
    assert get_contact(second.id).possible_duplicate_of is None
    assert get_contact(first.id).possible_duplicate_of is None


def test_scan_groups_and_not_a_duplicate(pair, clock):
    kept, other = pair
    _add(clock, "Somebody Else", emails=["else@example.com"])
    groups = find_duplicates()
    assert [g.contact_ids for g in groups] == [tuple(sorted(pair))]
    assert groups[0].reasons == ("same_email", "similar_name")
    ignore_pair(other, kept)
    assert find_duplicates() == []
    assert get_contact(kept).possible_duplicate_of is None
    assert get_contact(other).possible_duplicate_of is None
    with pytest.raises(ValidationError):
        ignore_pair(kept, kept)


def test_merge_keeps_every_related_row_and_the_furthest_stage(pair, clock):
    kept, other = pair
    before = dump()
    result = merge_contacts(kept, [other], clock=clock)
    assert result.to_json() == {"merge_id": result.merge_id, "kept": kept, "merged": [other]}
    merged = get_contact(kept)
    assert merged.full_name == "Jan de Vries"  # the kept contact's name
    assert merged.company == "De Vries BV"  # the kept contact had none
    assert merged.stage == "prospect"
    assert [e.email for e in merged.emails] == ["jan@example.com", "jan@work.example.org"]
    assert [p.e164 for p in merged.phones] == ["+31612345678"]
    assert merged.tags == ("beurs", "klant")
    assert sorted(v for _k, v in merged.custom_fields) == [str(40 + kept), str(40 + other)]
    for model in (m.Conversation, m.Question, m.FollowUp, m.Deal):
        rows = list(model.select())
        assert len(rows) == len(before[model._meta.table_name]) == 2
        assert {r.contact_id for r in rows} == {kept}
    answers = {
        a.criterion.position: a.answer
        for a in m.ContactCriterion.select().where(m.ContactCriterion.contact == kept)
    }
    assert answers == {0: "met", 1: "met", 2: "not_met"}
    history = list(m.StageChange.select().where(m.StageChange.contact == kept))
    assert len(history) == 3  # both "created" rows and the merge
    merge_row = next(h for h in history if h.cause == "merged")
    assert (merge_row.from_stage, merge_row.to_stage) == ("lead", "prospect")
    assert str(other) in merge_row.note
    # The merged-away contact is hidden, and says where it went.
    hidden = m.Contact.get_by_id(other)
    assert hidden.archived and hidden.merged_into_id == kept
    assert other not in {c.id for c in list_contacts(ContactQuery(include_archived=True))}
    assert f"number {kept}" in merged_message(other)
    assert merged_message(kept) is None


def test_choosing_per_field_whose_value_to_keep(pair, clock):
    kept, other = pair
    merge_contacts(kept, [other], choices={"name": other, "company": kept}, clock=clock)
    merged = get_contact(kept)
    assert merged.full_name == "J. de Vries"
    assert merged.company == ""
    with pytest.raises(ValidationError):
        merge_contacts(kept, [other], choices={"colour": kept})


def test_unmerge_restores_both_contacts_and_every_row_exactly(pair, clock):
    kept, other = pair
    json_before = {cid: get_contact(cid).to_json() for cid in pair}
    rows_before = dump()
    result = merge_contacts(kept, [other], clock=clock)
    assert dump() != rows_before
    undone = unmerge(result.merge_id, clock=clock)
    assert undone.kept == kept and undone.merged == (other,)
    assert {cid: get_contact(cid).to_json() for cid in pair} == json_before
    assert dump() == rows_before
    assert find_duplicates()[0].contact_ids == tuple(sorted(pair))


def test_edits_after_the_merge_survive_the_undo(pair, clock):
    kept, other = pair
    other_before = get_contact(other).to_json()
    result = merge_contacts(kept, [other], clock=clock)
    draft = draft_from(get_contact(kept))
    draft.job_title = "Owner"
    draft.emails = [*draft.emails, EmailEntry("new@example.com")]
    update_contact(kept, draft, clock=clock)
    m.Conversation.create(contact=kept, kind="note", text="after the merge")
    unmerge(result.merge_id, clock=clock)
    restored = get_contact(kept)
    assert restored.job_title == "Owner"
    assert restored.company == ""  # the merge's choice is taken back
    assert [e.email for e in restored.emails] == ["jan@example.com", "new@example.com"]
    assert get_contact(other).to_json() == other_before
    texts = {c.text: c.contact_id for c in m.Conversation.select()}
    assert texts == {f"call {kept}": kept, f"call {other}": other, "after the merge": kept}


def test_bad_merges_and_undos_change_nothing(pair, clock):
    kept, other = pair
    before = dump()
    for call in (
        lambda: merge_contacts(kept, [kept]),
        lambda: merge_contacts(kept, []),
        lambda: merge_contacts(kept, [other, 99999]),
        lambda: merge_contacts(99999, [other]),
        lambda: unmerge(12345),
    ):
        with pytest.raises(UserError):
            call()
        assert dump() == before
    result = merge_contacts(kept, [other], clock=clock)
    with pytest.raises(ValidationError):
        merge_contacts(other, [kept])  # the merged-away one is gone
    unmerge(result.merge_id, clock=clock)
    after_undo = dump()
    with pytest.raises(ValidationError):
        unmerge(result.merge_id, clock=clock)
    assert dump() == after_undo
    with pytest.raises(NotFoundError):
        get_contact(99999)


def _break_merge_records(db) -> None:
    """A real database trigger that refuses the merge's last write."""
    if is_sqlite(db):
        db.execute_sql(
            "CREATE TRIGGER refuse_merge BEFORE INSERT ON contact_merge "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    else:
        db.execute_sql(
            "CREATE FUNCTION refuse_merge() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql"
        )
        db.execute_sql(
            "CREATE TRIGGER refuse_merge BEFORE INSERT ON contact_merge "
            "FOR EACH ROW EXECUTE FUNCTION refuse_merge()"
        )


def test_a_merge_that_fails_halfway_leaves_nothing(pair, db, clock):
    kept, other = pair
    before = dump()
    json_before = {cid: get_contact(cid).to_json() for cid in pair}
    _break_merge_records(db)
    with pytest.raises(pw.DatabaseError):
        merge_contacts(kept, [other], clock=clock)
    assert dump() == before
    assert {cid: get_contact(cid).to_json() for cid in pair} == json_before


def test_three_contacts_merge_and_unmerge(db, clock):
    a = _add(clock, "Sanne Bakker", emails=["sanne@example.com"], stage="customer")
    b = _add(clock, "Bakker, Sanne", emails=["sanne@example.com"], phones=["0612345678"])
    c = _add(clock, "S. Bakker", phones=["+31 6 12345678"], stage="repeat_buyer")
    json_before = {x.id: get_contact(x.id).to_json() for x in (a, b, c)}
    rows_before = dump()
    result = merge_contacts(b.id, [a.id, c.id], clock=clock)
    assert get_contact(b.id).stage == "repeat_buyer"
    assert [p.e164 for p in get_contact(b.id).phones] == ["+31612345678"]
    unmerge(result.merge_id, clock=clock)
    assert {x: get_contact(x).to_json() for x in json_before} == json_before
    assert dump() == rows_before
