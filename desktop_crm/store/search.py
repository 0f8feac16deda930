"""Full-text search kept in step with the contacts.

SQLite: two FTS5 tables over the same folded text. The trigram one finds any
substring of 3+ characters (`berg` in Ginsberg); the word one finds shorter
terms as word prefixes and CJK names character by character (`山田`). Folding
(case, accents) happens in Python, so `muller` finds Müller on any back end.
PostgreSQL: one plain table with a pg_trgm index, queried with LIKE."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from desktop_crm.domain.phone_search import phone_index_forms, phone_query_digits
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.domain.search_text import fold, has_cjk, search_terms, spaced_cjk
from desktop_crm.store import search_pending
from desktop_crm.store.handle import current_database, is_sqlite

TRIGRAM_TABLE = "contact_fts_tri"
WORD_TABLE = "contact_fts_word"
PG_TABLE = "contact_search"
# Prefix indexes of 1-3 characters: "de" or "06" as you type is one doclist read instead
# of a merge of every word that starts with it (20-30 ms at 100k contacts, now ~1 ms).
_WORD_SPEC = "fts5(body, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
_TRIGRAM_SPEC = "fts5(body, tokenize='trigram')"
HEAD_CACHE_KB = 256  # the page cache of a `ListHead`: a search reads a few of its pages
HEAD_WAIT_S = 1.0  # a `ListHead` waits this long for a writer that locked the file out


def _contentless(spec: str) -> str:
    return spec.replace("fts5(body, ", "fts5(body, content='', ")


def create_search_tables(db: pw.Database) -> None:
    if is_sqlite(db):
        db.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING {_TRIGRAM_SPEC}")
        db.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORD_TABLE} USING {_WORD_SPEC}")
        search_pending.create_pending_table(db)
    else:
        db.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
            "contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE, body TEXT NOT NULL)"
        )
        try:
            with db.atomic():  # a savepoint: the extension may be refused without superuser
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql(
                    f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_trgm ON {PG_TABLE} "
                    "USING gin (body gin_trgm_ops)"
                )
        except pw.DatabaseError:
            pass  # search still works, by a sequential scan; `search_is_indexed` tells


def add_word_prefixes(db: pw.Database) -> None:
    """Rebuild the word table with its prefix indexes (SQLite; schema v7), text kept."""
    if not is_sqlite(db):
        return
    old = f"{WORD_TABLE}_old"
    db.execute_sql(f"ALTER TABLE {WORD_TABLE} RENAME TO {old}")
    db.execute_sql(f"CREATE VIRTUAL TABLE {WORD_TABLE} USING {_WORD_SPEC}")
    db.execute_sql(f"INSERT INTO {WORD_TABLE}(rowid, body) SELECT rowid, body FROM {old}")
    db.execute_sql(f"DROP TABLE {old}")


def document_text(parts: Iterable[str | None]) -> str:
    return fold(" ".join(p for p in parts if p))


def contact_document(
    *,
    display_name: str,
    company: str = "",
    job_title: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[tuple[str, str | None]] = (),  # (as entered, E.164)
    tags: Iterable[str] = (),
    conversations: Iterable[str] = (),
    address: str = "",
) -> str:
    """The folded text a contact is found by; every writer (services, import) uses this."""
    phone_parts: list[str] = []
    for raw, e164 in phones:
        phone_parts += [raw, *phone_index_forms(raw, e164)]
    return document_text(
        [display_name, company, job_title, *emails, *phone_parts, address, *tags, *conversations]
    )


def index_documents(documents: Iterable[tuple[int, str]]) -> None:
    """Replace the search text of each (contact id, folded text)."""
    db = current_database()
    rows = list(documents)
    if not rows:
        return
    ids = [(cid,) for cid, _ in rows]
    if is_sqlite(db):
        search_pending.forget(db, ids)  # the new text supersedes one still waiting
        cursor = db.cursor()
        cursor.executemany(f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid = ?", ids)
        cursor.executemany(f"DELETE FROM {WORD_TABLE} WHERE rowid = ?", ids)
        cursor.executemany(f"INSERT INTO {TRIGRAM_TABLE}(rowid, body) VALUES (?, ?)", rows)
        cursor.executemany(
            f"INSERT INTO {WORD_TABLE}(rowid, body) VALUES (?, ?)",
            [(cid, spaced_cjk(body)) for cid, body in rows],
        )
    else:
        cursor = db.cursor()
        cursor.executemany(
            f"INSERT INTO {PG_TABLE}(contact_id, body) VALUES (%s, %s) "
            "ON CONFLICT (contact_id) DO UPDATE SET body = EXCLUDED.body",
            rows,
        )


def remove_documents(contact_ids: Iterable[int]) -> None:
    db = current_database()
    ids = [(cid,) for cid in contact_ids]
    if is_sqlite(db):
        search_pending.forget(db, ids)
        cursor = db.cursor()
        cursor.executemany(f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid = ?", ids)
        cursor.executemany(f"DELETE FROM {WORD_TABLE} WHERE rowid = ?", ids)
    else:
        db.cursor().executemany(f"DELETE FROM {PG_TABLE} WHERE contact_id = %s", ids)


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def matching_ids_sql(query: str, region: str = DEFAULT_REGION) -> tuple[str, list] | None:
    """A SQL sub-select of matching contact ids and its parameters; None for an empty query.

    Every term must match (AND). Terms of 3+ characters match anywhere; shorter
    ones match the start of a word; CJK terms of any length match anywhere. A query
    that is a phone number is one term: its digits in E.164 for the user's region."""
    terms = _query_terms(query, region)
    if not terms:
        return None
    db = current_database()
    if not is_sqlite(db):
        clauses = " AND ".join(["body LIKE %s"] * len(terms))
        return (
            f"SELECT contact_id FROM {PG_TABLE} WHERE {clauses}",
            [f"%{_like_escape(t)}%" for t in terms],
        )
    pending = search_pending.fallback_sql(terms) if search_pending.any_pending(db) else None
    sql, params = _index_sql(terms, TRIGRAM_TABLE, WORD_TABLE)
    if pending is not None:
        # Contacts committed but not yet indexed (an import's, for a few seconds).
        sql = f"{sql} UNION {pending[0]}"
        params += pending[1]
    return sql, params


def _index_sql(terms: list[str], trigrams: str, words: str) -> tuple[str, list[str]]:
    """The rowids that SQLite's two FTS5 tables named `trigrams` and `words` find for
    `terms`, as SQL and its parameters."""
    symbols, long_terms, short_terms = _split_terms(terms)
    selects: list[str] = []
    params: list[str] = []
    for symbol in symbols:
        selects.append(f"SELECT rowid FROM {trigrams} WHERE body LIKE ? ESCAPE '\\'")
        params.append(f"%{_like_escape(symbol)}%")
    if long_terms:
        selects.append(f"SELECT rowid FROM {trigrams} WHERE {trigrams} MATCH ?")
        params.append(" AND ".join(_fts_phrase(t) for t in long_terms))
    if short_terms:
        selects.append(f"SELECT rowid FROM {words} WHERE {words} MATCH ?")
        params.append(_word_expression(short_terms))
    return " INTERSECT ".join(selects), params


_like_escape = search_pending.like_escape


def build_pending(db: pw.Database, limit: int | None = None) -> int:
    """Move up to `limit` (default all) waiting texts into both FTS5 indexes, lowest ids
    first, in the caller's transaction; returns how many are still waiting."""
    if not is_sqlite(db):
        return 0
    table = search_pending.PENDING_TABLE
    if limit is None:
        chosen = ""
    else:
        chosen = f" WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT {int(limit)})"
    db.execute_sql(
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, body) SELECT id, body FROM {table}{chosen} ORDER BY id"
    )
    db.execute_sql(
        f"INSERT INTO {WORD_TABLE}(rowid, body) "
        f"SELECT id, COALESCE(word, body) FROM {table}{chosen} ORDER BY id"
    )
    db.execute_sql(f"DELETE FROM {table}{chosen}")  # all: SQLite's truncate, no row walk
    return search_pending.pending_count(db) if limit is not None else 0


def _split_terms(terms: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(symbols, long terms, short terms) of a SQLite search."""
    # A word that is only symbols ("&", "+", "/") has no token in the word table;
    # it is looked for as a substring instead (a scan, but only of such a query).
    symbols = [t for t in terms if len(t) < 3 and not any(ch.isalnum() for ch in t)]
    terms = [t for t in terms if t not in symbols]
    long_terms = [t for t in terms if len(t) >= 3 and not has_cjk(t)]
    short_terms = [t for t in terms if t not in long_terms]
    return symbols, long_terms, short_terms


def _word_expression(short_terms: list[str]) -> str:
    """The word table's MATCH for short terms (word prefixes) and CJK ones."""
    parts = []
    for term in short_terms:
        if has_cjk(term):
            parts.append(_fts_phrase(spaced_cjk(term).strip()))
        else:
            parts.append(_fts_phrase(term) + "*")
    return " AND ".join(parts)


def _query_terms(query: str, region: str) -> list[str]:
    """The terms `matching_ids_sql` looks for: a phone number's digits, or the words."""
    phone = phone_query_digits(query, region)
    return [phone] if phone else search_terms(query)


def _implies(new: str, old: str) -> bool:
    """Every text that term `new` finds, term `old` finds too (SQLite's rules above)."""
    if has_cjk(old) or has_cjk(new):
        # A phrase of CJK characters, one token each: a longer run holds the shorter one.
        only_cjk = all(has_cjk(ch) for ch in old + new)
        return only_cjk and old in new
    if len(old) >= 3 or not any(ch.isalnum() for ch in old):
        # A substring of the folded text (trigrams, or LIKE for symbols): so is a longer one.
        substring = len(new) >= 3 or not any(ch.isalnum() for ch in new)
        return substring and old in new
    # A word prefix ("d" → "de"); not a long term, which may start inside a word.
    return len(new) < 3 and old.isalnum() and new.isalnum() and new.startswith(old)


def narrows(old: str, new: str, region: str = DEFAULT_REGION) -> bool:
    """Search `new` finds only contacts that search `old` finds (the user typed on:
    "cat" → "cate", "jan" → "jan de"), so its matches can be tested among `old`'s."""
    old_terms, new_terms = _query_terms(old, region), _query_terms(new, region)
    if not old_terms or not new_terms:
        return False
    return all(any(_implies(n, o) for n in new_terms) for o in old_terms)


@dataclass(frozen=True)
class RowTest:
    """A SQLite search as a test of given contacts: what `matching_ids_sql` finds, at the
    cost of those rows and not of every match (35,000-50,000 for "de" at 100k)."""

    substrings: tuple[str, ...]  # in the folded text: long terms (trigrams) and symbols
    words: str | None  # the word table's MATCH for short and CJK terms

    def matches(self, ids: Sequence[int], texts: Mapping[int, str] | None = None) -> set[int]:
        """Those of `ids` that match; `texts`, when given, holds the folded text of every
        one of `ids` that is indexed (`indexed_texts`), read at the same database version."""
        db = current_database()
        found: set[int] = set()
        if self.substrings:
            # A trigram phrase is a substring of the folded text: testing it on the rows'
            # text (read by rowid) is the same answer as the index, without its nine
            # posting lists of ~90,000 entries for "example.org".
            if texts is None:
                rows: Iterable[tuple[int, str]] = _texts_of(db, ids)
            else:  # a contact without a text is not in the index: it matches nothing
                rows = ((cid, body) for cid in ids if (body := texts.get(cid)) is not None)
            found = {cid for cid, body in rows if all(part in body for part in self.substrings)}
            if not found or self.words is None:
                return found
            ids = list(found)
        listed = ",".join(str(int(cid)) for cid in ids)  # our own ints: int() keeps it safe
        # The unary + makes FTS5 read the term's posting list once and SQLite check each
        # entry against these ids; a look-up per id sets up the whole query each time.
        sql = f"SELECT rowid FROM {WORD_TABLE} WHERE {WORD_TABLE} MATCH ? AND +rowid IN ({listed})"
        return {row[0] for row in db.execute_sql(sql, [self.words])}


def _texts_of(db: pw.Database, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    listed = ",".join(str(int(cid)) for cid in ids)  # our own ints: int() keeps it safe
    return db.execute_sql(f"SELECT rowid, body FROM {TRIGRAM_TABLE} WHERE rowid IN ({listed})")


def indexed_texts(ids: Sequence[int]) -> dict[int, str]:
    """The folded text of each of `ids` that is in the index (SQLite), for `RowTest`."""
    db = current_database()
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        found.update(_texts_of(db, ids[start : start + 500]))
    return found


def row_test(query: str, region: str = DEFAULT_REGION) -> RowTest | None:
    """The search as a `RowTest` (SQLite); None for an empty query or on a server."""
    terms = _query_terms(query, region)
    db = current_database()
    if not terms or not is_sqlite(db):
        return None
    if search_pending.any_pending(db):
        return None  # texts not yet in the index: only matching_ids_sql's fallback finds them
    symbols, long_terms, short_terms = _split_terms(terms)
    words = _word_expression(short_terms) if short_terms else None
    return RowTest(tuple(symbols + long_terms), words)


class ListHead:
    """The search index of a list's first contacts, copied: a search's first page among them
    costs ~0.05 ms, where the file's index reads every match (`de`, 34,000 of 100,000: 2-4
    ms). Its rowids are the contacts' rows in the list, so its answers come in list order.

    The same two FTS5 tables (same tokenizers), the same texts and the same query as the
    file's, so it finds exactly what the file's index finds among these contacts. Its own
    connection, not the store's: Peewee gives each thread its own, and the head is built
    on a worker and then asked on the GUI thread only."""

    def __init__(self, size: int, connection: sqlite3.Connection) -> None:
        self.size = size  # the list's first `size` contacts (some may have no text)
        self._connection = connection

    @staticmethod
    def build(ids: Sequence[int]) -> ListHead | None:
        """The head of a list whose first contacts are `ids` (SQLite; off the GUI thread:
        ~150 ms for 8,000). None on a server, while texts wait for the index, or when the
        copy cannot be made (it only saves time)."""
        db = current_database()
        if not is_sqlite(db) or search_pending.any_pending(db):
            return None
        path = Path(db.database)
        if not path.is_file():
            return None  # an in-memory database: no second connection can read it
        # check_same_thread: built here, then used by one other thread only. "": SQLite's
        # private temporary file, deleted with the connection; with a small page cache its
        # pages stay in the system's file cache, not in this process's heap (a 3 MB copy in
        # memory, made anew after each write or sort, grew the heap by 2-3 MB each time).
        copy = sqlite3.connect("", timeout=HEAD_WAIT_S, check_same_thread=False)
        try:
            _copy_texts(copy, path, ids)
            head = ListHead(len(ids), copy)
            head.matches("zz zzz", limit=1)  # both tables set up here, not on the GUI thread
        except sqlite3.Error:
            copy.close()
            return None
        return head

    @staticmethod
    def answers(query: str, region: str = DEFAULT_REGION) -> bool:
        """The head can say what search `query` finds: not with a symbol ("&")."""
        return not _split_terms(_query_terms(query, region))[0]

    def matches(
        self, query: str, region: str = DEFAULT_REGION, limit: int | None = None
    ) -> list[int] | None:
        """The rows of the head's contacts that search `query` finds, in list order: the
        first `limit` of them (None: all). None for a search with a symbol ("&")."""
        if not self.answers(query, region):
            return None
        terms = _query_terms(query, region)
        if not terms:
            return []
        sql, params = _index_sql(terms, TRIGRAM_TABLE, WORD_TABLE)
        ordered = f"SELECT rowid FROM ({sql}) ORDER BY rowid"
        if limit is not None:
            ordered += f" LIMIT {int(limit)}"
        return [row[0] for row in self._connection.execute(ordered, params)]


def _copy_texts(copy: sqlite3.Connection, path: Path, ids: Sequence[int]) -> None:
    """Both FTS5 tables of `ListHead`, filled with the texts of `ids` from the file at `path`,
    each under its row in the list."""
    copy.execute(f"PRAGMA cache_size = -{HEAD_CACHE_KB}")
    # Copied inside SQLite, from the file attached: a copy through Python (a row at a time)
    # took the GIL ~16,000 times, and the GUI thread waited for it.
    copy.execute("ATTACH DATABASE ? AS list", (str(path),))
    copy.execute("CREATE TEMP TABLE head(place INTEGER PRIMARY KEY, id INTEGER NOT NULL)")
    copy.execute(
        "INSERT INTO temp.head SELECT key, value FROM json_each(?)",
        (json.dumps([int(cid) for cid in ids]),),
    )
    for table, spec in ((TRIGRAM_TABLE, _TRIGRAM_SPEC), (WORD_TABLE, _WORD_SPEC)):
        # Contentless (the index alone: 3 of its 8 MB were the texts): a symbol's LIKE, which
        # reads the text, is left to the file's index. In rowid order: FTS5 writes its
        # pending terms out at each smaller rowid (6x as slow otherwise).
        copy.execute(f"CREATE VIRTUAL TABLE main.{table} USING {_contentless(spec)}")
        copy.execute(
            f"INSERT INTO main.{table}(rowid, body) SELECT head.place, text.body"
            f" FROM temp.head JOIN list.{table} AS text ON text.rowid = head.id"
            " ORDER BY head.place"
        )
    copy.commit()
    copy.execute("DETACH DATABASE list")
    copy.execute("DROP TABLE temp.head")
