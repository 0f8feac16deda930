"""The GUI's one boundary for user errors: a UserError becomes a message box, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_crm.errors import UserError
from desktop_crm.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")


def show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, _("Desktop CRM"), message)


def run_safely(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a user action; a UserError is shown as a message and None is returned."""
    try:
        return action()
    except UserError as exc:
        show_error(parent, exc.message)
        return None
