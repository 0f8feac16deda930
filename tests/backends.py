"""The two database back ends the store, services and command-line tests run on.

PostgreSQL runs where DESKTOP_CRM_TEST_POSTGRES names a server (`.ci/start-postgres`
starts one); each test gets an empty schema. Tests that are about SQLite files
themselves carry the `sqlite_only` mark."""

from __future__ import annotations

import os

import pytest

from desktop_crm.store.database import close_database, open_database

POSTGRES_URL = os.environ.get("DESKTOP_CRM_TEST_POSTGRES", "")
BACKENDS = ["sqlite", "postgres"]


def reset_postgres(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    conn.close()


def open_backend(request, data_paths):
    if request.param == "postgres":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("about SQLite files")
        if not POSTGRES_URL:
            pytest.skip("no PostgreSQL server (set DESKTOP_CRM_TEST_POSTGRES; .ci/run does)")
        reset_postgres(POSTGRES_URL)
        database = open_database(url=POSTGRES_URL)
    else:
        database = open_database(path=data_paths.database)
    yield database
    close_database()


def database_args(request, data_dir) -> list[str]:
    """Command-line arguments that point a subprocess at this test's back end."""
    args = ["--data-dir", str(data_dir)]
    if getattr(request, "param", "sqlite") == "postgres":
        args += ["--database", POSTGRES_URL]
    return args
