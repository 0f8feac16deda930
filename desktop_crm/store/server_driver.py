"""PostgreSQL's driver (psycopg2, 30–50 ms of imports) loaded only when a server is used."""

from __future__ import annotations

import sys

# peewee imports psycopg2 (and tries psycopg2cffi and psycopg 3) at its own import, and
# playhouse.migrate (store/migrations) through its pool and postgres_ext, so every start on
# the SQLite file paid for a server driver (and ssl) before the first paint. Held back, those
# playhouse modules keep their no-driver fallbacks, which only their PostgreSQL extras
# (pooling, hstore, JSON fields) use; we use none of them.
_HELD_BACK = ("psycopg2", "psycopg2cffi", "psycopg")


def import_peewee_without_server_driver() -> None:
    """Import peewee with the server drivers held back: it then sees none installed.
    `load_server_driver()` gives it psycopg2 before a server connection is made."""
    if "peewee" in sys.modules:
        return  # imported already (tests, the command line): it has its driver
    held = [name for name in _HELD_BACK if name not in sys.modules]
    for name in held:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import peewee  # noqa: F401 - imported for the side effect
        import playhouse.migrate  # noqa: F401 - its pool and postgres_ext import psycopg2 too
    finally:
        for name in held:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def load_server_driver() -> None:
    """Before connecting to a server: what peewee's import would have set up with psycopg2."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    try:
        import psycopg2
        from psycopg2 import errors, extensions
        from psycopg2.extras import register_uuid
    except ImportError:
        return  # no driver installed: peewee says so when it connects
    peewee.psycopg2 = psycopg2
    peewee.pg_extensions = extensions
    peewee.pg_errors = errors
    register_uuid()
