"""The one operation runner: database work off the GUI thread, results and failures back on it.

Modelled on Anki's `aqt.operations` (`QueryOp`, `CollectionOp`):

    runner.query(work, on_success, key="today", parent=self)   # a read; stale results dropped
    runner.mutate(work, on_success, parent=self)                # a write; its Changes go on the bus
    runner.in_order(work, on_success)                           # a read on the writer's connection
    runner.report(exc, parent=self)                             # the one place failures reach the user

`work` runs on a worker thread and must not touch widgets; `on_success` runs on the GUI
thread. Mutations run one at a time, in the order they were asked for; a query waits
for every mutation asked for before it, so it never shows the data from before a save.
A query with a `key` whose result was superseded by a newer query for the same key is
skipped if it has not started, and its result is dropped if it has.
"""

from __future__ import annotations

import functools
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.native_memory import give_back

log = logging.getLogger(__name__)
_SKIPPED = object()  # a superseded query that was never run

# Reads run on two threads so one slow chart does not hold up Today; writes on one, in order.
QUERY_THREADS = 2
# A reader that goes idle hands the allocator's free pages back, at most this often.
TRIM_EVERY_S = 1.0
# The writer keeps its connection (the change marker needs it), and with it a page cache that
# its first write fills (4 MB at 100k: index and search pages). Once no write came for this
# long it empties that cache: a burst of edits keeps it, a settled window gives it back.
WRITER_IDLE_S = 0.5

Reporter = Callable[[str, "QWidget | None"], None]


def failure_message(exc: BaseException) -> str:
    """The one translated line a user sees for a failure; a bug is logged with its traceback."""
    refusal = refusal_of(exc)
    if refusal is not None:
        return refusal.message
    log.error("operation failed", exc_info=(type(exc), exc, exc.__traceback__))
    return _("Something went wrong; nothing was changed. The details are in the log file.")


def refusal_of(exc: BaseException) -> UserError | None:
    """The user's one line for a failure they can act on (a busy or read-only database, a
    contact gone, a full disk), also when a read raised it as the driver's error; None: a bug."""
    if isinstance(exc, UserError):
        return exc
    from desktop_crm.store.db_errors import user_error_for

    return user_error_for(exc)


def show_message_box(message: str, parent: QWidget | None) -> None:
    """The default reporter: a window-modal warning that does not block the event loop."""
    from PySide6.QtWidgets import QMessageBox  # at the first failure, not before the paint

    box = QMessageBox(QMessageBox.Icon.Warning, _("Desktop CRM"), message, parent=parent)
    box.setAccessibleName(_("Error message"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()


def changes_of(result: object) -> Changes | None:
    """A service returns `Changes`, or a value carrying them in `.changes`."""
    if isinstance(result, Changes):
        return result
    carried = getattr(result, "changes", None)
    return carried if isinstance(carried, Changes) else None


@dataclass
class _Job:
    seq: int
    work: Callable[[], Any]
    on_success: Callable[[Any], object] | None
    on_failure: Callable[[str], None] | None
    parent: QWidget | None
    mutation: bool
    key: str | None = None
    after_mutation: int = 0  # a query waits until this many mutations have finished
    explains: bool = False  # on_failure shows a refusal itself (beside the field)
    holds_reads: bool = True  # a mutation: queries asked after it wait until it is done
    outcome: tuple[bool, object] = field(default=(False, None))


def _shrink_connection() -> None:
    """Empty this worker's SQLite page cache, keeping the connection (PRAGMA shrink_memory)."""
    from desktop_crm.store.handle import is_sqlite
    from desktop_crm.store.models import database_proxy

    db = database_proxy.obj
    try:
        if db is not None and is_sqlite(db) and not db.is_closed():
            db.execute_sql("PRAGMA shrink_memory")
    except Exception:  # a cache that cannot shrink now is harmless: log, do not show
        log.exception("shrinking the writer's page cache")


def _release_connection() -> None:
    """Peewee keeps one connection per thread: close this worker's when it goes idle (and
    its connection to the start's read-only database, if a job ran across the swap)."""
    from desktop_crm.store.database import close_retired_connections
    from desktop_crm.store.models import database_proxy

    db = database_proxy.obj
    try:
        if db is not None and not db.is_closed():
            db.close()
        close_retired_connections()
    except Exception:  # a connection that cannot close is harmless here; log, do not show
        log.exception("closing a worker's database connection")


class _Relay(QObject):
    """Lives on the GUI thread; a worker's emit is queued to it. It carries no Python
    object across threads (finished jobs wait in a queue): PySide6 has miscounted
    references of objects queued between threads, which crashed the interpreter at exit."""

    finished = Signal()


class _Gate:
    """Whether the relay may still be signalled. A runner deleted with its window deletes its
    relay; a worker that finished a job after that would post to freed memory (a segfault in
    a later event loop). The check and the emit happen under one lock, and the runner's
    `destroyed` (emitted before its children go) closes the gate under the same lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True

    def close(self, *_args: object) -> None:
        with self.lock:
            self.open = False


def _receiver_alive(callback: Callable[..., object] | None) -> bool:
    """False when `callback` is a bound method (or a partial of one) of a deleted QObject."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _WorkerSide:
    """The state the worker threads share with the runner, and their loop."""

    def __init__(self, relay: _Relay) -> None:
        self.relay = relay
        self.gate = _Gate()
        self.lock = threading.Condition()
        self.latest: dict[str, int] = {}
        self.finished: queue.Queue[_Job] = queue.Queue()
        self.mutations_done = 0
        self.last_trim = 0.0

    def is_superseded(self, job: _Job) -> bool:
        with self.lock:
            return job.key is not None and self.latest.get(job.key) != job.seq

    def _wait_for_mutations(self, count: int) -> None:
        with self.lock:
            self.lock.wait_for(lambda: self.mutations_done >= count)

    def serve(self, jobs: queue.Queue[_Job | None], close_when_idle: bool) -> None:
        wrote = False  # the writer: a write since its page cache was last emptied
        while True:
            try:
                job = jobs.get(timeout=WRITER_IDLE_S if wrote else None)
            except queue.Empty:
                wrote = False
                _shrink_connection()
                self._give_back()
                continue
            if job is None:
                _release_connection()
                return
            if not job.mutation:
                self._wait_for_mutations(job.after_mutation)
            if job.mutation or not self.is_superseded(job):
                try:
                    job.outcome = (True, job.work())
                except BaseException as exc:  # every failure goes to the one reporter
                    job.outcome = (False, exc)
            else:
                job.outcome = (True, _SKIPPED)
            if job.mutation:
                wrote = not close_when_idle
            if job.mutation and job.holds_reads:
                with self.lock:
                    self.mutations_done += 1
                    self.lock.notify_all()
            if close_when_idle and jobs.empty():
                # Idle: give the connection back (a PostgreSQL server counts them). The
                # writer keeps its one connection: SQLite's data_version (the change
                # marker) only means something when read on the same connection.
                _release_connection()
            self._hand_over(job)
            del job  # delivered or not, it is the GUI thread's now
            if close_when_idle and jobs.empty():
                self._give_back()

    def _hand_over(self, job: _Job) -> None:
        with self.gate.lock:
            if not self.gate.open:
                return  # the runner (and its window) are gone: nobody to deliver to
            self.finished.put(job)
            self.relay.finished.emit()

    def _give_back(self) -> None:
        """A read of 100,000 ids or a board leaves the C heap at its peak; once a reader is
        idle (its connection and page cache closed) the free pages go back. On the worker,
        not the GUI thread (a trim takes a few ms), and at most every TRIM_EVERY_S."""
        now = time.monotonic()
        with self.lock:
            if now - self.last_trim < TRIM_EVERY_S:
                return
            self.last_trim = now
        give_back()


class OperationRunner(QObject):
    """One per window; passed to every view that reads or writes data."""

    failed = Signal(str)  # every failure message, after it was reported (tests, status bar)
    idle = Signal()  # no operation pending any more

    def __init__(
        self,
        bus: ChangesBus,
        *,
        reporter: Reporter | None = None,
        query_threads: int = QUERY_THREADS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._reporter: Reporter = reporter or show_message_box
        self._relay = _Relay(self)
        self._relay.finished.connect(self._drain)
        # What the worker threads touch: never the runner itself, so the last reference to
        # it (a Qt object) is never dropped on a worker thread when one ends.
        self._side = side = _WorkerSide(self._relay)
        self._lock = side.lock
        self._latest = side.latest
        self._finished = side.finished
        self._seq = itertools.count(1)
        self._mutations_asked = 0
        self._pending = 0
        self._queries: queue.Queue[_Job | None] = queue.Queue()
        self._mutations: queue.Queue[_Job | None] = queue.Queue()
        # Reads the user does not wait for (the notifier's first check, loading modules
        # ahead): their own thread, so they never hold up a user's query.
        self._background: queue.Queue[_Job | None] = queue.Queue()
        self._threads = [
            threading.Thread(
                target=side.serve, args=(self._mutations, False), name="crm-mutation", daemon=True
            )
        ] + [
            threading.Thread(
                target=side.serve, args=(self._queries, True), name=f"crm-query-{i}", daemon=True
            )
            for i in range(query_threads)
        ]
        self._threads.append(
            threading.Thread(
                target=side.serve,
                args=(self._background, True),
                name="crm-background",
                daemon=True,
            )
        )
        for thread in self._threads:
            thread.start()
        self._query_threads = query_threads
        # A runner deleted with its window lets its workers go (without waiting for them);
        # what they still finish is dropped, never posted to the deleted relay.
        self.destroyed.connect(side.gate.close)
        self.destroyed.connect(
            functools.partial(
                _stop_workers, self._queries, self._mutations, query_threads, self._background
            )
        )

    # --- the API -----------------------------------------------------------------------

    def set_reporter(self, reporter: Reporter) -> None:
        """Where failures go: a message box by default, the status bar if the window says so."""
        self._reporter = reporter

    def query(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], object],
        *,
        key: str | None = None,
        parent: QWidget | None = None,
        on_failure: Callable[[str], None] | None = None,
        background: bool = False,
        explains: bool = False,
        after_writes: bool = True,
    ) -> None:
        """Read off the GUI thread; `on_success(result)` on the GUI thread if still current.

        `background`: a read nobody is waiting for, on its own thread, one at a time.
        `explains`: as for `mutate`, a refused read goes to `on_failure` only.
        `after_writes=False`: work that reads no data (loading modules) need not wait for
        the writes asked before it (at start: the integrity check's hold on the writer)."""
        with self._lock:
            job = _Job(
                next(self._seq),
                work,
                on_success,
                on_failure,
                parent,
                mutation=False,
                key=key,
                after_mutation=self._mutations_asked if after_writes else 0,
                explains=explains,
            )
            if key is not None:
                self._latest[key] = job.seq
            self._pending += 1
        (self._background if background else self._queries).put(job)

    def mutate(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], object] | None = None,
        *,
        parent: QWidget | None = None,
        on_failure: Callable[[str], None] | None = None,
        explains: bool = False,
    ) -> None:
        """Run a service off the GUI thread; its `Changes` are published, then `on_success`.
        With `explains`, a refusal (a UserError) goes to `on_failure` only, which shows it
        where it belongs (a dialog's error line); any other failure is reported as always."""
        self._put_mutation(work, on_success, on_failure, parent, explains=explains)

    def _put_mutation(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], object] | None,
        on_failure: Callable[[str], None] | None,
        parent: QWidget | None,
        *,
        explains: bool = False,
        holds_reads: bool = True,
    ) -> None:
        with self._lock:
            job = _Job(
                next(self._seq),
                work,
                on_success,
                on_failure,
                parent,
                mutation=True,
                explains=explains,
                holds_reads=holds_reads,
            )
            if holds_reads:
                self._mutations_asked += 1
            self._pending += 1
        self._mutations.put(job)

    def in_order(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], object] | None = None,
        *,
        parent: QWidget | None = None,
        holds_reads: bool = True,
    ) -> None:
        """A read that must run on the writer's thread and connection, after every earlier
        write (the change marker); nothing is published. `holds_reads=False`: work that
        writes nothing, after which queries need not wait (the start's hold on the writer
        while the integrity check runs: reads go on from the read-only connection)."""
        self._put_mutation(
            lambda: _Unpublished(work()),
            lambda r: on_success and on_success(r.value),
            None,
            parent,
            holds_reads=holds_reads,
        )

    def report(self, exc: BaseException, parent: QWidget | None = None) -> str:
        """Show a failure to the user (the one place); returns the line shown."""
        message = failure_message(exc)
        self._show(message, parent)
        return message

    def is_idle(self) -> bool:
        with self._lock:
            return self._pending == 0

    def shutdown(self, timeout: float = 5.0) -> None:
        """Let the workers finish what they hold and stop; results not yet delivered are lost."""
        _stop_workers(self._queries, self._mutations, self._query_threads, self._background)
        for thread in self._threads:
            thread.join(timeout)

    def _is_superseded(self, job: _Job) -> bool:
        return self._side.is_superseded(job)

    # --- back on the GUI thread ----------------------------------------------------------

    def _drain(self) -> None:
        while True:
            try:
                job = self._finished.get_nowait()
            except queue.Empty:
                return
            self._deliver(job)

    def _deliver(self, job: _Job) -> None:
        with self._lock:
            self._pending -= 1
            now_idle = self._pending == 0
        try:
            self._finish(job)
        finally:
            # Drop what the job holds (callbacks with their widgets, the result) here, on the
            # GUI thread: the idle worker still holds the job until its next one arrives, and
            # would keep a result of 100,000 ids (or a closed view's widgets) alive until then.
            job.work = job.on_success = job.on_failure = job.parent = None  # type: ignore[assignment]
            job.outcome = (False, None)
            if now_idle:
                self.idle.emit()

    def _finish(self, job: _Job) -> None:
        ok, value = job.outcome
        parent_alive = job.parent is None or shiboken6.isValid(job.parent)
        if not ok:
            message = failure_message(value)  # type: ignore[arg-type]
            told = job.on_failure is not None and parent_alive and _receiver_alive(job.on_failure)
            if told:
                job.on_failure(message)  # type: ignore[misc]
            if told and job.explains and refusal_of(value) is not None:  # type: ignore[arg-type]
                self.failed.emit(message)  # shown beside the field by on_failure
            else:
                self._show(message, job.parent if parent_alive else None)
            return
        if value is _SKIPPED or self._is_superseded(job):
            return  # a newer query for the same view is on its way
        if job.mutation:
            self._bus.publish(changes_of(value))
        # A receiver whose widget was deleted meanwhile (its window closed) gets nothing.
        if job.on_success is not None and parent_alive and _receiver_alive(job.on_success):
            try:
                job.on_success(value)
            except Exception as exc:  # a bug in the callback: shown the same way
                self.report(exc, job.parent)

    def _show(self, message: str, parent: QWidget | None) -> None:
        self._reporter(message, parent)
        self.failed.emit(message)


def _stop_workers(
    queries: queue.Queue[_Job | None],
    mutations: queue.Queue[_Job | None],
    query_threads: int,
    background: queue.Queue[_Job | None],
) -> None:
    for _thread in range(query_threads):
        queries.put(None)
    mutations.put(None)
    background.put(None)


@dataclass(frozen=True)
class _Unpublished:
    """A value from the writer's thread that is not a service's Changes."""

    value: Any
