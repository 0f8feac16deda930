"""Quitting: save, stop the timers, close the tray, and tear Qt down in a fixed order.

Why an order: when Qt objects outlive `app.exec()`, Python's garbage collector destroys
them during interpreter finalisation; a view then calls its model's Python overrides (or
an event filter) while the interpreter is half gone, and CPython aborts with
"Fatal Python error: bool_dealloc". So everything Qt is stopped, deleted and flushed
while Python is still whole, the database is closed, and the QApplication goes last."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


def commit_pending_edits(window: QWidget) -> None:
    """Save what the detail pane holds unsaved (its `commit_pending()`, where it has one).

    The contact workflows own the pane; this is the one hook Quit and the tray's Quit call."""
    detail = getattr(window, "detail", None)
    commit: Callable[[], Any] | None = getattr(detail, "commit_pending", None)
    if callable(commit):
        try:
            commit()
        except Exception:  # quitting must never be stopped by a save that failed; it is logged
            log.exception("saving pending edits at quit")


def stop_parts(parts: dict[str, Any]) -> None:
    """Timers and the tray first: nothing may fire while the window is being torn down."""
    for name in ("notifier", "watcher", "sync"):
        part = parts.get(name)
        stop = getattr(part, "stop", None)
        if callable(stop):
            stop()
    tray = parts.get("tray")
    if tray is not None:
        tray.hide()
    guard = parts.get("single_instance")
    close = getattr(guard, "close", None)
    if callable(close):
        close()


def quit_application(app: QCoreApplication, window: QWidget, parts: dict[str, Any]) -> None:
    """File › Quit and the tray's Quit: save, stop, close the window, end the event loop."""
    commit_pending_edits(window)
    stop_parts(parts)
    save_state = getattr(window, "save_state", None)
    if callable(save_state):
        save_state()
    window.hide()
    app.exit(0)


def _flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def tear_down(app: QCoreApplication, window: QWidget | None, parts: dict[str, Any]) -> None:
    """After `app.exec()` returned: delete in a fixed order while Python is whole."""
    stop_parts(parts)
    objects: list[QObject] = [p for p in parts.values() if isinstance(p, QObject)]
    if window is not None:
        objects.append(window)
    for widget in QApplication.topLevelWidgets() if isinstance(app, QApplication) else []:
        if widget not in objects:
            objects.append(widget)  # dialogs left open, the tray's menu
    for obj in objects:
        try:
            obj.deleteLater()
        except RuntimeError:  # already deleted by its parent
            continue
    _flush_deletes()
    parts.clear()
    gc.collect()  # Python wrappers of the deleted objects go now, not at finalisation
    _close_database()
    _flush_deletes()


def _close_database() -> None:
    from desktop_crm.store.database import close_database

    try:
        close_database()
    except Exception:  # closing at exit cannot be helped by the user; log it
        log.exception("closing the database at exit")
