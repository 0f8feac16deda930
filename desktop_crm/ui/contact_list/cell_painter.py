"""Paints the contact list's plain cells from their pre-formatted text in one call each.

Qt's own delegate asks `data()` seven roles a cell and lays each text out twice (to elide
it, then to draw it): ~5 ms a repaint of ~160 cells at 100k, half of a search. A plain
cell (not selected, not current, no badge, left to right) is drawn here from a
`QStaticText` kept per string (and per width when it is cut short), where the style is
Fusion; every other cell is painted by Qt's delegate, so selection, focus, hover and the
duplicate badge look as before."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_crm.ui.contact_list.model import ContactTableModel

# Prepared strings kept at most: a few screens of ~160 cells (~2 KB each: 4,096 took 8.6 MB).
_KEPT_TEXTS = 1_000
_KEPT_ELIDED = 500
_STATE = QStyle.StateFlag
# Only an enabled cell that is not selected, current or under the mouse is plain (as
# ints: an enum flag's `&` costs more than the rest of the cell).
_WATCHED = (
    _STATE.State_Selected | _STATE.State_HasFocus | _STATE.State_MouseOver | _STATE.State_Enabled
).value
_PLAIN = _STATE.State_Enabled.value
_ACTIVE = _STATE.State_Active.value  # the window is active: the palette's Active group
_LEFT_TO_RIGHT = Qt.LayoutDirection.LeftToRight
_LINE_BREAKS = frozenset("\n\r\t\u2028\u2029")


class CellPainter(QStyledItemDelegate):
    """Qt's delegate, with a fast path for plain cells."""

    def __init__(self, model: ContactTableModel, view: QWidget) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        style = view.style()
        # Drawn as Fusion draws a plain cell (compared pixel by pixel in the tests); another
        # style (Windows, macOS) may draw hover or margins of its own: Qt paints there.
        self._plain_cells = style.name().lower() == "fusion"
        # The style's text margin in a cell (QCommonStyle: PM_FocusFrameHMargin + 1).
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        self._texts: dict[str, tuple[QStaticText | None, float]] = {}
        self._elided: dict[tuple[str, int], QStaticText] = {}  # (text, room): as Qt elides
        self._text_colours = (QColor(), QColor())  # (inactive, active window)
        self._line_height = 0
        self.forget()

    def forget(self) -> None:
        """The font or the palette changed: prepare the strings again."""
        self._texts.clear()
        self._elided.clear()
        palette, text = self._view.palette(), QPalette.ColorRole.Text
        self._text_colours = (
            palette.color(QPalette.ColorGroup.Inactive, text),
            palette.color(QPalette.ColorGroup.Active, text),
        )
        self._line_height = self._view.fontMetrics().height()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not self._paint_plain(painter, option, index):
            super().paint(painter, option, index)

    def _paint_plain(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Paint a plain cell; False when Qt's delegate must paint it."""
        state = option.state.value
        if not self._plain_cells or state & _WATCHED != _PLAIN:
            return False
        if option.direction != _LEFT_TO_RIGHT:
            return False
        model = self._model
        row = model.cells(index.row())
        if row is None:
            return True  # its page is on its way: the row's background is painted already
        column = index.column()
        key = model.columns[column]
        if key == "name" and row.possible_duplicate:
            return False  # the badge
        text = row.texts[column]
        if not text:
            return True
        rect = option.rect
        room = rect.width() - 2 * self._margin
        prepared = self._texts.get(text)
        if prepared is None:
            if len(self._texts) >= _KEPT_TEXTS:
                self._texts.clear()
            if _LINE_BREAKS.intersection(text):
                prepared = self._texts[text] = (None, 0.0)  # a value of several lines
            else:
                made = _prepared(text, option)
                prepared = self._texts[text] = (made, made.size().width())
        static, width = prepared
        if static is None:
            return False  # Qt's style lays several lines out its own way
        if width > room:  # cut short with "…", as Qt's delegate does (QCommonStyle)
            elided = self._elided.get((text, room))
            if elided is None:
                if len(self._elided) >= _KEPT_ELIDED:
                    self._elided.clear()
                short = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                elided = self._elided[(text, room)] = _prepared(short, option)
            static = elided
        colour = model.foreground(row, key)
        painter.setPen(self._text_colours[bool(state & _ACTIVE)] if colour is None else colour)
        top = rect.y() + (rect.height() - self._line_height) // 2
        painter.drawStaticText(rect.x() + self._margin, top, static)
        return True


def _prepared(text: str, option: QStyleOptionViewItem) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(QTransform(), option.font)
    return static
