"""The change marker moves when another connection commits, and not when nothing happens."""

import sqlite3

from desktop_crm.services import contacts as cs
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.records import ContactDraft
from desktop_crm.store.database import is_sqlite
from tests.backends import POSTGRES_URL


def _write_from_another_connection(db, data_paths) -> None:
    """What the command line or a second desktop does: its own connection, its own commit."""
    if is_sqlite(db):
        other = sqlite3.connect(str(data_paths.database))
        with other:
            other.execute("UPDATE contact SET company = 'Elders BV', version = version + 1")
        other.close()
    else:
        import psycopg2

        other = psycopg2.connect(POSTGRES_URL)
        with other, other.cursor() as cur:
            cur.execute(
                "UPDATE contact SET company = 'Elders BV', updated_at = now(), version = version + 1"
            )
        other.close()


def test_marker_moves_on_a_commit_elsewhere_and_only_then(db, data_paths, clock):
    cs.create_contact(ContactDraft(full_name="A"), clock=clock)
    start = change_marker()
    assert change_marker() == start  # reading changes nothing
    _write_from_another_connection(db, data_paths)
    moved = change_marker()
    assert moved != start
    assert change_marker() == moved
