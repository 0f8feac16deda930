"""A PostgreSQL connection that survives a server restart and never waits forever.

Reads and new transactions reconnect once, transparently, when the server dropped
the connection (a restart, an administrator ending sessions). A transaction that
was open when the connection went is never replayed: its caller gets the error,
and nothing of it was committed. Connect and statement timeouts mean a server that
accepts connections but never answers gives an error instead of a frozen window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import peewee as pw
from playhouse.shortcuts import ReconnectMixin

CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_MS = 120_000  # an import's longest statement takes seconds, not minutes

# Listeners told True when the server answers again and False when it went away
# (the window's status bar); called on the thread that noticed.
ConnectionListener = Callable[[bool], None]
_listeners: list[ConnectionListener] = []


def add_connection_listener(listener: ConnectionListener) -> None:
    """Call `listener(False)` when the server goes away and `listener(True)` when it is back."""
    _listeners.append(listener)


def remove_connection_listener(listener: ConnectionListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _tell(available: bool) -> None:
    for listener in list(_listeners):
        listener(available)


# Errors that mean "the connection is gone", not "the statement is wrong".
_LOST = (
    "terminating connection",
    "server closed the connection",
    "connection already closed",
    "connection not open",
    "could not connect",
    "connection refused",
    "the database system is starting up",
    "the database system is shutting down",
    "ssl connection has been closed",
    "no connection to the server",
    "timeout expired",
)


def is_connection_lost(exc: BaseException) -> bool:
    """True when `exc` says the server or the connection went away."""
    if not isinstance(exc, (pw.OperationalError, pw.InterfaceError)):
        return False
    text = str(exc).lower()
    return any(fragment in text for fragment in _LOST)


class ReconnectingPostgresqlDatabase(ReconnectMixin, pw.PostgresqlDatabase):
    """PostgreSQL with one transparent reconnect outside transactions."""

    reconnect_errors = (
        (pw.OperationalError, "terminat"),
        (pw.OperationalError, "server closed the connection"),
        (pw.OperationalError, "connection already closed"),
        (pw.OperationalError, "ssl connection has been closed"),
        (pw.InterfaceError, "connection already closed"),
        (pw.InterfaceError, "connection not open"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._away = False

    def _reconnect(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # The mixin reconnects once and retries, unless a transaction is open: that one
        # fails whole (nothing of it was committed) and the next BEGIN reconnects.
        try:
            result = super()._reconnect(func, *args, **kwargs)
        except (pw.OperationalError, pw.InterfaceError) as exc:
            if is_connection_lost(exc):
                self._mark(away=True)
            raise
        self._mark(away=False)
        return result

    def _mark(self, *, away: bool) -> None:
        if away != self._away:
            self._away = away
            _tell(not away)


def server_connect_options(options: dict[str, Any]) -> dict[str, Any]:
    """The driver options with our timeouts added, unless the URL set its own."""
    merged = dict(options)
    merged.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    if "statement_timeout" not in str(merged.get("options", "")):
        extra = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
        merged["options"] = f"{merged.get('options', '')} {extra}".strip()
    return merged
