"""Bulk stage moves and taggings that say what they changed, so one Undo can take them back.

The writes are set-based: a few statements per 500 contacts (the old stage read, the history
rows in one `INSERT … SELECT`, one `UPDATE`), never a Peewee object per contact, and only
the contacts whose tags changed get their search text rebuilt (a stage is not in it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee as pw

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_children import tag_named
from desktop_crm.services.search_index import reindex_contacts
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite, write_transaction

_CHUNK = 500  # keeps IN lists short (SQLite's variable limit, Peewee's SQL building)


@dataclass(frozen=True)
class StageMove:
    """Contacts moved to `stage`; `before` holds the ones that moved, by their old stage."""

    stage: Stage
    before: dict[str, list[int]]
    changes: Changes = field(default_factory=Changes)

    @property
    def moved(self) -> list[int]:
        return sorted(cid for ids in self.before.values() for cid in ids)


@dataclass(frozen=True)
class Tagging:
    """`name` added to (or removed from) `touched`: the contacts whose tags changed."""

    name: str
    removed: bool
    touched: list[int]
    changes: Changes = field(default_factory=Changes)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _stage(value: str | Stage) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a stage.").format(value=value), field="stage"
        ) from None


def _write_moves(
    ids: list[int], target: Stage, now: object, cause: Cause = Cause.MANUAL
) -> dict[str, list[int]]:
    """Inside a transaction: move `ids` (sorted) to `target` as `contacts.set_stage` does (a
    history row each, in id order; a new updated_at and version); {old stage: moved ids}."""
    before: dict[str, list[int]] = {}
    for chunk in _chunks(ids):
        read = (
            m.Contact.select(m.Contact.id, m.Contact.stage)
            .where(m.Contact.id.in_(chunk) & (m.Contact.stage != target.value))
            .order_by(m.Contact.id)
        )
        if not is_sqlite():
            read = read.for_update()  # as set_stage: no move from a row another desktop changes
        moving = []
        for cid, old in read.tuples():
            before.setdefault(old, []).append(cid)
            moving.append(cid)
        if not moving:
            continue
        history = (
            m.Contact.select(
                m.Contact.id,
                m.Contact.stage,
                pw.Value(target.value),
                pw.Value(now),
                pw.Value(cause.value),
                pw.Value(""),
            )
            .where(m.Contact.id.in_(moving))
            .order_by(m.Contact.id)
        )
        s = m.StageChange
        s.insert_from(
            history, [s.contact, s.from_stage, s.to_stage, s.changed_at, s.cause, s.note]
        ).execute()
        m.Contact.update(stage=target.value, updated_at=now, version=m.Contact.version + 1).where(
            m.Contact.id.in_(moving)
        ).execute()
    return before


def move_contacts(
    ids: Iterable[int], stage: str | Stage, *, clock: Clock | None = None
) -> StageMove:
    """Set stage on a selection, one transaction, remembering each moved contact's old stage."""
    target = _stage(stage)
    now = to_storage((clock or SystemClock()).now())
    id_list = sorted(set(ids))
    with write_transaction():
        before = _write_moves(id_list, target, now)
    moved = {cid for group in before.values() for cid in group}
    return StageMove(target, before, Changes(contact_ids=moved, stages=bool(moved)))


def put_back_stages(move: StageMove, *, clock: Clock | None = None) -> Changes:
    """Undo of `move_contacts`: each moved contact back to its old stage, one transaction
    (recorded in the stage history as a move of its own, as an undone edit is)."""
    now = to_storage((clock or SystemClock()).now())
    moved: set[int] = set()
    with write_transaction():
        for old, ids in sorted(move.before.items()):
            back = _write_moves(sorted(ids), _stage(old), now)
            moved.update(cid for group in back.values() for cid in group)
    return Changes(contact_ids=moved, stages=bool(moved))


def redo_move(move: StageMove, *, clock: Clock | None = None) -> Changes:
    """Redo of `move_contacts`: the contacts it moved, to its stage again."""
    return move_contacts(move.moved, move.stage, clock=clock).changes


def _tag_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("Type a tag first."), field="tags")
    return cleaned


def _retag(ids: list[int], name: str, remove: bool) -> list[int]:
    """Inside a transaction: `name` on (or off) `ids`; the ids whose tags changed."""
    tag = tag_named(name)
    links = m.ContactTag
    had: set[int] = set()
    for chunk in _chunks(ids):
        rows = links.select(links.contact).where((links.tag == tag) & links.contact.in_(chunk))
        had.update(cid for (cid,) in rows.tuples())
    touched = sorted(had) if remove else [cid for cid in ids if cid not in had]
    if remove:
        for chunk in _chunks(touched):
            links.delete().where((links.tag == tag) & links.contact.in_(chunk)).execute()
    else:
        existing = {cid for chunk in _chunks(touched) for (cid,) in _existing(chunk)}
        touched = [cid for cid in touched if cid in existing]  # a contact deleted meanwhile
        for chunk in _chunks(touched):
            links.insert_many(
                [(cid, tag.id) for cid in chunk], [links.contact, links.tag]
            ).execute()
    reindex_contacts(touched)  # only whose tags changed: the others' search text is as it was
    return touched


def _existing(ids: list[int]) -> list[tuple[int]]:
    return list(m.Contact.select(m.Contact.id).where(m.Contact.id.in_(ids)).tuples())


def tag_selected(ids: Iterable[int], name: str, *, remove: bool = False) -> Tagging:
    """Add (or remove) a tag on a selection, one transaction, remembering whose tags changed."""
    cleaned = _tag_name(name)
    id_list = sorted(set(ids))
    with write_transaction():
        touched = _retag(id_list, cleaned, remove)
    return Tagging(cleaned, remove, touched, Changes(contact_ids=set(touched)))


def take_back_tagging(tagging: Tagging) -> Changes:
    """Undo of `tag_selected`: the tag off (or back on) the contacts it changed."""
    return _retagged(tagging, not tagging.removed)


def redo_tagging(tagging: Tagging) -> Changes:
    return _retagged(tagging, tagging.removed)


def _retagged(tagging: Tagging, remove: bool) -> Changes:
    if not tagging.touched:
        return Changes()
    with write_transaction():
        touched = _retag(tagging.touched, tagging.name, remove)
    return Changes(contact_ids=set(touched))
