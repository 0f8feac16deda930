"""The operation runner: work off the GUI thread, Changes on the bus, one failure path, order."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QWidget

from desktop_crm.errors import ValidationError
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import archive_contacts, count_contacts, create_contact
from desktop_crm.services.records import ContactDraft


@pytest.fixture
def shown(failures):
    return failures


def _wait_idle(qtbot, runner):
    qtbot.waitUntil(runner.is_idle)


def test_a_query_runs_off_the_gui_thread_and_answers_on_it(qtbot, runner, clock):
    create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return count_contacts()

    runner.query(work, lambda n: seen.update(result=n, callback=threading.get_ident()))
    qtbot.waitUntil(lambda: "result" in seen)

    assert seen["result"] == 1
    assert seen["worker"] != gui
    assert seen["callback"] == gui


def test_a_mutation_publishes_the_services_changes(qtbot, runner, bus, clock):
    cid = create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock).id

    with qtbot.waitSignal(bus.changed) as published:
        runner.mutate(lambda: archive_contacts([cid], clock=clock))

    assert published.args[0].contact_ids == {cid}
    assert published.args[0].contacts_added_or_removed


def test_a_user_error_reaches_the_user_as_its_own_message(qtbot, runner):
    def refuse() -> Changes:
        raise ValidationError("Type a name first.")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.mutate(refuse, lambda _r: pytest.fail("success after a failure"))

    assert failed.args == ["Type a name first."]


def test_a_bug_is_logged_with_its_traceback_and_shown_as_one_line(qtbot, runner, shown, caplog):
    def broken() -> None:
        raise KeyError("no such column")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.failed):
        runner.query(broken, lambda _r: None)

    assert shown == ["Something went wrong; nothing was changed. The details are in the log file."]
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_mutations_run_in_the_order_they_were_asked_for(qtbot, runner):
    order: list[int] = []
    for i in range(30):
        runner.mutate(lambda i=i: order.append(i))
    _wait_idle(qtbot, runner)

    assert order == list(range(30))


def test_a_query_sees_every_mutation_asked_for_before_it(qtbot, runner, clock):
    counts: list[int] = []
    gate = threading.Event()

    def slow_create() -> Changes:
        gate.wait(10)  # the query is queued while the write is still running
        create_contact(ContactDraft(full_name="Sanne de Wit"), clock=clock)
        return Changes(contacts_added_or_removed=True)

    runner.mutate(slow_create)
    runner.query(count_contacts, counts.append)
    gate.set()
    _wait_idle(qtbot, runner)

    assert counts == [1]


def test_a_superseded_query_result_is_dropped(qtbot, runner):
    first_started = threading.Event()
    release_first = threading.Event()
    delivered: list[str] = []

    def old() -> str:
        first_started.set()
        release_first.wait(10)
        return "old"

    runner.query(old, delivered.append, key="today")
    qtbot.waitUntil(first_started.is_set)
    runner.query(lambda: "new", delivered.append, key="today")
    qtbot.waitUntil(lambda: delivered == ["new"])
    release_first.set()
    _wait_idle(qtbot, runner)

    assert delivered == ["new"]


def test_a_superseded_query_that_has_not_started_is_never_run(qtbot, runner):
    gate = threading.Event()
    ran: list[str] = []
    runner.mutate(lambda: gate.wait(10))  # holds every later query back
    for name in ("a", "b", "c"):
        runner.query(lambda name=name: ran.append(name), lambda _r: None, key="board")
    gate.set()
    _wait_idle(qtbot, runner)

    assert ran == ["c"]


def test_a_callback_for_a_deleted_widget_is_not_called(qtbot, runner):
    widget = QWidget()
    gate = threading.Event()
    called: list[object] = []
    runner.query(lambda: gate.wait(10), called.append, parent=widget)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    gate.set()
    _wait_idle(qtbot, runner)

    assert called == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_a_callback_of_a_deleted_widget_without_parent_is_not_called(qtbot, runner, failures):
    """A bound method of a widget deleted while its read ran (no `parent=` given)."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    gate = threading.Event()
    runner.query(lambda: gate.wait(10) and "late", label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label))
    gate.set()
    _wait_idle(qtbot, runner)

    assert failures == []  # not called: no "C++ object already deleted" reported as a bug


def test_a_runner_deleted_while_a_worker_runs_drops_the_result(qtbot, bus, monkeypatch):
    """The window (and its runner and relay) go while a read is still running: the worker
    must not post to the deleted relay when it finishes."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication

    from desktop_crm.ui.operations import OperationRunner

    crashed: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashed.append(args.exc_value))
    ops = OperationRunner(bus, reporter=lambda _m, _p: None)
    threads = list(ops._threads)
    gate = threading.Event()
    called: list[object] = []
    ops.query(lambda: gate.wait(10), called.append)
    shiboken6.delete(ops)  # as a closed window deletes its children
    gate.set()
    for thread in threads:
        thread.join(10)
    QCoreApplication.processEvents()

    assert crashed == [] and called == []
    assert not any(thread.is_alive() for thread in threads)


def test_a_delivered_result_is_not_kept_alive_by_its_idle_worker(qtbot, runner):
    """A worker waits for its next job still holding the last one: the result (100,000 ids,
    a board) and the callbacks with their widgets must go once delivered, not at the next job."""
    import gc
    import weakref

    class Result:
        pass

    results: list[weakref.ref[Result]] = []

    def work() -> Result:
        result = Result()
        results.append(weakref.ref(result))
        return result

    runner.mutate(work, lambda _r: None)
    _wait_idle(qtbot, runner)
    gc.collect()

    assert results and results[0]() is None


def test_a_runner_nobody_holds_any_more_goes_on_the_gui_thread(qtbot, bus):
    """Worker threads hold no reference to the runner: had they, the last one would go when
    a worker ends and the runner (a Qt object, with its relay) would be freed on that thread."""
    import gc

    from desktop_crm.ui.operations import OperationRunner

    freed_on: list[str] = []
    ops = OperationRunner(bus, reporter=lambda _m, _p: None)
    ops.destroyed.connect(lambda *_a: freed_on.append(threading.current_thread().name))
    threads = list(ops._threads)
    gate = threading.Event()
    ops.query(lambda: gate.wait(10), lambda _r: None)
    ops.shutdown(timeout=0)  # the workers stop after what they hold
    del ops
    gc.collect()
    gate.set()
    for thread in threads:
        thread.join(10)
    gc.collect()

    assert freed_on == [threading.main_thread().name]
