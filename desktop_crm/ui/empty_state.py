"""A centred message that tells a new user what to do when a view has nothing to show."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.ui.style import muted_text_style


class EmptyState(QWidget):
    def __init__(self, title: str, hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.hint_label = QLabel(hint)
        self.hint_label.setStyleSheet(muted_text_style())
        for label in (self.title_label, self.hint_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        # Buttons that teach the first steps (Import a file…, Add a contact, sample data).
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        self.button_row.addStretch(1)
        layout.addLayout(self.button_row)
        self.buttons: dict[str, QPushButton] = {}
        layout.addStretch(2)

    def add_button(self, key: str, text: str, slot: Callable[[], object]) -> QPushButton:
        """A button under the hint; `key` finds it again (tests, `set_buttons_visible`)."""
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        self.button_row.insertWidget(self.button_row.count() - 1, button)
        self.buttons[key] = button
        return button

    def set_buttons_visible(self, visible: bool) -> None:
        for button in self.buttons.values():
            button.setVisible(visible)

    def set_text(self, title: str, hint: str = "") -> None:
        self.title_label.setText(title)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
