"""Import batches: list them, and undo one as a whole while keeping contacts edited since."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.local_time import to_utc_naive
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite, write_transaction
from desktop_crm.store.search import remove_documents

_CHUNK = 500


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    file_format: str
    lead_source: str
    tags: str
    created_at: object
    contacts_created: int
    undone_at: object | None


@dataclass
class UndoResult:
    batch_id: int
    removed: int
    kept: list[tuple[int, str]] = field(default_factory=list)  # (id, name) edited since
    changes: Changes = field(default_factory=Changes)


def list_batches() -> list[BatchInfo]:
    """Every import, newest first."""
    query = m.ImportBatch.select().order_by(m.ImportBatch.id.desc())
    return [
        BatchInfo(
            b.id,
            b.file_name,
            b.file_format,
            b.lead_source,
            b.tags,
            b.created_at,
            b.contacts_created,
            b.undone_at,
        )
        for b in query
    ]


# A contact counts as edited since the import when it was saved again, or when something
# was added to it: removing it would take the user's own work with it.
_EDITED_SQL = """
SELECT c.id FROM contact c WHERE c.import_batch_id = {p} AND (
    c.version > 1 OR c.updated_at > {p}
    OR EXISTS (SELECT 1 FROM conversation x WHERE x.contact_id = c.id)
    OR EXISTS (SELECT 1 FROM question x WHERE x.contact_id = c.id)
    OR EXISTS (SELECT 1 FROM follow_up x WHERE x.contact_id = c.id)
    OR EXISTS (SELECT 1 FROM deal x WHERE x.contact_id = c.id)
    OR EXISTS (SELECT 1 FROM contact_criterion x WHERE x.contact_id = c.id)
    OR (SELECT COUNT(*) FROM stage_change x WHERE x.contact_id = c.id) > 1
)
"""


def undo_batch(batch_id: int, *, clock: Clock | None = None) -> UndoResult:
    """Remove the contacts `batch_id` created, in one transaction; report those kept."""
    clock = clock or SystemClock()
    with write_transaction() as db:
        batch = m.ImportBatch.get_or_none(m.ImportBatch.id == batch_id)
        if batch is None:
            raise NotFoundError(_("There is no import with number {id}.").format(id=batch_id))
        if batch.undone_at is not None:
            raise ValidationError(_("Import {id} was already undone.").format(id=batch_id))
        p = db.param
        # SQLite keeps datetimes as ISO text, so the comparison is on that text.
        created_at = batch.created_at.isoformat(sep=" ") if is_sqlite(db) else batch.created_at
        kept_ids = {
            row[0] for row in db.execute_sql(_EDITED_SQL.format(p=p), (batch_id, created_at))
        }
        all_ids = [
            row[0]
            for row in db.execute_sql(
                f"SELECT id FROM contact WHERE import_batch_id = {p} ORDER BY id", (batch_id,)
            )
        ]
        remove = [cid for cid in all_ids if cid not in kept_ids]
        for start in range(0, len(remove), _CHUNK):
            chunk = remove[start : start + _CHUNK]
            marks = ", ".join([p] * len(chunk))
            db.execute_sql(f"DELETE FROM contact WHERE id IN ({marks})", chunk)
        remove_documents(remove)
        kept = (
            [
                (c.id, c.display_name or c.company)
                for c in m.Contact.select(m.Contact.id, m.Contact.display_name, m.Contact.company)
                .where(m.Contact.id.in_(sorted(kept_ids)))
                .order_by(m.Contact.id)
            ]
            if kept_ids
            else []
        )
        batch.undone_at = to_utc_naive(clock.now())
        batch.save()
    return UndoResult(
        batch_id=batch_id,
        removed=len(remove),
        kept=kept,
        changes=Changes(contact_ids=set(remove), contacts_added_or_removed=True, everything=True),
    )
