"""The GUI's one boundary for failures, shared by the operation runner and the few quick
actions that still run inline: a UserError shows its message; anything else is logged
with its traceback and the user reads one translated line. Never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from desktop_crm.ui.operations import failure_message, show_message_box

T = TypeVar("T")


def show_error(parent: QWidget | None, message: str) -> None:
    """A message that is already the user's words (a file that could not be written)."""
    show_message_box(message, parent)


def report_failure(parent: QWidget | None, exc: BaseException) -> None:
    show_message_box(failure_message(exc), parent)


def run_safely(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a quick user action inline (a few milliseconds of writing, no read of many
    rows); any failure is reported the runner's way and None is returned."""
    try:
        return action()
    except Exception as exc:  # every failure goes to the one reporter, bugs included
        report_failure(parent, exc)
        return None
