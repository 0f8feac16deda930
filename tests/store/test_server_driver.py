"""The app's start imports peewee without psycopg2; a server connection loads it then."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HELD_BACK = (
    "import sys\n"
    "from desktop_crm.store.server_driver import import_peewee_without_server_driver\n"
    "import_peewee_without_server_driver()\n"
    "import desktop_crm.store.database as database, desktop_crm.store.migrations\n"
    "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg2', 'ssl')))\n"
)


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_sqlite_start_loads_no_server_driver():
    assert _run(HELD_BACK).splitlines()[0] == "[]"  # 30–50 ms of psycopg2 and ssl


def test_the_driver_loads_when_a_server_is_used():
    """Without a server at hand: what peewee would have found is given to it."""
    code = HELD_BACK + (
        "import peewee, psycopg2\n"
        "assert peewee.psycopg2 is None\n"
        "from desktop_crm.store.server_driver import load_server_driver\n"
        "load_server_driver()\n"
        "from psycopg2 import errors, extensions\n"
        "assert (peewee.psycopg2, peewee.pg_extensions, peewee.pg_errors) == "
        "(psycopg2, extensions, errors)\n"
        "print('loaded')\n"
    )
    assert _run(code).splitlines()[-1] == "loaded"


@pytest.mark.skipif(
    not os.environ.get("DESKTOP_CRM_TEST_POSTGRES"),
    reason="no PostgreSQL server (set DESKTOP_CRM_TEST_POSTGRES; .ci/run does)",
)
def test_a_server_opened_after_the_held_back_start_works():
    code = HELD_BACK + (
        "import os, peewee\n"
        "db = database.connect_url(os.environ['DESKTOP_CRM_TEST_POSTGRES'])\n"
        "print(db.execute_sql('select 1').fetchone()[0])\n"
        "try:\n"
        "    db.execute_sql('select * from no_such_table_here')\n"
        "except peewee.ProgrammingError:\n"
        "    print('mapped')\n"
    )
    assert _run(code).splitlines()[-2:] == ["1", "mapped"]
