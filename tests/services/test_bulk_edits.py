"""The set-based bulk stage move and tagging write exactly what the old per-contact code
(`contacts.set_stage`, `contacts.tag_contacts`) wrote, on a varied file; Undo puts every
row back (search texts too), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop_crm.domain.stages import Stage
from desktop_crm.services import bulk_edits
from desktop_crm.services.contacts import archive_contacts, set_stage, tag_contacts
from desktop_crm.services.demo import fill_demo
from desktop_crm.store import models as m
from desktop_crm.store.search import PG_TABLE, TRIGRAM_TABLE, WORD_TABLE
from tests.table_rows import all_rows


@pytest.fixture
def varied(db, clock) -> list[int]:
    """60 sample contacts in every stage, with tags, talks and deals; a few archived."""
    fill_demo(clock=clock, count=60)
    ids = [c.id for c in m.Contact.select(m.Contact.id).order_by(m.Contact.id)]
    archive_contacts(ids[::9], clock=clock)
    tag_contacts(ids[::3], "VIP")
    return ids


def _written(db, write: Callable[[], object]) -> dict[str, list[tuple]]:
    """Every table's rows after `write`, which is then rolled back."""
    with db.atomic() as txn:
        write()
        rows = all_rows()
        txn.rollback()
    return rows


def _selections(ids: list[int]) -> dict[str, list[int]]:
    return {
        "all": ids,
        "every third, reversed, twice": ids[::-3] + ids[::3],
        "one": ids[5:6],
        "one missing": [max(ids) + 100, *ids[:4]],
        "none": [],
    }


def _same(new: dict[str, list[tuple]], old: dict[str, list[tuple]], case: str) -> None:
    assert new.keys() == old.keys()
    for rows in (new, old):  # a link names its tag: a new tag's id is the sequence's
        names = dict(rows["tag"])
        rows["contact_tag"] = [(i, c, names[t]) for i, c, t in rows["contact_tag"]]
    for table in old:
        if table in SEARCH_TABLES:  # the old code rewrote every selected contact's text:
            new[table], old[table] = _words(new[table]), _words(old[table])  # same words
        if table in NEW_ROWS:  # a server's sequence moves on in a rolled-back write: no ids
            new[table], old[table] = [r[1:] for r in new[table]], [r[1:] for r in old[table]]
        if table == m.ContactTag._meta.table_name:  # links in any order
            new[table], old[table] = sorted(new[table]), sorted(old[table])
        assert new[table] == old[table], (case, table)


SEARCH_TABLES = {TRIGRAM_TABLE, WORD_TABLE, PG_TABLE}
NEW_ROWS = {m.StageChange._meta.table_name, m.ContactTag._meta.table_name, m.Tag._meta.table_name}


def _words(rows: list[tuple]) -> list[tuple]:
    return [(key, sorted(body.split())) for key, body in rows]


def test_a_bulk_stage_move_writes_what_set_stage_wrote(db, clock, varied, monkeypatch):
    monkeypatch.setattr(bulk_edits, "_LARGE", 20)  # "all" takes the large-selection path
    for stage in Stage:
        for name, ids in _selections(varied).items():
            old = _written(db, lambda ids=ids, stage=stage: set_stage(ids, stage, clock=clock))
            new = _written(
                db, lambda ids=ids, stage=stage: bulk_edits.move_contacts(ids, stage, clock=clock)
            )
            _same(new, old, f"{stage} {name}")


def test_a_bulk_tagging_writes_what_tag_contacts_wrote(db, clock, varied, monkeypatch):
    monkeypatch.setattr(bulk_edits, "_LARGE", 20)
    selections = _selections(varied)
    del selections["one missing"]  # the old code failed on it (a link to no contact)
    for remove in (False, True):
        for tag in ("VIP", "  brand   new ", "vip"):
            for name, ids in selections.items():
                old = _written(
                    db,
                    lambda ids=ids, tag=tag, remove=remove: tag_contacts(ids, tag, remove=remove),
                )
                new = _written(
                    db,
                    lambda ids=ids, tag=tag, remove=remove: bulk_edits.tag_selected(
                        ids, tag, remove=remove
                    ),
                )
                _same(new, old, f"{remove} {tag!r} {name}")


def test_undo_of_a_stage_move_puts_every_stage_back_and_redo_moves_them_again(db, clock, varied):
    before = all_rows(skip=(m.StageChange,))
    move = bulk_edits.move_contacts(varied, Stage.CUSTOMER, clock=clock)
    moved_to = all_rows(skip=(m.StageChange,))
    assert move.moved and move.changes.contact_ids == set(move.moved)
    bulk_edits.put_back_stages(move, clock=clock)
    after = all_rows(skip=(m.StageChange,))
    # Stage, and nothing else but the updated_at/version every save bumps, is as before.
    strip = lambda rows: [r[:-3] + r[-2:-1] for r in rows]  # noqa: E731  (version, updated_at)
    assert strip(after.pop("contact")) == strip(before.pop("contact"))
    assert after == before
    bulk_edits.redo_move(move, clock=clock)
    assert strip(all_rows(skip=(m.StageChange,))["contact"]) == strip(moved_to["contact"])


def test_undo_of_a_tagging_restores_every_row_and_search_text(db, clock, varied):
    for remove in (False, True):
        before = all_rows()
        tagging = bulk_edits.tag_selected(varied[::2], "VIP", remove=remove)
        assert tagging.touched and all_rows() != before
        bulk_edits.take_back_tagging(tagging)
        after = all_rows()
        for rows in (before, after):
            # Links come back as new rows (new ids); a rebuilt text may order its words anew.
            rows["contact_tag"] = sorted(r[1:] for r in rows["contact_tag"])
            for table in SEARCH_TABLES & rows.keys():
                rows[table] = _words(rows[table])
        assert after == before
