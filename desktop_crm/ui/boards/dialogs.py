"""The questions a board asks while handling a drop; tests replace these functions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.ui.error_dialog import show_error as _show_error
from desktop_crm.ui.form_dialog import FormDialog


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


class ReasonDialog(FormDialog):
    """Asks for a short text (a reason, a name); OK stays disabled until there is one.
    Closing with text typed is OK; Discard is the way out without it."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, placeholder: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit()
        self.field.setAccessibleName(prompt)
        self.field.setMaxLength(500)
        self.field.setPlaceholderText(placeholder)
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.add_discard_button(buttons)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setAccessibleName(_("OK"))
        self._ok.setEnabled(False)
        self._ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.field.textChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))

    def reason(self) -> str:
        return self.field.text().strip()


def ask_reason(
    parent: QWidget | None, title: str, prompt: str, placeholder: str = ""
) -> str | None:
    """The reason typed, or None when the user cancelled."""
    dialog = ReasonDialog(parent, title, prompt, placeholder)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason() or None


def ask_text(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """A name typed (spaces tidied), or None when the user discarded it."""
    text = ask_reason(parent, title, prompt)
    return " ".join(text.split()) if text else None


def show_error(parent: QWidget | None, message: str) -> None:
    _show_error(parent, message)
