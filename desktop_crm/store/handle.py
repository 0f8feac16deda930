"""The one database handle the models are bound to: which back end it is, and the handle itself.

Apart from `store.database` (which opens it) so that the schema and search modules can ask
without importing the module that calls them."""

from __future__ import annotations

import peewee as pw

from desktop_crm.store.models import database_proxy


def is_sqlite(db: pw.Database | None = None) -> bool:
    """Whether `db` (default: the open database) is SQLite rather than a server."""
    target = db if db is not None else database_proxy.obj
    return isinstance(target, pw.SqliteDatabase)


def current_database() -> pw.Database:
    """The open database; RuntimeError before `open_database`."""
    db = database_proxy.obj
    if db is None:
        raise RuntimeError("open_database() has not been called")
    return db
