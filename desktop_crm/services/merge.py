"""Merging duplicates into one contact, and undoing a merge exactly, also after a restart.

A merge is one transaction. What it changed is stored with it (`ContactMerge.snapshot`):
every involved contact row before, the kept contact after, the email/phone/tag lists,
which related rows moved from whom and the rows it removed as doubles. Undo puts all of
that back; a field of the kept contact edited after the merge keeps the later edit."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.duplicate_match import email_key
from desktop_crm.domain.merging import FIELD_COLUMNS, FIELDS, default_choices, furthest_stage
from desktop_crm.domain.stages import Cause
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_children import write_children
from desktop_crm.services.contact_rows import contact_row
from desktop_crm.services.duplicates import recheck_contacts
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

# Rows that simply change owner; custom fields and criteria answers may also be dropped
# as doubles (and are put back on undo).
_MOVED: dict[str, type[m.BaseModel]] = {
    "conversation": m.Conversation,
    "question": m.Question,
    "follow_up": m.FollowUp,
    "deal": m.Deal,
    "stage_change": m.StageChange,
    "custom_field": m.CustomField,
    "contact_criterion": m.ContactCriterion,
}
Row = dict[str, Any]
Values = dict[str, list[Any]]


@dataclass(frozen=True)
class MergeResult:
    merge_id: int
    kept: int
    merged: tuple[int, ...]
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"merge_id": self.merge_id, "kept": self.kept, "merged": list(self.merged)}


@dataclass(frozen=True)
class MergeRecord:
    """A merge as the window lists it (for its undo)."""

    id: int
    kept: int
    merged: tuple[int, ...]
    created_at: datetime
    undone: bool


def _encode(row: pw.Model) -> Row:
    """Every column of a row as JSON-safe values (dates as ISO text)."""
    out: Row = {}
    for name in row._meta.fields:
        value = row.__data__.get(name)
        out[name] = value.isoformat() if isinstance(value, datetime | date) else value
    return out


def _decode(model: type[m.BaseModel], data: Row) -> Row:
    out: Row = {}
    for name, value in data.items():
        field = model._meta.fields[name]
        if isinstance(value, str) and isinstance(field, pw.DateTimeField):
            out[name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(field, pw.DateField):
            out[name] = date.fromisoformat(value)
        else:
            out[name] = value
    return out


def _values(contact_id: int) -> Values:
    """The lists a contact save rewrites whole: emails, phones and tags, in their order."""
    emails = [
        [e.email, e.label, e.is_primary]
        for e in m.ContactEmail.select()
        .where(m.ContactEmail.contact == contact_id)
        .order_by(m.ContactEmail.position, m.ContactEmail.id)
    ]
    phones = [
        [p.raw, p.e164, p.label, p.is_primary]
        for p in m.ContactPhone.select()
        .where(m.ContactPhone.contact == contact_id)
        .order_by(m.ContactPhone.position, m.ContactPhone.id)
    ]
    tags = sorted(
        t.name for t in m.Tag.select().join(m.ContactTag).where(m.ContactTag.contact == contact_id)
    )
    return {"emails": emails, "phones": phones, "tags": tags}


def _write_values(contact_id: int, values: Values) -> None:
    write_children(contact_id, values["emails"], values["phones"], values["tags"])


def _combined(kept: Values, others: Sequence[Values]) -> Values:
    """The kept contact's lists first, then what the others add; one primary stays primary."""
    emails = list(kept["emails"])
    phones = list(kept["phones"])
    tags = list(kept["tags"])
    seen_emails = {email_key(e[0]) for e in emails}
    seen_phones = {p[1] or p[0] for p in phones}
    for values in others:
        for email, label, primary in values["emails"]:
            if email_key(email) not in seen_emails:
                seen_emails.add(email_key(email))
                emails.append([email, label, primary and not emails])
        for raw, e164, label, primary in values["phones"]:
            if (e164 or raw) not in seen_phones:
                seen_phones.add(e164 or raw)
                phones.append([raw, e164, label, primary and not phones])
        tags.extend(t for t in values["tags"] if t.lower() not in {x.lower() for x in tags})
    return {"emails": emails, "phones": phones, "tags": sorted(tags)}


def _three_way(before: list[Any], after: list[Any], current: list[Any]) -> list[Any]:
    """The list before the merge, with what was added or removed after it kept."""
    if current == after:
        return before
    added = [x for x in current if x not in after]
    removed = [x for x in after if x not in current]
    return [x for x in before if x not in removed] + [x for x in added if x not in before]


def _mergeable(contact_id: int) -> m.Contact:
    contact = contact_row(contact_id)
    if contact.merged_into_id is not None:
        raise ValidationError(merged_message(contact_id) or "")
    return contact


def merged_message(contact_id: int) -> str | None:
    """For a merged-away contact, the line that names where it went; None otherwise."""
    row = m.Contact.get_or_none(m.Contact.id == contact_id)
    if row is None or row.merged_into_id is None:
        return None
    into = m.Contact.get_or_none(m.Contact.id == row.merged_into_id)
    merge = (
        m.ContactMerge.select()
        .where((m.ContactMerge.kept == row.merged_into_id) & m.ContactMerge.undone_at.is_null())
        .order_by(m.ContactMerge.id.desc())
    )
    merge_id = next((x.id for x in merge if str(contact_id) in x.merged_ids.split(",")), None)
    return _(
        "Contact {id} was merged into {name} (number {into}); undo with “unmerge {merge}”."
    ).format(
        id=contact_id,
        name=(into.display_name if into else "") or row.merged_into_id,
        into=row.merged_into_id,
        merge=merge_id,
    )


def _check_choices(choices: Mapping[str, int], involved: set[int]) -> None:
    for field, source in choices.items():
        if field not in FIELDS:
            raise ValidationError(_("“{field}” is not a field to choose.").format(field=field))
        if source not in involved:
            raise ValidationError(_("Contact {id} is not part of this merge.").format(id=source))


def merge_contacts(
    keep_id: int,
    other_ids: Sequence[int],
    *,
    choices: Mapping[str, int] | None = None,
    clock: Clock | None = None,
) -> MergeResult:
    """Merge `other_ids` into `keep_id` in one transaction; `choices` says, per field
    (see `domain.merging.FIELDS`), whose value to keep."""
    others = list(dict.fromkeys(other_ids))
    if not others:
        raise ValidationError(_("Name at least one contact to merge."))
    if keep_id in others:
        raise ValidationError(_("A contact cannot be merged with itself."))
    _check_choices(choices or {}, {keep_id, *others})
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        kept = _mergeable(keep_id)
        rows = [_mergeable(i) for i in others]
        merge_id = _merge(kept, rows, dict(choices or {}), now)
    everyone = {keep_id, *others}
    return MergeResult(
        merge_id,
        keep_id,
        tuple(others),
        Changes(
            contact_ids=everyone,
            contacts_added_or_removed=True,
            stages=True,
            follow_ups=True,
            deals=True,
            questions=True,
            conversations=True,
        ),
    )


def _merge(kept: m.Contact, rows: list[m.Contact], choices: dict[str, int], now: datetime) -> int:
    everyone = [kept, *rows]
    others = [r.id for r in rows]
    before_rows = {c.id: _encode(c) for c in everyone}
    before_values = {c.id: _values(c.id) for c in everyone}
    chosen = default_choices({c.id: c.__data__ for c in everyone}, kept.id, others)
    chosen.update(choices)
    by_id = {c.id: c for c in everyone}
    for field, source in chosen.items():
        for column in FIELD_COLUMNS[field]:
            setattr(kept, column, getattr(by_id[source], column))
    old_stage = kept.stage
    stage = furthest_stage([c.stage for c in everyone])
    if stage.value != kept.stage:
        kept.recontact_on = next(c for c in everyone if c.stage == stage.value).recontact_on
        kept.stage = stage.value
    moved, deleted = _move_related(kept.id, others)
    db = m.database_proxy.obj
    repointed = db.execute(
        m.Contact.select(m.Contact.id, m.Contact.possible_duplicate_of).where(
            m.Contact.possible_duplicate_of.in_(others) & m.Contact.id.not_in([*others, kept.id])
        )
    ).fetchall()
    m.Contact.update(possible_duplicate_of=kept.id).where(
        m.Contact.id.in_([cid for cid, _old in repointed])
    ).execute()
    if kept.possible_duplicate_of_id in others:
        kept.possible_duplicate_of = None
    m.Contact.update(archived=True, merged_into=kept.id, possible_duplicate_of=None).where(
        m.Contact.id.in_(others)
    ).execute()
    for other in others:
        _write_values(other, {"emails": [], "phones": [], "tags": []})
    history = m.StageChange.create(
        contact=kept.id,
        from_stage=old_stage,
        to_stage=kept.stage,
        changed_at=now,
        cause=Cause.MERGED.value,
        note=", ".join(f"{c.display_name} ({c.id})" for c in rows),
    )
    kept.version += 1
    kept.updated_at = now
    kept.save()
    _write_values(kept.id, _combined(before_values[kept.id], [before_values[i] for i in others]))
    reindex_contacts([kept.id, *others])
    recheck_contacts([kept.id])
    snapshot = {
        "format": 1,
        "kept": kept.id,
        "merged": others,
        "rows": {str(cid): row for cid, row in before_rows.items()},
        "values": {str(cid): v for cid, v in before_values.items()},
        "kept_after": _encode(contact_row(kept.id)),
        "kept_after_values": _values(kept.id),
        "moved": moved,
        "deleted": deleted,
        "created_history": [history.id],
        "repointed": [[cid, old] for cid, old in repointed],
    }
    record = m.ContactMerge.create(
        kept=kept.id,
        merged_ids=",".join(str(i) for i in others),
        created_at=now,
        snapshot=json.dumps(snapshot),
    )
    return int(record.id)


def _move_related(
    keep_id: int, others: list[int]
) -> tuple[dict[str, list[list[int]]], dict[str, list[Row]]]:
    """Give the others' related rows to the kept contact; returns (moved: table → [row id,
    former owner], deleted: table → original rows) for the undo."""
    moved: dict[str, list[list[int]]] = defaultdict(list)
    deleted: dict[str, list[Row]] = defaultdict(list)
    order = {cid: i for i, cid in enumerate(others)}
    custom_seen = {
        (c.key, c.value) for c in m.CustomField.select().where(m.CustomField.contact == keep_id)
    }
    answers: dict[int, m.ContactCriterion] = {
        a.criterion_id: a
        for a in m.ContactCriterion.select().where(m.ContactCriterion.contact == keep_id)
    }
    for table, model in _MOVED.items():
        rows = sorted(
            model.select().where(model.contact.in_(others)),
            key=lambda r: (order[r.contact_id], r.id),
        )
        for row in rows:
            if table == "custom_field":
                if (row.key, row.value) in custom_seen:
                    deleted[table].append(_encode(row))
                    continue
                custom_seen.add((row.key, row.value))
            if table == "contact_criterion":
                current = answers.get(row.criterion_id)
                if current is not None:
                    if current.answer != "unknown" or row.answer == "unknown":
                        deleted[table].append(_encode(row))
                        continue
                    # The kept contact did not know; the other's answer replaces it.
                    deleted[table].append(_encode(current))
                    moved[table] = [x for x in moved[table] if x[0] != current.id]
                answers[row.criterion_id] = row
            moved[table].append([row.id, row.contact_id])
    for table, rows in deleted.items():
        model = _MOVED[table]
        model.delete().where(model.id.in_([r["id"] for r in rows])).execute()
    for table, pairs in moved.items():
        model = _MOVED[table]
        ids = [row_id for row_id, _owner in pairs]
        for start in range(0, len(ids), 500):
            model.update(contact=keep_id).where(model.id.in_(ids[start : start + 500])).execute()
    return dict(moved), dict(deleted)


def unmerge(merge_id: int, *, clock: Clock | None = None) -> MergeResult:
    """Undo one merge: every contact as it was, each related row back with its owner."""
    now = to_storage((clock or SystemClock()).now())
    with write_transaction():
        merge = m.ContactMerge.get_or_none(m.ContactMerge.id == merge_id)
        if merge is None:
            raise NotFoundError(_("There is no merge with number {id}.").format(id=merge_id))
        if merge.undone_at is not None:
            raise ValidationError(_("Merge {id} was already undone.").format(id=merge_id))
        snap = json.loads(merge.snapshot)
        keep_id = int(snap["kept"])
        others = [int(i) for i in snap["merged"]]
        kept = contact_row(keep_id)
        if kept.merged_into_id is not None:
            raise ValidationError(
                _("{name} was merged into another contact since; undo that merge first.").format(
                    name=kept.display_name or keep_id
                )
            )
        for other in others:
            row = m.Contact.get_or_none(m.Contact.id == other)
            if row is None or row.merged_into_id != keep_id:
                raise ValidationError(
                    _("Contact {id} is no longer part of this merge; it cannot be undone.").format(
                        id=other
                    )
                )
        _restore_kept(kept, snap, now)
        for other in others:
            data = _decode(m.Contact, snap["rows"][str(other)])
            data.pop("id")
            m.Contact.update(**data).where(m.Contact.id == other).execute()
            _write_values(other, snap["values"][str(other)])
        _restore_related(keep_id, snap)
        m.StageChange.delete().where(m.StageChange.id.in_(snap["created_history"])).execute()
        for cid, old in snap["repointed"]:
            m.Contact.update(possible_duplicate_of=old).where(
                (m.Contact.id == cid) & (m.Contact.possible_duplicate_of == keep_id)
            ).execute()
        merge.undone_at = now
        merge.save()
        reindex_contacts([keep_id, *others])
    return MergeResult(
        merge_id,
        keep_id,
        tuple(others),
        Changes(contact_ids={keep_id, *others}, everything=True),
    )


def _restore_kept(kept: m.Contact, snap: dict[str, Any], now: datetime) -> None:
    before: Row = snap["rows"][str(kept.id)]
    after: Row = snap["kept_after"]
    current = _encode(kept)
    current_values = _values(kept.id)
    before_values: Values = snap["values"][str(kept.id)]
    after_values: Values = snap["kept_after_values"]
    if current == after and current_values == after_values:
        restored, values = dict(before), before_values  # untouched since: exactly as before
    else:
        restored = {
            col: (before[col] if current[col] == after[col] else current[col]) for col in before
        }
        restored["version"] = current["version"] + 1
        restored["updated_at"] = now.isoformat()
        values = {
            key: _three_way(before_values[key], after_values[key], current_values[key])
            for key in before_values
        }
    data = _decode(m.Contact, restored)
    data.pop("id")
    m.Contact.update(**data).where(m.Contact.id == kept.id).execute()
    _write_values(kept.id, values)


def _restore_related(keep_id: int, snap: dict[str, Any]) -> None:
    for table, pairs in snap["moved"].items():
        model = _MOVED[table]
        by_owner: dict[int, list[int]] = defaultdict(list)
        for row_id, owner in pairs:
            by_owner[owner].append(row_id)
        for owner, ids in by_owner.items():
            for start in range(0, len(ids), 500):
                model.update(contact=owner).where(
                    model.id.in_(ids[start : start + 500]) & (model.contact == keep_id)
                ).execute()
    for table, rows in snap["deleted"].items():
        model = _MOVED[table]
        for raw in rows:
            data = _decode(model, raw)
            if table == "contact_criterion" and (
                m.ContactCriterion.select()
                .where(
                    (m.ContactCriterion.contact == data["contact"])
                    & (m.ContactCriterion.criterion == data["criterion"])
                )
                .exists()
            ):
                continue  # answered again since the merge: the later answer stays
            if model.select().where(model.id == data["id"]).exists():
                data.pop("id")  # the number was given to a newer row
            model.insert(**data).execute()


def merges(limit: int = 50) -> list[MergeRecord]:
    """The latest merges, newest first."""
    query = m.ContactMerge.select().order_by(m.ContactMerge.id.desc()).limit(limit)
    return [
        MergeRecord(
            id=x.id,
            kept=x.kept_id,
            merged=tuple(int(i) for i in x.merged_ids.split(",") if i),
            created_at=x.created_at,
            undone=x.undone_at is not None,
        )
        for x in query
    ]
