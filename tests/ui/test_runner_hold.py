"""A job on the writer that writes nothing (the start's hold while the integrity check runs)
keeps later writes waiting but not reads; a write asked during it still holds the reads
asked after that write."""

from __future__ import annotations

import threading

from desktop_crm.services.changes import Changes


def test_reads_pass_a_hold_that_writes_nothing_and_writes_wait_for_it(qtbot, runner):
    gate = threading.Event()
    done: list[str] = []
    runner.in_order(lambda: gate.wait(10), holds_reads=False)
    answers: list[str] = []
    runner.query(lambda: "read during the hold", answers.append)
    qtbot.waitUntil(lambda: answers == ["read during the hold"])

    def write() -> Changes:
        done.append("write")
        return Changes()

    runner.mutate(write)
    seen: list[list[str]] = []
    runner.query(lambda: list(done), seen.append)  # asked after the write: sees it
    assert done == []  # the writer is still held
    gate.set()
    qtbot.waitUntil(lambda: seen != [])
    assert seen == [["write"]]
    qtbot.waitUntil(runner.is_idle)


def test_a_plain_in_order_job_holds_the_reads_asked_after_it(qtbot, runner):
    gate = threading.Event()
    ran: list[str] = []
    runner.in_order(lambda: (gate.wait(10), ran.append("in order")))
    seen: list[list[str]] = []
    runner.query(lambda: list(ran), seen.append)
    gate.set()
    qtbot.waitUntil(lambda: seen != [])
    assert seen == [["in order"]]
