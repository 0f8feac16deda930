"""A real refusal for a write on the writer thread: another program holds the file's write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_crm.store import models as m
from desktop_crm.ui.operations import OperationRunner


@contextmanager
def locked_by_another_program(runner: OperationRunner, path: Path) -> Iterator[None]:
    """While inside, a write through `runner` waits 50 ms for the lock and is then refused
    ("The database is busy in another program…"), as it would be after the real timeout."""
    runner.mutate(lambda: m.database_proxy.obj.execute_sql("PRAGMA busy_timeout = 50"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
