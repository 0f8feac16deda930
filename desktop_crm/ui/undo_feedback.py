"""The window's busy feedback while an undo or redo is on the writer: a busy cursor and a
status line naming the step, as the bulk action itself shows (an undo of a stage move of
100,000 contacts takes seconds); both go once no step is on its way any more."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop_crm.ui.undo import UndoStack


class UndoFeedback:
    def __init__(self, window: QMainWindow, stack: UndoStack) -> None:
        self._window = window
        self._message = ""  # the status line's text while it is ours
        stack.step_started.connect(self._started)
        stack.steps_settled.connect(self._settled)

    def _started(self, text: str) -> None:
        self._window.setCursor(Qt.CursorShape.BusyCursor)  # the window stays usable
        if text:
            self._window.statusBar().showMessage(text)
            self._message = text

    def _settled(self) -> None:
        self._window.unsetCursor()
        bar = self._window.statusBar()
        if self._message and bar.currentMessage() == self._message:
            bar.clearMessage()  # not someone else's message written since
        self._message = ""
