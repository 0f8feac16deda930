"""What the pane's small dialogs (a deal, a conversation) share: the line that says why a
value was refused, and a submit that accepts or explains (inline, or through the runner)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from desktop_crm.errors import UserError
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.operations import OperationRunner
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


def submit_through(
    dialog: FormDialog,
    error_label: QLabel,
    write: Callable[[Callable[[], T], Callable[[T], None], Callable[[str], None]], bool],
    work: Callable[[], T],
    keep: Callable[[T], object],
    waiting: Sequence[QWidget],
) -> None:
    """The same, with the write on the writer thread: `waiting` (the submit buttons) are off
    until the answer is in, so a second click sends nothing; then the dialog closes with its
    result, or says why and stays open with everything typed. Escape and the window's ✕
    wait for the answer meanwhile (`FormDialog.is_sending`)."""

    def done(result: T) -> None:
        if shiboken6.isValid(dialog):  # closed meanwhile: the write stands, nobody to tell
            dialog.sending = False
            keep(result)
            dialog.accept()

    def refused(message: str) -> None:
        if not shiboken6.isValid(dialog):
            return
        dialog.sending = False
        for widget in waiting:
            widget.setEnabled(True)
        error_label.setText(message)
        error_label.show()

    if dialog.sending:
        return  # the first submit is on its way: a second click or Enter sends nothing
    error_label.hide()
    if write(work, done, refused):
        dialog.sending = True
        for widget in waiting:
            widget.setEnabled(False)


def write_with(
    runner: OperationRunner, parent: QWidget
) -> Callable[[Callable[[], T], Callable[[T], None], Callable[[str], None]], bool]:
    """A dialog's way to write through `runner` when no pane stands in between (a board's
    card menu): one transaction on the writer thread, its Changes published by the runner,
    a refusal shown on the dialog's own error line."""

    def write(
        work: Callable[[], T], done: Callable[[T], None], refused: Callable[[str], None]
    ) -> bool:
        runner.mutate(work, done, parent=parent, on_failure=refused, explains=True)
        return True

    return write
