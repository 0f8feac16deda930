"""Every table's rows, search texts included, to compare a database before and after."""

from __future__ import annotations

from desktop_crm.store import models as m
from desktop_crm.store.handle import is_sqlite
from desktop_crm.store.search import PG_TABLE, TRIGRAM_TABLE, WORD_TABLE


def all_rows(*, skip: tuple[type[m.BaseModel], ...] = ()) -> dict[str, list[tuple]]:
    """{table: its rows in primary-key order}, for every model and the search texts."""
    rows: dict[str, list[tuple]] = {}
    for model in m.ALL_MODELS:
        if model in skip:
            continue
        query = model.select().order_by(model._meta.primary_key)
        rows[model._meta.table_name] = [tuple(r) for r in query.tuples()]
    db = m.database_proxy.obj
    tables = [TRIGRAM_TABLE, WORD_TABLE] if is_sqlite(db) else [PG_TABLE]
    for table in tables:
        key = "rowid" if is_sqlite(db) else "contact_id"
        sql = f"SELECT {key}, body FROM {table} ORDER BY {key}"
        rows[table] = [tuple(r) for r in db.execute_sql(sql).fetchall()]
    return rows
