"""Search texts committed with their contacts but not yet in the FTS5 indexes (SQLite).

An import writes its contacts' folded texts here, in its own transaction, and the
indexes are filled afterwards (`store.search.build_pending`). Until then the search
finds these contacts by a LIKE over this (small, shrinking) table; a crash between
the two leaves the rows here, and the next open indexes them. PostgreSQL does not
use it: its import writes the search table in the import's transaction."""

from __future__ import annotations

from collections.abc import Iterable

import peewee as pw

from desktop_crm.store.handle import is_sqlite

PENDING_TABLE = "search_pending"


def create_pending_table(db: pw.Database) -> None:
    """The table of texts waiting for the indexes; `word` only where the word index
    needs another text than `body` (CJK spaced out)."""
    if is_sqlite(db):
        db.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} "
            "(id INTEGER PRIMARY KEY, body TEXT NOT NULL, word TEXT)"
        )


def stage(db: pw.Database, rows: Iterable[tuple[int, str, str | None]]) -> None:
    """Add (contact id, folded text, word-index text or None) in the caller's transaction."""
    db.cursor().executemany(f"INSERT INTO {PENDING_TABLE} VALUES (?, ?, ?)", list(rows))


def pending_count(db: pw.Database) -> int:
    if not is_sqlite(db):
        return 0
    return int(db.execute_sql(f"SELECT COUNT(*) FROM {PENDING_TABLE}").fetchone()[0])


def any_pending(db: pw.Database) -> bool:
    """One page read: whether a search must look here too."""
    if not is_sqlite(db):
        return False
    return db.execute_sql(f"SELECT 1 FROM {PENDING_TABLE} LIMIT 1").fetchone() is not None


def forget(db: pw.Database, ids: list[tuple[int]]) -> None:
    """Drop the waiting texts of contacts whose text is written (or removed) anew."""
    if is_sqlite(db):
        db.cursor().executemany(f"DELETE FROM {PENDING_TABLE} WHERE id = ?", ids)


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fallback_sql(terms: list[str]) -> tuple[str, list[str]]:
    """The waiting contacts whose text holds every (folded) term anywhere: a superset of
    what the indexes would find (a short term matches inside a word too)."""
    clauses = " AND ".join(["body LIKE ? ESCAPE '\\'"] * len(terms))
    return (
        f"SELECT id AS rowid FROM {PENDING_TABLE} WHERE {clauses}",
        [f"%{like_escape(t)}%" for t in terms],
    )
