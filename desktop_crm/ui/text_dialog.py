"""A one-line question (a reason, a name): OK stays off until there is text; closing keeps it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.form_dialog import FormDialog


class TextDialog(FormDialog):
    """Asks for a short text; Escape or ✕ with text typed is OK, Discard is the way out."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        prompt: str,
        placeholder: str = "",
        current: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit(current)
        self.field.setAccessibleName(prompt)
        self.field.setMaxLength(500)
        self.field.setPlaceholderText(placeholder)
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.add_discard_button(buttons)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setAccessibleName(_("OK"))
        self._ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.field.textChanged.connect(self._update_ok)
        self._update_ok(current)

    def _update_ok(self, text: str) -> None:
        self._ok.setEnabled(bool(text.strip()))

    def text(self) -> str:
        return self.field.text().strip()


def ask_text(
    parent: QWidget | None, title: str, prompt: str, current: str = "", placeholder: str = ""
) -> str | None:
    """The text typed (or kept), or None when the user discarded it."""
    dialog = TextDialog(parent, title, prompt, placeholder, current)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.text() or None
