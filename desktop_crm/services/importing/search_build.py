"""The search index of imported contacts, built once after their rows are written: on SQLite
the folded texts wait in a temporary table and fill each FTS5 index with one INSERT … SELECT,
inside the import's transaction (a cancel or crash rolls them back with the rows)."""

from __future__ import annotations

import peewee as pw

from desktop_crm.domain.search_text import spaced_cjk
from desktop_crm.store.database import is_sqlite
from desktop_crm.store.search import TRIGRAM_TABLE, WORD_TABLE, index_documents

_STAGING = "temp.import_search"


class SearchBuild:
    """Collects (contact id, folded text) per flush; `finish` fills the indexes."""

    def __init__(self, db: pw.Database):
        self.db = db
        self.sqlite = is_sqlite(db)
        if self.sqlite:
            # `word` only where the word index needs another text (CJK spaced out).
            db.execute_sql(f"DROP TABLE IF EXISTS {_STAGING}")
            db.execute_sql(
                f"CREATE TABLE {_STAGING} (id INTEGER PRIMARY KEY, body TEXT NOT NULL, word TEXT)"
            )

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
        self.db.cursor().executemany(f"INSERT INTO {_STAGING} VALUES (?, ?, ?)", rows)

    def finish(self, first_id: int) -> None:
        """Index every staged text; `first_id` is the lowest id this import gave out."""
        if not self.sqlite:
            return
        # The ids are new (above MAX(id)); a text a deleted contact left there goes first.
        for table in (TRIGRAM_TABLE, WORD_TABLE):
            self.db.execute_sql(f"DELETE FROM {table} WHERE rowid >= ?", (first_id,))
        self.db.execute_sql(
            f"INSERT INTO {TRIGRAM_TABLE}(rowid, body) SELECT id, body FROM {_STAGING} ORDER BY id"
        )
        self.db.execute_sql(
            f"INSERT INTO {WORD_TABLE}(rowid, body) "
            f"SELECT id, COALESCE(word, body) FROM {_STAGING} ORDER BY id"
        )
        self.db.execute_sql(f"DROP TABLE {_STAGING}")
