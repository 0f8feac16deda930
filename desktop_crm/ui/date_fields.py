"""Date and date-time editors that take a date typed in one go ("30 Nov 2026 13:57",
"30-11-2026 13:57"): Qt's own editors type section by section and scramble such input.

While the user types, the text is theirs; Enter, Tab or leaving the field reads it. Text
that is not a date puts the last good value back. Arrows and the calendar work as before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

_DATE_FORMATS = ("d MMM yyyy", "d MMMM yyyy", "d-M-yyyy", "d/M/yyyy", "d.M.yyyy", "yyyy-M-d")
_TIME_FORMATS = ("H:mm", "H.mm", "Hmm")


def _collapse(text: str) -> str:
    return " ".join(text.replace(",", " ").split())


def parse_date(text: str, locale: QLocale) -> QDate | None:
    value = _collapse(text)
    for loc in (locale, QLocale.c()):
        for fmt in _DATE_FORMATS:
            found = loc.toDate(value, fmt)
            if found.isValid():
                return found
            found = loc.toDate(value.title(), fmt)  # "30 nov 2026" as well as "30 Nov"
            if found.isValid():
                return found
    return None


def parse_date_time(text: str, locale: QLocale, keep_time: QTime) -> QDateTime | None:
    """A date with an optional time after it; without one the field's time stays."""
    value = _collapse(text)
    words = value.split(" ")
    for split in (len(words) - 1, len(words)):
        date_part, time_part = " ".join(words[:split]), " ".join(words[split:])
        day = parse_date(date_part, locale)
        if day is None:
            continue
        if not time_part:
            return QDateTime(day, keep_time)
        for fmt in _TIME_FORMATS:
            moment = QTime.fromString(time_part, fmt)
            if moment.isValid():
                return QDateTime(day, moment)
    return None


class _TypedInput:
    """Shared by both editors: a typing buffer shown as-is, read when the user is done."""

    _typing: bool

    def _start_typing(self, event: QKeyEvent) -> bool:
        text = event.text()
        extra = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        edit = self.lineEdit()  # type: ignore[attr-defined]
        if event.key() == Qt.Key.Key_Backspace and self._typing:
            self._show_typed(edit.text()[:-1])
            return True
        if not text or not text.isprintable() or extra:
            return False
        whole = edit.selectedText() == edit.text() or not self._typing
        self._show_typed(text if whole else edit.text() + text)
        return True

    def _show_typed(self, text: str) -> None:
        edit = self.lineEdit()  # type: ignore[attr-defined]
        self._typing = True
        edit.blockSignals(True)  # the spin box must not read half a date
        edit.setText(text)
        edit.setCursorPosition(len(text))
        edit.blockSignals(False)

    def _finish_typing(self) -> None:
        if not self._typing:
            return
        self._typing = False
        parsed = self._parse(self.lineEdit().text())  # type: ignore[attr-defined]
        self._apply(parsed)

    # The date and the date-time editor each read (`_parse`) and show (`_apply`) a value.
    _parse: Callable[[str], object]
    _apply: Callable[[object], None]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._start_typing(event):
            return
        self._finish_typing()
        super().keyPressEvent(event)  # type: ignore[misc]  # the Qt editor after us

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._finish_typing()
        super().focusOutEvent(event)  # type: ignore[misc]  # the Qt editor after us

    def focusNextPrevChild(self, next: bool) -> bool:
        # Qt's editors walk their sections on Tab; ours leave like every field (Left and
        # Right still move between day, month and time).
        self._finish_typing()
        return QWidget.focusNextPrevChild(self, next)  # type: ignore[arg-type]


class TypedDateTimeEdit(_TypedInput, QDateTimeEdit):
    def __init__(self, value: QDateTime | None = None, parent: QWidget | None = None) -> None:
        QDateTimeEdit.__init__(self, parent)
        if value is not None:
            self.setDateTime(value)
        self._typing = False

    def moment(self) -> datetime:
        """The value as an aware local datetime (Qt's stubs type toPython() as object)."""
        value = self.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.astimezone()

    def _parse(self, text: str) -> object:
        return parse_date_time(text, self.locale(), self.time())

    def _apply(self, parsed: object) -> None:
        # setDateTime redraws the text even when the value is the same: a bad entry is undone.
        self.setDateTime(parsed if isinstance(parsed, QDateTime) else self.dateTime())
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))


class TypedDateEdit(_TypedInput, QDateEdit):
    def __init__(self, value: QDate | None = None, parent: QWidget | None = None) -> None:
        QDateEdit.__init__(self, parent)
        if value is not None:
            self.setDate(value)
        self._typing = False

    def day(self) -> date:
        """The value as a date (Qt's stubs type toPython() as object)."""
        value = self.date().toPython()
        assert isinstance(value, date)
        return value

    def _parse(self, text: str) -> object:
        return parse_date(text, self.locale())

    def _apply(self, parsed: object) -> None:
        self.setDate(parsed if isinstance(parsed, QDate) else self.date())
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
