"""The notifier's first check at start, through the runner: what is due is read on the
background reader, and the writer only records the deliveries that are new."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime

import pytest

from desktop_crm.domain.alarms import AlarmKind
from desktop_crm.services import followups, reminders
from desktop_crm.store import models as m
from desktop_crm.store.database import sqlite_file_in_use
from desktop_crm.ui.notifier import Notifier
from tests.conftest import AMSTERDAM


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def statements(db, monkeypatch) -> list[tuple[str, str]]:
    """(thread name, SQL) of every statement run from now on."""
    seen: list[tuple[str, str]] = []
    database = m.database_proxy.obj
    real = database.execute_sql

    def traced(sql, params=None, *args, **kwargs):
        seen.append((threading.current_thread().name, sql))
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", traced)
    return seen


def _is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))


def test_the_first_check_reads_on_a_reader_and_writes_only_the_new_delivery(
    db, clock, qtbot, runner, settle, statements
):
    bert = m.Contact.create(display_name="Bert Jansen").id
    followups.add_follow_up(bert, at(2026, 3, 9, 9, 0), "Send the quote", clock=clock)
    # Bert's alarm was raised in an earlier session: its delivery is recorded already.
    assert len(reminders.claim_new_alarms(clock.now())) == 1
    anna = m.Contact.create(display_name="Anna de Vries").id
    followups.add_follow_up(anna, at(2026, 3, 9, 15, 0), "Call about the offer", clock=clock)
    statements.clear()

    notifier = Notifier(clock, runner=runner)
    try:
        with qtbot.waitSignal(notifier.missed_alarms) as missed:
            notifier.start()
        settle()
    finally:
        notifier.stop()

    assert [r.contact_id for r in missed.args[0]] == [anna]
    assert {r.contact_id for r in notifier.due} == {anna, bert}
    due_reads = {
        thread
        for thread, sql in statements
        if not _is_write(sql) and '"follow_up"' in sql and "due_at" in sql
    }
    assert due_reads == {"crm-background"}  # not the writer, not the GUI thread
    writes = [(thread, sql) for thread, sql in statements if _is_write(sql)]
    assert {thread for thread, _sql in writes} == {"crm-mutation"}
    inserts = [sql for _thread, sql in writes if sql.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and '"alarm_delivery"' in inserts[0]  # Anna's alone
    writer_reads = [sql for thread, sql in statements if thread == "crm-mutation"]
    assert not any('"follow_up"' in sql for sql in writer_reads)  # the writer never reads due


def test_a_first_check_with_nothing_new_inserts_nothing(db, clock, qtbot, runner, statements):
    anna = m.Contact.create(display_name="Anna de Vries").id
    followups.add_follow_up(anna, at(2026, 3, 9, 15, 0), "Call", clock=clock)
    reminders.claim_new_alarms(clock.now())
    statements.clear()
    notifier = Notifier(clock, runner=runner)
    try:
        notifier.start()
        qtbot.waitUntil(lambda: [r.kind for r in notifier.due] == [AlarmKind.FOLLOW_UP])
        qtbot.waitUntil(runner.is_idle)
    finally:
        notifier.stop()
    assert not [sql for _thread, sql in statements if sql.lstrip().upper().startswith("INSERT")]


def test_a_change_made_during_the_first_check_is_seen_at_the_next_tick(
    db, clock, qtbot, runner, monkeypatch
):
    """The change marker is read (on the writer) before the due list: another program's
    write made while the list is read moves the marker, so the next tick checks fully."""
    m.Contact.create(display_name="Anna de Vries")
    notifier = Notifier(clock, runner=runner)
    real_read = notifier._read_due
    wrote: list[bool] = []

    def read_while_another_program_writes(now):
        read = real_read(now)
        path = sqlite_file_in_use()
        assert path is not None
        with sqlite3.connect(path, timeout=10) as other:  # another program's connection
            other.execute("UPDATE contact SET display_name = 'Anna B.'")
        wrote.append(True)
        return read

    monkeypatch.setattr(notifier, "_read_due", read_while_another_program_writes)
    answer: list[bool] = []
    try:
        notifier.start()
        qtbot.waitUntil(lambda: bool(wrote) and runner.is_idle())
        # The app's ticks ask on the writer's connection, where the marker means something.
        runner.in_order(notifier.needs_full_check, answer.append)
        qtbot.waitUntil(lambda: bool(answer))
    finally:
        notifier.stop()
    assert answer == [True]


def test_without_a_runner_the_first_check_stays_inline(db, clock):
    anna = m.Contact.create(display_name="Anna de Vries").id
    followups.add_follow_up(anna, at(2026, 3, 9, 15, 0), "Call", clock=clock)
    notifier = Notifier(clock)
    try:
        assert [r.contact_id for r in notifier.start()] == [anna]
    finally:
        notifier.stop()


def test_with_more_due_than_it_keeps_the_first_check_counts_them_all_and_snooze_all_takes_all(
    db, clock, qtbot, runner, settle
):
    from desktop_crm.ui.notifier import FIRST_DUE
    from desktop_crm.ui.tray import MENU_LIMIT

    assert MENU_LIMIT <= FIRST_DUE  # the tray's menu lists only reminders kept whole
    many = FIRST_DUE + 7
    for n in range(many):
        contact = m.Contact.create(display_name=f"Klant {n:02d}").id
        followups.add_follow_up(contact, at(2026, 3, 9, 9, n), "Bellen", clock=clock)
    notifier = Notifier(clock, runner=runner)
    try:
        with qtbot.waitSignal(notifier.missed_alarms) as missed:
            notifier.start()
        settle()
        assert len(missed.args[0]) == many  # every alarm is raised, once
        assert notifier.due_count == many
        assert [r.full_name for r in notifier.due] == [f"Klant {n:02d}" for n in range(FIRST_DUE)]
        assert all(r.raised for r in notifier.due)

        notifier.snooze_all()
        settle()
    finally:
        notifier.stop()
    assert notifier.due_count == 0 and notifier.due == []
    assert reminders.due_reminders(clock.now()) == []  # the ones past the first, too
