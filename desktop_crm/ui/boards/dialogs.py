"""The questions a board asks while handling a drop; tests replace these functions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.ui.error_dialog import show_error as _show_error
from desktop_crm.ui.text_dialog import ask_text


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def ask_reason(
    parent: QWidget | None, title: str, prompt: str, placeholder: str = ""
) -> str | None:
    """The reason typed, or None when the user discarded it."""
    return ask_text(parent, title, prompt, placeholder=placeholder)


def ask_name(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """A name typed (spaces tidied), or None when the user discarded it."""
    text = ask_text(parent, title, prompt)
    return " ".join(text.split()) if text else None


def show_error(parent: QWidget | None, message: str) -> None:
    _show_error(parent, message)
