"""The boards' and Today's look, painted in code instead of a style sheet.

A style sheet on a board made Qt keep computed style rules for every card and label below
it: 11-13 MB at 100,000 contacts for the two boards (docs/performance.md, "Memory"). Fonts
and palettes set per label, and frames that paint their own rounded panel, look the same
and cost next to nothing."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QWidget

from desktop_crm.ui.boards.theme import colours


@dataclass(frozen=True)
class TextLook:
    """How a label of one role looks: a colour from the theme, weight, slant and size."""

    colour: str
    weight: QFont.Weight = QFont.Weight.Normal
    italic: bool = False
    point_size: float | None = None


_BOLD, _SEMI = QFont.Weight.Bold, QFont.Weight.DemiBold

# Roles are the labels' object names (kept, so tests and tools can still find them).
TEXT_LOOKS: dict[str, TextLook] = {
    "columnTitle": TextLook("text", _BOLD),
    "columnCount": TextLook("text", _SEMI),
    "columnSummary": TextLook("muted"),
    "columnMore": TextLook("muted", italic=True),
    "columnEmpty": TextLook("muted", italic=True),
    "cardTitle": TextLook("text", _SEMI),
    "cardText": TextLook("muted"),
    "cardStrong": TextLook("text", _SEMI),
    "cardLate": TextLook("late"),
    "cardBadge": TextLook("stale_text"),
    "todayHeading": TextLook("text", _BOLD, point_size=18),
    "todayDate": TextLook("muted"),
    "sectionTitle": TextLook("text", _BOLD, point_size=11),
    "sectionCount": TextLook("text", _SEMI),
    "sectionMore": TextLook("muted"),
    "rowPrimary": TextLook("text", _SEMI),
    "rowSecondary": TextLook("muted"),
    "rowMeta": TextLook("muted"),
    "rowLate": TextLook("late", _SEMI),
    "rowDone": TextLook("won", _SEMI),
}


def set_text_colour(widget: QWidget, colour: str) -> None:
    """The widget's text in `colour` (a theme key such as "late", or "#rrggbb")."""
    value = QColor(colours().get(colour, colour))
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, value)
    widget.setPalette(palette)


def set_background(widget: QWidget, colour: str) -> None:
    """The widget filled with `colour` (a theme key) behind its children."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colours().get(colour, colour)))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def set_role(label: QWidget, role: str) -> None:
    """Name the label by its role and give it that role's look (TEXT_LOOKS)."""
    label.setObjectName(role)  # not user-visible
    look = TEXT_LOOKS[role]
    font = QFont(label.font())
    font.setWeight(look.weight)
    font.setItalic(look.italic)
    if look.point_size is not None:
        font.setPointSizeF(look.point_size)
    label.setFont(font)
    set_text_colour(label, look.colour)


def paint_panel(
    widget: QWidget,
    fill: str | None,
    border: str | None,
    radius: float,
    *,
    border_width: float = 1,
    dashed: bool = False,
    left_strip: str | None = None,
) -> None:
    """A rounded panel over the whole widget; call from its paintEvent. `left_strip` draws
    a 4 px bar down the left edge in that colour (a card going cold)."""
    c = colours()
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    inset = border_width / 2 if border else 0
    area = QRectF(widget.rect()).adjusted(inset, inset, -inset, -inset)
    shape = QPainterPath()
    shape.addRoundedRect(area, radius, radius)
    if fill:
        painter.fillPath(shape, QColor(c.get(fill, fill)))
    if left_strip:
        painter.save()
        painter.setClipPath(shape)
        painter.fillRect(QRectF(area.left(), area.top(), 4, area.height()), QColor(c[left_strip]))
        painter.restore()
    if border:
        pen = QPen(QColor(c.get(border, border)), border_width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(shape)
    painter.end()


class Pill(QLabel):
    """A short text on a rounded background: a column's count, a card's warning badge."""

    def __init__(
        self,
        role: str,
        background: str,
        *,
        radius: float,
        padding: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        set_role(self, role)
        self._background = background
        self._radius = radius
        self.setContentsMargins(padding, 1, padding, 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        paint_panel(self, self._background, None, min(self._radius, self.height() / 2))
        super().paintEvent(event)
