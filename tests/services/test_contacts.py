"""Contacts use cases: validation, one transaction each, history, filters and sorting."""

from datetime import timedelta

import pytest

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.errors import ConflictError, ValidationError
from desktop_crm.services import contacts as cs
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.store import models as m


def test_create_normalises_and_records_the_first_stage(db, clock):
    changes = cs.create_contact(
        ContactDraft(
            full_name="  Sanne   de Wit ",
            emails=[EmailEntry(" Sanne@Example.COM ")],
            phones=[PhoneEntry("06-12345678")],
            birthday=Birthday(3, 14),
            lead_source="Phone book",
        ),
        clock=clock,
    )
    assert changes.contacts_added_or_removed and changes.contact_ids == {changes.id}
    c = cs.get_contact(changes.id)
    assert (c.full_name, c.given_name, c.middle_name, c.family_name) == (
        "Sanne de Wit",
        "Sanne",
        "de",
        "Wit",
    )
    assert c.primary_email == "sanne@example.com" and c.phone_e164 == "+31612345678"
    assert c.birthday.iso() == "--03-14" and c.lead_source == "phone_book"
    history = list(m.StageChange.select().where(m.StageChange.contact == c.id))
    assert [(h.from_stage, h.to_stage, h.cause) for h in history] == [(None, "lead", "created")]


@pytest.mark.parametrize(
    "draft,field",
    [
        (ContactDraft(full_name="A", emails=[EmailEntry("not-an-email")]), "email"),
        (ContactDraft(full_name="A", phones=[PhoneEntry("onbekend")]), "phone"),
        (ContactDraft(full_name="A", stage="sleeping"), "stage"),
        (ContactDraft(full_name="A", website="javascript:alert(1)"), "website"),
        (ContactDraft(), "full_name"),
        (ContactDraft(full_name="x" * 400), "full_name"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(db, draft, field):
    with pytest.raises(ValidationError) as err:
        cs.create_contact(draft)
    assert err.value.field == field and err.value.message
    assert m.Contact.select().count() == 0


def test_a_use_case_that_fails_halfway_leaves_nothing_behind(db, monkeypatch):
    import desktop_crm.services.contacts as module

    def explode(ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "reindex_contacts", explode)
    with pytest.raises(RuntimeError):
        cs.create_contact(ContactDraft(full_name="Half Way", emails=[EmailEntry("h@example.com")]))
    assert m.Contact.select().count() == 0
    assert m.ContactEmail.select().count() == 0
    assert m.StageChange.select().count() == 0


def test_a_save_over_someone_elses_edit_is_refused(db):
    c = cs.get_contact(cs.create_contact(ContactDraft(full_name="Anna Visser")).id)
    draft = cs.draft_from(c)
    changes = cs.update_contact(c.id, draft, expected_version=c.version)
    assert changes.contact_ids == {c.id} and changes.id == c.id
    with pytest.raises(ConflictError):
        cs.update_contact(c.id, draft, expected_version=c.version)


def test_set_stage_records_history_and_skips_no_ops(db, clock):
    a = cs.create_contact(ContactDraft(full_name="A"), clock=clock).id
    b = cs.create_contact(ContactDraft(full_name="B", stage="customer"), clock=clock).id
    changes = cs.set_stage([a, b], "customer", clock=clock)
    assert changes.contact_ids == {a}
    rows = m.StageChange.select().where(m.StageChange.contact == a).order_by(m.StageChange.id)
    assert [(r.from_stage, r.to_stage, r.cause) for r in rows] == [
        (None, "lead", "created"),
        ("lead", "customer", "manual"),
    ]


def test_filters_and_sorting(db, clock):
    from desktop_crm.services.followups import add_follow_up
    from desktop_crm.services.questions import raise_question

    anna = cs.create_contact(
        ContactDraft(full_name="Anna Zeeman", company="Zeta", tags=["beurs"]), clock=clock
    ).id
    bert = cs.create_contact(
        ContactDraft(full_name="Bert Aalders", company="alpha", lead_source="internet"), clock=clock
    ).id
    carl = cs.create_contact(ContactDraft(full_name="Carl Mol", stage="prospect"), clock=clock).id
    raise_question(bert, "Prijs?", clock=clock)
    add_follow_up(carl, clock.now() - timedelta(days=1), "bellen", clock=clock)
    q = cs.ContactQuery
    assert cs.query_contact_ids(q(), clock=clock) == [bert, carl, anna]  # by family name
    assert cs.query_contact_ids(q(sort="company"), clock=clock) == [carl, bert, anna]
    assert cs.query_contact_ids(q(sort="name", descending=True), clock=clock) == [anna, carl, bert]
    assert cs.query_contact_ids(q(stage="prospect"), clock=clock) == [carl]
    assert cs.query_contact_ids(q(tag="BEURS"), clock=clock) == [anna]
    assert cs.query_contact_ids(q(lead_source="internet"), clock=clock) == [bert]
    assert cs.query_contact_ids(q(has_open_questions=True), clock=clock) == [bert]
    assert cs.query_contact_ids(q(follow_up_overdue=True), clock=clock) == [carl]
    assert cs.query_contact_ids(q(sort="next_follow_up"), clock=clock)[0] == carl
    cs.archive_contacts([anna])
    assert anna not in cs.query_contact_ids(q(), clock=clock)
    assert anna in cs.query_contact_ids(q(include_archived=True), clock=clock)


def test_summaries_fetch_only_the_rows_asked_for(db, clock):
    ids = [cs.create_contact(ContactDraft(full_name=f"P {i}"), clock=clock).id for i in range(5)]
    rows = cs.summaries(ids[1:3])
    assert set(rows) == set(ids[1:3]) and rows[ids[1]].full_name == "P 1"


def test_tags_are_case_insensitive_and_bulk(db):
    a = cs.create_contact(ContactDraft(full_name="A", tags=["Klant"])).id
    b = cs.create_contact(ContactDraft(full_name="B")).id
    cs.tag_contacts([a, b], "klant")
    assert cs.all_tags() == ["Klant"]
    assert cs.get_contact(b).tags == ("Klant",)
    cs.tag_contacts([a], "Klant", remove=True)
    assert cs.get_contact(a).tags == ()


def test_details_and_the_draft_made_from_them_carry_every_field(db):
    draft = ContactDraft(
        full_name="Ada Lovelace",
        company="Analytical Engines",
        job_title="Programmer",
        address="12 St James's Square",
        website="https://example.org",
        notes="Likes numbers",
        birthday=Birthday(12, 10, 1815),
        birthday_card_days=3,
        lead_source="fair",
        stage="prospect",
        emails=[EmailEntry("ada@example.org")],
    )
    details = cs.get_contact(cs.create_contact(draft).id)
    assert (details.given_name, details.family_name) == ("Ada", "Lovelace")
    for name in ("company", "job_title", "address", "website", "notes", "lead_source"):
        assert getattr(details, name) == getattr(draft, name), name
    assert (details.birthday, details.birthday_card_days) == (Birthday(12, 10, 1815), 3)
    assert details.stage == "prospect"
    again = cs.draft_from(details)
    for name in ("given_name", "family_name", "company", "notes", "birthday", "stage"):
        assert getattr(again, name) == getattr(details, name), name
    assert again.birthday_card_days == 3
    # Saved back unchanged, the draft changes nothing.
    cs.update_contact(details.id, again, expected_version=details.version)
    after = cs.get_contact(details.id)
    assert after.field_values() == details.field_values()
