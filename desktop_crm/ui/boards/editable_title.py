"""A column title that turns into a text field on double-click, for renaming a stage in place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.boards.painted import set_role


class _TitleLabel(QLabel):
    double_clicked = Signal()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit()
        event.accept()


class _TitleEdit(QLineEdit):
    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class EditableTitle(QStackedWidget):
    edited = Signal(str)  # the new, non-empty name; emitted only when it changed

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.label = _TitleLabel(text)
        set_role(self.label, "columnTitle")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setToolTip(_("Double-click to rename this stage"))
        self.editor = _TitleEdit()
        self.editor.setMaxLength(80)
        self.addWidget(self.label)
        self.addWidget(self.editor)
        self.label.double_clicked.connect(self.start_editing)
        self.editor.editingFinished.connect(self.commit)
        self.editor.cancelled.connect(self.cancel)

    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def is_editing(self) -> bool:
        return self.currentWidget() is self.editor

    def start_editing(self) -> None:
        self.editor.setText(self.label.text())
        self.setCurrentWidget(self.editor)
        self.editor.selectAll()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit(self) -> None:
        if not self.is_editing():
            return  # editingFinished fires again when the field loses focus
        new = " ".join(self.editor.text().split())
        self.setCurrentWidget(self.label)
        if new and new != self.label.text():
            self.label.setText(new)
            self.edited.emit(new)

    def cancel(self) -> None:
        self.setCurrentWidget(self.label)
