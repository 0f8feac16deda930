"""What the pane's small dialogs (a deal, a conversation) share: the line that says why a
value was refused, and a submit that accepts or explains."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QLabel

from desktop_crm.errors import UserError
from desktop_crm.ui.style import error_text_style

T = TypeVar("T")


def error_line() -> QLabel:
    """A hidden, red, wrapping line for a refusal."""
    label = QLabel()
    label.setStyleSheet(error_text_style())
    label.setWordWrap(True)
    label.hide()
    return label


def submit_or_explain(
    dialog: QDialog,
    error_label: QLabel,
    work: Callable[[], T],
    keep: Callable[[T], object] | None = None,
) -> T | None:
    """Run the service: the dialog closes with its result, or says why in `error_label` and
    stays open with everything typed (None). `keep` stores the result before the dialog
    closes, because whoever listens to `finished` reads it then."""
    try:
        result = work()
    except UserError as exc:
        error_label.setText(exc.message)
        error_label.show()
        return None
    if keep is not None:
        keep(result)
    dialog.accept()
    return result
