"""Secondary indexes set aside during a large SQLite import and built again after its rows are
written, in the same transaction: one sort per index instead of 100,000 scattered inserts."""

from __future__ import annotations

import peewee as pw

from desktop_crm.store.database import is_sqlite

# The tables an import writes many rows to. Unique indexes stay: they guard the data.
TABLES = ("contact", "contact_email", "contact_phone", "stage_change", "custom_field")


def worth_it(existing_contacts: int, expected_new: int) -> bool:
    """Rebuilding sorts every row, old ones too: it pays when the import is most of them."""
    return expected_new >= existing_contacts


class SetAside:
    """Drops the plain indexes of `TABLES` now; `restore` creates them again, unchanged."""

    def __init__(self, db: pw.Database):
        self.db = db
        self.statements: list[str] = []
        if not is_sqlite(db):
            return
        marks = ", ".join("?" * len(TABLES))
        rows = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
            TABLES,
        ).fetchall()
        for name, sql in rows:
            db.execute_sql(f'DROP INDEX "{name}"')
            self.statements.append(sql)

    def restore(self) -> None:
        for sql in self.statements:
            self.db.execute_sql(sql)
        self.statements = []
