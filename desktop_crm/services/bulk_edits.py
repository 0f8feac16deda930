"""Bulk stage moves and taggings that say what they changed, so one Undo can take them back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Stage
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_children import tag_named
from desktop_crm.services.contacts import set_stage, tag_contacts
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

_CHUNK = 500  # keeps IN lists short


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


def move_contacts(ids: Iterable[int], stage: Stage, *, clock: Clock | None = None) -> StageMove:
    """`set_stage`, one transaction, remembering each moved contact's stage before."""
    id_list = list(ids)
    with write_transaction():
        before: dict[str, list[int]] = {}
        for start in range(0, len(id_list), _CHUNK):
            rows = (
                m.Contact.select(m.Contact.id, m.Contact.stage)
                .where(m.Contact.id.in_(id_list[start : start + _CHUNK]))
                .tuples()
            )
            for cid, old in rows:
                if old != stage.value:
                    before.setdefault(old, []).append(cid)
        changes = set_stage(id_list, stage, clock=clock)
    return StageMove(stage, before, changes)


def put_back_stages(move: StageMove, *, clock: Clock | None = None) -> Changes:
    """Undo of `move_contacts`: each moved contact back to its old stage, one transaction
    (recorded in the stage history as a move of its own, as an undone edit is)."""
    changes = Changes()
    with write_transaction():
        for old, ids in sorted(move.before.items()):
            changes = changes.merge(set_stage(ids, old, clock=clock))
    return changes


def tag_selected(ids: Iterable[int], name: str, *, remove: bool = False) -> Tagging:
    """`tag_contacts`, one transaction, remembering whose tags it changed."""
    id_list = list(ids)
    with write_transaction():
        tag = tag_named(" ".join(name.split())) if name.split() else None
        had: set[int] = set()
        if tag is not None:
            for start in range(0, len(id_list), _CHUNK):
                rows = m.ContactTag.select(m.ContactTag.contact).where(
                    (m.ContactTag.tag == tag)
                    & m.ContactTag.contact.in_(id_list[start : start + _CHUNK])
                )
                had.update(r.contact_id for r in rows)
        changes = tag_contacts(id_list, name, remove=remove)
    touched = sorted(had if remove else set(id_list) - had)
    return Tagging(name, remove, touched, changes)


def take_back_tagging(tagging: Tagging) -> Changes:
    """Undo of `tag_selected`: the tag off (or back on) the contacts it changed."""
    if not tagging.touched:
        return Changes()
    return tag_contacts(tagging.touched, tagging.name, remove=not tagging.removed)


def redo_tagging(tagging: Tagging) -> Changes:
    if not tagging.touched:
        return Changes()
    return tag_contacts(tagging.touched, tagging.name, remove=tagging.removed)
