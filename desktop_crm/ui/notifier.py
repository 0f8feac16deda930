"""The notifier: a timer that asks the reminders service what is due and raises each alarm once.

A single-shot timer aims at the next due moment; a periodic check catches everything
else and notices sleep and wall-clock jumps (Qt timers run on the monotonic clock, so
after a jump a single-shot aimed at a wall-clock moment is wrong and is re-aimed)."""

from __future__ import annotations

import logging
import time as _time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import peewee as pw
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desktop_crm.domain.alarms import SnoozeChoice
from desktop_crm.domain.clock import Clock
from desktop_crm.errors import UserError
from desktop_crm.services import reminders
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.changes import Changes
from desktop_crm.services.reminders import Reminder
from desktop_crm.ui.operations import OperationRunner

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

CHECK_INTERVAL_MS = 60_000
# Wall clock and monotonic clock may drift apart by this much between two checks before
# we call it a jump (NTP slews far less; a suspend or a manual change far more).
JUMP_TOLERANCE = timedelta(seconds=30)
# Never aim further ahead than this: a long single-shot would go stale on a clock change.
MAX_AIM_MS = 60 * 60 * 1000
# Qt may fire a timer a hair early; aiming just past the due moment avoids an empty check.
AIM_MARGIN_MS = 250
# The due reminders a check keeps whole (the rest is a count): the tray's menu lists
# MENU_LIMIT (15) of them.
FIRST_DUE = 20


class Notifier(QObject):
    """Raises reminders: construct with a clock, connect the signals, call `start()`.

    Signals:
      alarm_raised(Reminder)      one alarm that fell due while the app was running
      missed_alarms(list)         alarms that fell due while the app was closed or the
                                  computer slept, raised together ("6 reminders while
                                  you were away")
      alarms_raised(list)         every newly raised batch (both of the above), for the window
      due_changed(list)           the first FIRST_DUE due now (raised or not), after every
                                  check or action; due_count says how many in all
      clock_jumped(float)         seconds the wall clock jumped (sleep, resume, a manual change)
    """

    alarm_raised = Signal(object)
    missed_alarms = Signal(list)
    alarms_raised = Signal(list)
    due_changed = Signal(list)
    changed = Signal(object)  # Changes of a snooze or a done, for the window's open views
    clock_jumped = Signal(float)

    def __init__(
        self,
        clock: Clock,
        *,
        runner: OperationRunner | None = None,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        monotonic: Callable[[], float] = _time.monotonic,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._clock = clock
        # With a runner (the app) every check and action runs off the GUI thread, in order
        # with the window's writes; without one (tests, a headless check) it runs inline.
        self._runner = runner
        self._monotonic = monotonic
        self._due: list[Reminder] = []
        self._due_count = 0  # may be more than len(self._due): see FIRST_DUE
        self._snoozed_until: list[datetime] = []  # date-alarm snoozes made here, to aim at
        self._last_wall: datetime | None = None
        self._last_mono: float | None = None
        self._started = False
        self._lead_cache = reminders.LeadTimeCache()
        # What the last full check saw, so a quiet minute costs one cheap marker query.
        self._marker: tuple | None = None
        self._next_full_check: datetime | None = None

        self._aim = QTimer(self)
        self._aim.setSingleShot(True)
        self._aim.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may be 5% late
        self._aim.timeout.connect(self._on_aim)

        self._periodic = QTimer(self)
        self._periodic.setInterval(check_interval_ms)
        self._periodic.timeout.connect(self._on_tick)

    # --- running ---------------------------------------------------------------------------

    def start(self) -> list[Reminder]:
        """First check: what fell due while the app was closed comes as one missed batch.

        Returns the alarms raised when run inline; with a runner they arrive as signals."""
        self._started = True
        if self._runner is None:
            raised = self._check(missed=True, prune=True)
        else:
            self._first_check(self._runner)
            raised = []
        self._periodic.start()
        return raised

    def stop(self) -> None:
        self._started = False
        self._aim.stop()
        self._periodic.stop()

    @property
    def is_running(self) -> bool:
        return self._started

    @property
    def due(self) -> list[Reminder]:
        """The first FIRST_DUE of what was due at the last check, in due order (the tray's
        menu); due_count says how many in all."""
        return list(self._due)

    @property
    def due_count(self) -> int:
        """How many reminders were due at the last check (the tray's count)."""
        return self._due_count

    @property
    def clock(self) -> Clock:
        return self._clock

    def check_now(self) -> list[Reminder]:
        """Check at once (after an edit, or from a test); returns the alarms it raised."""
        return self._check(missed=False)

    def milliseconds_to_next_check(self) -> int | None:
        return self._aim.remainingTime() if self._aim.isActive() else None

    # --- acting on alarms ------------------------------------------------------------------

    def acknowledge(self, key: str) -> None:
        """Done: a follow-up is marked done, other alarms are not shown again."""
        now = self._clock.now()
        touched = self._contacts_of([key])

        def work() -> _DueRead | None:
            reminders.acknowledge(key, now)
            return self._read_due(now)

        def done(read: _DueRead | None) -> None:
            self._apply_due(now, read)
            self._publish(touched)

        self._act(work, done)

    def _contacts_of(self, keys: list[str]) -> set[int]:
        wanted = set(keys)
        return {r.contact_id for r in self._due if r.key in wanted}

    def _publish(self, contact_ids: set[int]) -> None:
        # The tray acts without the window: its views (an open detail pane) learn it here.
        if contact_ids:
            self.changed.emit(Changes(contact_ids=set(contact_ids), follow_ups=True))

    def snooze(self, key: str, choice: SnoozeChoice) -> datetime:
        now = self._clock.now()
        until = reminders.snooze_for(choice, now)
        touched = self._contacts_of([key])
        self._snoozed_until.append(until)

        def work() -> _DueRead | None:
            reminders.snooze(key, until, now)
            return self._read_due(now)

        def done(read: _DueRead | None) -> None:
            self._apply_due(now, read)
            self._publish(touched)

        self._act(work, done)
        return until

    def snooze_all(self, choice: SnoozeChoice = SnoozeChoice.HOUR_1) -> int:
        """Snooze everything due; returns how many (asked for, when run through a runner)."""
        now = self._clock.now()
        until = reminders.snooze_for(choice, now)
        shown = list(self._due)
        whole = self._due_count <= len(shown)  # else only the first ones are known here
        if self._due_count:
            self._snoozed_until.append(until)
        lead_cache = self._lead_cache

        def work() -> tuple[int, set[int], _DueRead | None]:
            due = shown if whole else reminders.due_reminders(now, lead_cache=lead_cache)
            count = reminders.snooze_all([r.key for r in due], until, now)
            return count, {r.contact_id for r in due}, self._read_due(now)

        def done(result: tuple[int, set[int], _DueRead | None]) -> int:
            count, touched, read = result
            self._apply_due(now, read)
            self._publish(touched if count else set())
            return count

        counted = self._act(work, done)
        return self._due_count if counted is None else counted

    # --- timers ----------------------------------------------------------------------------

    def _on_aim(self) -> None:
        self._check(missed=False)

    def _on_tick(self) -> None:
        jump = self._wall_clock_jump()
        if jump is not None:
            log.info("Wall clock jumped by %.0f s (sleep, resume or a clock change)", jump)
            self.clock_jumped.emit(jump)
        # After a jump forward (a resume), what fell due meanwhile was missed, not live.
        # Without a jump a quiet minute costs one marker query (off the GUI thread).
        self._check(missed=jump is not None and jump > 0, only_if_changed=jump is None)

    def needs_full_check(self) -> bool:
        """True when an alarm may have fallen due or expired, or the data changed (an edit
        here, the command line, another desktop acknowledging an alarm)."""
        return _needs_full_check(self._clock.now(), self._next_full_check, self._marker)

    def _wall_clock_jump(self) -> float | None:
        """Seconds the wall clock moved beyond the monotonic clock since the last check."""
        if self._last_wall is None or self._last_mono is None:
            return None
        wall_elapsed = self._clock.now().astimezone(UTC) - self._last_wall.astimezone(UTC)
        mono_elapsed = timedelta(seconds=self._monotonic() - self._last_mono)
        drift = wall_elapsed - mono_elapsed
        if abs(drift) > JUMP_TOLERANCE:
            return drift.total_seconds()
        return None

    # --- the checks: `work` may run on a worker, the rest on the GUI thread -----------------

    def _act(self, work: Callable[[], T], done: Callable[[T], R]) -> R | None:
        """Run `work` through the runner (then `done` on the GUI thread), or both inline."""
        if self._runner is None:
            return done(work())
        self._runner.mutate(work, done)  # a check writes deliveries: in order with the rest
        return None

    def _check(
        self, *, missed: bool, prune: bool = False, only_if_changed: bool = False
    ) -> list[Reminder]:
        now = self._clock.now()
        self._last_wall, self._last_mono = now, self._monotonic()
        next_full, marker = self._next_full_check, self._marker

        def work() -> _CheckRead | None:
            if prune:
                try:
                    reminders.prune_deliveries(now)
                except (UserError, pw.PeeweeException):
                    log.warning("Could not prune old alarm deliveries", exc_info=True)
            if only_if_changed and not _needs_full_check(now, next_full, marker):
                return _UNCHANGED
            read = self._read_due(now)
            if read is None:
                return None
            try:
                raised, _fresh = reminders.claim_due(read.fresh, now)
            except (UserError, pw.PeeweeException):
                # A busy or unreachable database (a server that is down) must not stop the
                # app; the periodic check tries again.
                log.warning("Reminder check failed; trying again at the next check", exc_info=True)
                return None
            # The marker after our own write: it must not count as another program's change.
            return _claimed(read, raised, _read_marker())

        raised = self._act(work, lambda read: self._apply_check(now, read, missed))
        return raised or []

    def _first_check(self, runner: OperationRunner) -> None:
        """The check at start, through the runner: what is due is read on a reader (at
        100,000 contacts the read takes up to seconds), as a count, the first FIRST_DUE and
        the never-raised ones (the whole list held Python's lock 0.15-0.2 s while Today
        was being built), and only the new deliveries (and
        the pruning) are written, a short write, so the writer is free for the user's
        first edit. The change marker is read on the writer first: it only means
        something on that connection, and read before the due list, a change made in
        between shows as a changed marker at the next tick rather than being missed."""
        now = self._clock.now()
        self._last_wall, self._last_mono = now, self._monotonic()
        seen: dict[str, tuple | None] = {}  # written on the writer, before the read starts

        def remember_marker() -> None:
            seen["marker"] = _read_marker()

        def read() -> _DueRead | None:
            return self._read_due(now)

        def claim(read: _DueRead) -> _CheckRead:
            try:
                reminders.prune_deliveries(now)
            except (UserError, pw.PeeweeException):
                log.warning("Could not prune old alarm deliveries", exc_info=True)
            try:
                raised, _fresh = reminders.claim_due(read.fresh, now)
            except (UserError, pw.PeeweeException):
                log.warning("Reminder check failed; trying again at the next check", exc_info=True)
                raised = []
            return _claimed(read, raised, seen.get("marker"))

        def write(read: _DueRead | None) -> None:
            if read is None:
                self._apply_check(now, None, missed=True)
                return
            runner.mutate(
                lambda: claim(read), lambda checked: self._apply_check(now, checked, True)
            )

        runner.in_order(remember_marker)
        runner.query(read, write, background=True)

    def _read_due(self, now: datetime) -> _DueRead | None:
        """What is due, from the database: the count, the first FIRST_DUE and the ones not
        raised yet (at 100,000 contacts the whole list is thousands of reminders, made in
        Python while holding its lock)."""
        try:
            summary = reminders.due_summary(now, first=FIRST_DUE, lead_cache=self._lead_cache)
            next_due = reminders.next_due_at(now)
        except (UserError, pw.PeeweeException):
            log.warning("Reminder refresh failed", exc_info=True)
            return None
        return _DueRead(summary.first, next_due, _read_marker(), summary.count, summary.fresh)

    def _apply_check(self, now: datetime, read: _CheckRead | None, missed: bool) -> list[Reminder]:
        if read is _UNCHANGED:
            return []
        if read is None:
            self._next_full_check = None
            return []
        self._apply_due(now, read.due, emit=False)
        raised = read.raised
        if raised:
            log.info("Raised %d alarm(s)%s", len(raised), " (missed)" if missed else "")
            if missed:
                self.missed_alarms.emit(raised)
            else:
                for reminder in raised:
                    self.alarm_raised.emit(reminder)
            self.alarms_raised.emit(raised)
        self.due_changed.emit(self.due)
        return raised

    def _apply_due(self, now: datetime, read: _DueRead | None, *, emit: bool = True) -> None:
        if read is None:
            self._next_full_check = None
            return
        self._due = read.due
        self._due_count = read.count
        self._marker = read.marker
        # Birthday alarms expire at midnight: the due list must be redone then too.
        local = now.astimezone()
        midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        self._next_full_check = min(
            read.next_due, midnight, key=lambda moment: moment.astimezone(UTC)
        )
        self._aim_at(now, read.next_due)
        if emit:
            self.due_changed.emit(self.due)

    def _aim_at(self, now: datetime, next_due: datetime) -> None:
        now_utc = now.astimezone(UTC)
        self._snoozed_until = [u for u in self._snoozed_until if u.astimezone(UTC) > now_utc]
        targets = [next_due.astimezone(UTC), *(u.astimezone(UTC) for u in self._snoozed_until)]
        delay = (min(targets) - now_utc).total_seconds() * 1000 + AIM_MARGIN_MS
        if not self._started:
            return  # a check before start() or after stop() must not leave a timer running
        self._aim.start(int(max(0, min(MAX_AIM_MS, delay))))


@dataclass(frozen=True)
class _DueRead:
    """What is due now, read off the GUI thread."""

    due: list[Reminder]  # all of it, or the first FIRST_DUE
    next_due: datetime
    marker: tuple | None
    count: int  # how many are due in all
    fresh: list[Reminder]  # the due ones not raised yet: what the first check claims


@dataclass(frozen=True)
class _CheckRead:
    raised: list[Reminder]
    due: _DueRead


_UNCHANGED: Any = object()  # a quiet minute: nothing fell due, nothing changed


def _claimed(read: _DueRead, raised: list[Reminder], marker: tuple | None) -> _CheckRead:
    """A check's answer: the alarms it raised now, and what is due with those marked raised."""
    keys = {r.key for r in raised}
    first = [replace(r, raised=True) if r.key in keys else r for r in read.due]
    return _CheckRead(raised, replace(read, due=first, marker=marker))


def _read_marker() -> tuple | None:
    try:
        return change_marker()
    except (UserError, pw.PeeweeException):
        return None


def _needs_full_check(now: datetime, next_full: datetime | None, marker: tuple | None) -> bool:
    if next_full is None or now.astimezone(UTC) >= next_full.astimezone(UTC):
        return True
    try:
        return change_marker() != marker
    except (UserError, pw.PeeweeException):
        return True
