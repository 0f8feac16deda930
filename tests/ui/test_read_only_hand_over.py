"""The start's hand-over from the read-only database (used while the integrity check runs) to
the read-write one: a read in flight across it finishes with the right answer, and each
worker closes its own connection to the read-only database (never another thread for it)."""

from __future__ import annotations

import threading

from desktop_crm.store import models as m
from desktop_crm.store.database import (
    close_database,
    open_database,
    open_read_only,
    retire_read_only,
)
from desktop_crm.ui.operations import OperationRunner


def _people(path) -> list[int]:
    open_database(path=path)
    ids = [m.Contact.create(display_name=f"P {i}", sort_name=f"p{i:02}").id for i in range(40)]
    close_database()
    return ids


def test_a_read_in_flight_across_the_swap_finishes_and_its_worker_closes_the_reader(
    qtbot, data_paths, bus
):
    ids = _people(data_paths.database)
    reader = open_read_only(data_paths.database)
    assert reader is not None and m.database_proxy.obj is reader
    failures: list[str] = []
    runner = OperationRunner(bus, query_threads=1, reporter=lambda text, _p: failures.append(text))
    started, go_on = threading.Event(), threading.Event()

    def read_ids() -> list[int]:
        cursor = m.database_proxy.obj.execute_sql("SELECT id FROM contact ORDER BY id")
        first = cursor.fetchone()[0]
        started.set()
        assert go_on.wait(10)  # the swap happens here, halfway through the rows
        return [first] + [row[0] for row in cursor.fetchall()]

    answers: list[list[int]] = []
    runner.query(read_ids, answers.append)
    assert started.wait(10)
    # What CheckAfterPaint does once the check passed: let go, then open for writing.
    retire_read_only(reader)
    assert reader.is_closed()  # the GUI thread's own connection
    open_database(path=data_paths.database)
    try:
        go_on.set()
        qtbot.waitUntil(lambda: answers != [])
        assert answers == [ids] and failures == []
        qtbot.waitUntil(runner.is_idle)
        # On the same worker: its connection to the read-only database went when it idled,
        # and its reads now come from the read-write database.
        seen: list[tuple[bool, int]] = []
        runner.query(lambda: (reader.is_closed(), m.Contact.select().count()), seen.append)
        qtbot.waitUntil(lambda: seen != [])
        assert seen == [(True, 40)]
        written: list[object] = []
        runner.mutate(lambda: m.Contact.create(display_name="New", sort_name="new"), written.append)
        qtbot.waitUntil(lambda: written != [])
        assert failures == []
    finally:
        runner.shutdown()
        close_database()
