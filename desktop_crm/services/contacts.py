"""Contacts: create, change, tag, archive, move between stages. One transaction per use case.

The reads (the list's query, pages, one contact's details) live in
`services/contact_queries.py` and are named here too, so callers of either half may import
from this module; the window's start imports the read half alone."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.contact_fields import PLAIN_TEXT_FIELDS
from desktop_crm.domain.names import sort_name
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import ConflictError, NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_children import tag_named, write_children
from desktop_crm.services.contact_queries import (
    CHUNK,
    SORT_KEYS,
    ContactQuery,
    all_tags,
    count_contacts,
    get_contact,
    head_selects,
    list_contacts,
    query_contact_ids,
    summaries,
    used_lead_sources,
)
from desktop_crm.services.contact_rows import contact_row, move_stage, save_changed
from desktop_crm.services.contact_validation import normalise_draft
from desktop_crm.services.custom_fields import clean_values, first_values, write_values
from desktop_crm.services.duplicates import recheck_contacts
from desktop_crm.services.records import ContactDetails, ContactDraft
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.services.stage_history import record_stage_change
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite, write_transaction

__all__ = [
    # the reads, from contact_queries
    "SORT_KEYS",
    "ContactQuery",
    "all_tags",
    "count_contacts",
    "get_contact",
    "head_selects",
    "list_contacts",
    "query_contact_ids",
    "summaries",
    "used_lead_sources",
    # the writes
    "archive_contacts",
    "create_contact",
    "draft_from",
    "restore_contacts",
    "set_stage",
    "tag_contacts",
    "update_contact",
]


def _write_children(contact: m.Contact, draft: ContactDraft) -> None:
    write_children(
        contact.id,
        ((e.email, e.label, e.is_primary) for e in draft.emails),
        ((p.raw, p.e164, p.label, p.is_primary) for p in draft.phones),
        draft.tags,
    )


def _apply_fields(contact: m.Contact, draft: ContactDraft) -> None:
    contact.given_name = draft.given_name
    contact.middle_name = draft.middle_name
    contact.family_name = draft.family_name
    contact.display_name = draft.full_name
    contact.sort_name = sort_name(
        draft.given_name, draft.middle_name, draft.family_name, draft.full_name
    )
    for field in PLAIN_TEXT_FIELDS:
        setattr(contact, field.name, getattr(draft, field.name))
    contact.lead_source = draft.lead_source
    contact.birthday_card_days = draft.birthday_card_days
    b = draft.birthday
    contact.birthday_year = b.year if b else None
    contact.birthday_month = b.month if b else None
    contact.birthday_day = b.day if b else None


def create_contact(
    draft: ContactDraft,
    *,
    clock: Clock | None = None,
    region: str = DEFAULT_REGION,
    cause: Cause = Cause.CREATED,
) -> Changes:
    """Add a contact; the new contact's number is the returned `Changes.id`."""
    clock = clock or SystemClock()
    clean = normalise_draft(draft, region)
    custom = clean_values(draft.custom_fields or {})
    now = to_storage(clock.now())
    with write_transaction():
        contact = m.Contact(stage=clean.stage, created_at=now, updated_at=now)
        _apply_fields(contact, clean)
        contact.save()
        _write_children(contact, clean)
        write_values(contact.id, custom)
        record_stage_change(contact.id, None, Stage(clean.stage), cause, now)
        reindex_contacts([contact.id])
        recheck_contacts([contact.id])  # keeps the "Possible duplicates" filter current
    return Changes(contact_ids={contact.id}, contacts_added_or_removed=True, id=contact.id)


def update_contact(
    contact_id: int,
    draft: ContactDraft,
    *,
    clock: Clock | None = None,
    region: str = DEFAULT_REGION,
    expected_version: int | None = None,
) -> Changes:
    """Save the editable fields. The stage is changed with `set_stage`, never here.

    With `expected_version`, a save over someone else's newer edit is refused."""
    clock = clock or SystemClock()
    clean = normalise_draft(draft, region)
    custom = None if draft.custom_fields is None else clean_values(draft.custom_fields)
    with write_transaction():
        # The version is claimed before the row is read, so the row read is the newest
        # (on a server the claim holds the row lock until this transaction ends).
        if expected_version is not None and not _claim_version(contact_id, expected_version):
            contact = contact_row(contact_id)
            raise ConflictError(
                _(
                    "{name} was changed elsewhere while you edited it. Your changes were not "
                    "saved; reopen the contact to see the latest version."
                ).format(name=contact.display_name or contact_id)
            )
        contact = contact_row(contact_id)
        _apply_fields(contact, clean)
        if expected_version is None:
            contact.version = contact.version + 1
        contact.updated_at = to_storage(clock.now())
        # Only the fields the form edits: never the stage or anything else read earlier.
        contact.save(only=contact.dirty_fields)
        _write_children(contact, clean)
        if custom is not None:
            write_values(contact_id, custom)
        reindex_contacts([contact.id])
        recheck_contacts([contact.id])  # keeps the "Possible duplicates" filter current
    # The name can move the contact in the list; birthday edits change Today and the alarms.
    return Changes(contact_ids={contact_id}, follow_ups=True, id=contact_id)


def _claim_version(contact_id: int, expected_version: int) -> bool:
    """Compare-and-set on the version: of two desktops saving the same version, the
    database lets exactly one through (the row lock makes the second see the new one)."""
    bumped = (
        m.Contact.update(version=expected_version + 1)
        .where((m.Contact.id == contact_id) & (m.Contact.version == expected_version))
        .execute()
    )
    return bumped == 1


def draft_from(details: ContactDetails) -> ContactDraft:
    """A draft holding a contact's current values, to change a field or two."""
    return ContactDraft(
        full_name=details.full_name,
        **details.field_values(),
        emails=list(details.emails),
        phones=list(details.phones),
        tags=list(details.tags),
        custom_fields=first_values(details.custom_fields),
    )


def archive_contacts(
    ids: Iterable[int], archived: bool = True, *, clock: Clock | None = None
) -> Changes:
    id_list = list(ids)
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        m.Contact.update(archived=archived, updated_at=now, version=m.Contact.version + 1).where(
            m.Contact.id.in_(id_list)
        ).execute()
    return Changes(contact_ids=set(id_list), contacts_added_or_removed=True)


def archive_numbered_contacts(ids: Iterable[int], *, clock: Clock | None = None) -> Changes:
    """Archive contacts named by number (the command line), all or none: an unknown
    number changes nothing."""
    id_list = list(dict.fromkeys(ids))
    with write_transaction():
        _merged_into_of_known(id_list)
        return archive_contacts(id_list, clock=clock)


def _merged_into_of_known(id_list: list[int]) -> dict[int, int | None]:
    """Each contact's `merged_into`, or a NotFoundError for the first unknown number."""
    rows = m.Contact.select(m.Contact.id, m.Contact.merged_into).where(m.Contact.id.in_(id_list))
    merged = {row.id: row.merged_into_id for row in rows}
    for contact_id in id_list:
        if contact_id not in merged:
            raise NotFoundError(_("There is no contact with number {id}.").format(id=contact_id))
    return merged


def restore_contacts(ids: Iterable[int], *, clock: Clock | None = None) -> Changes:
    """Bring archived contacts back, all or none: an unknown number, or one merged into
    another contact (its merge is undone instead), changes nothing."""
    id_list = list(dict.fromkeys(ids))
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        merged = _merged_into_of_known(id_list)
        for contact_id in id_list:
            if merged[contact_id] is not None:
                from desktop_crm.services.merge import merged_message

                raise NotFoundError(merged_message(contact_id) or "")
        m.Contact.update(archived=False, updated_at=now, version=m.Contact.version + 1).where(
            m.Contact.id.in_(id_list) & (m.Contact.archived == True)  # noqa: E712 - SQL
        ).execute()
    return Changes(contact_ids=set(id_list), contacts_added_or_removed=True)


def tag_contacts(ids: Iterable[int], tag_name: str, *, remove: bool = False) -> Changes:
    name = " ".join(tag_name.split())
    if not name:
        raise ValidationError(_("Type a tag first."), field="tags")
    id_list = list(ids)
    with write_transaction():
        tag = tag_named(name)
        if remove:
            m.ContactTag.delete().where(
                (m.ContactTag.tag == tag) & m.ContactTag.contact.in_(id_list)
            ).execute()
        else:
            rows = [{"contact": cid, "tag": tag.id} for cid in id_list]
            for start in range(0, len(rows), CHUNK):
                m.ContactTag.insert_many(rows[start : start + CHUNK]).on_conflict_ignore().execute()
        reindex_contacts(id_list)
    return Changes(contact_ids=set(id_list))


def set_stage(
    ids: Iterable[int],
    stage: str | Stage,
    *,
    cause: Cause = Cause.MANUAL,
    note: str = "",
    clock: Clock | None = None,
) -> Changes:
    """Move contacts to a stage by hand, recording each move in the stage history."""
    try:
        target = Stage(stage)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a stage.").format(value=stage), field="stage"
        ) from None
    now = to_storage((clock or SystemClock()).now())
    id_list = list(ids)
    changed: set[int] = set()
    with write_transaction():
        rows = m.Contact.select().where(m.Contact.id.in_(id_list)).order_by(m.Contact.id)
        if not is_sqlite():
            rows = rows.for_update()  # see contact_rows.contact_row: no move from an old row
        for contact in rows:
            if move_stage(contact, target, cause, now, note):
                save_changed(contact, now)
                changed.add(contact.id)
    return Changes(contact_ids=changed, stages=bool(changed))
