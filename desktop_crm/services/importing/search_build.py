"""The search texts of imported contacts. On SQLite they are committed with the rows in
`search_pending` and go into the FTS5 indexes after the import's transaction (one INSERT …
SELECT per index, `index_pending`); the search finds them meanwhile by a LIKE over that
table, and a crash in between is repaired at the next open. PostgreSQL: written at once."""

from __future__ import annotations

import peewee as pw

from desktop_crm.domain.search_text import spaced_cjk
from desktop_crm.store import search_pending
from desktop_crm.store.database import (
    BUILD_CACHE_KIB,
    is_sqlite,
    page_cache,
    write_transaction,
)
from desktop_crm.store.handle import current_database
from desktop_crm.store.search import TRIGRAM_TABLE, WORD_TABLE, build_pending, index_documents

# Texts indexed per transaction when the window builds the index in the background:
# another write waits at most one chunk (0.5-1 s on a busy 2-core machine). Chunks of
# 5,000 cost 45 % more CPU in all than one build; 20,000 with the larger cache 0-10 %.
BACKGROUND_CHUNK = 20_000


class SearchBuild:
    """Collects (contact id, folded text) per flush; `finish` readies the indexes."""

    def __init__(self, db: pw.Database):
        self.db = db
        self.sqlite = is_sqlite(db)

    def add(self, documents: list[tuple[int, str]]) -> None:
        if not documents:
            return
        if not self.sqlite:
            index_documents(documents)  # PostgreSQL: one upsert per flush is already bulk
            return
        rows = []
        for contact_id, body in documents:
            word = body if body.isascii() else spaced_cjk(body)  # no CJK in ASCII
            rows.append((contact_id, body, word if word != body else None))
        search_pending.stage(self.db, rows)

    def finish(self, first_id: int) -> None:
        """`first_id` is the lowest id this import gave out."""
        if not self.sqlite:
            return
        # The ids are new (above MAX(id)); a text a deleted contact left there must not
        # be found for them, nor collide when the waiting texts are indexed.
        for table in (TRIGRAM_TABLE, WORD_TABLE):
            self.db.execute_sql(f"DELETE FROM {table} WHERE rowid >= ?", (first_id,))


def index_pending(limit: int | None = None) -> int:
    """Index up to `limit` (default all) waiting search texts in one transaction; returns
    how many still wait (0 on PostgreSQL, and when none did)."""
    if not search_pending.any_pending(current_database()):
        return 0
    with write_transaction() as db, page_cache(db, BUILD_CACHE_KIB):
        return build_pending(db, limit)
