"""A board card: a few lines of text that can be dragged to another column or clicked to open.

One widget that paints its own lines, not a frame of labels: a board shows up to 120 cards,
and their 400-odd labels held 3 MB at 100,000 contacts (docs/performance.md, "Memory")."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QSizePolicy, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.boards.mime import ids_mime
from desktop_crm.ui.boards.painted import TEXT_LOOKS, paint_panel
from desktop_crm.ui.boards.theme import colours

MARGIN = 9  # inside the 1 px border
STRIP = 4  # the left bar of a stale card (painted.paint_panel)
SPACING = 2  # between lines
PAIR_GAP = 6  # between the two texts of a pair
BADGE_PAD = (6, 1)  # a badge's text inside its rounded background
BADGE_GAP = 4  # above a badge
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
DEFAULT_WIDTH = 180


@dataclass(frozen=True)
class CardLine:
    """One line of a card; `right` shares the line, right-aligned (a value and a date)."""

    text: str
    role: str  # a painted.TEXT_LOOKS key: font and colour
    right: str = ""
    right_role: str = "cardText"
    tip: str = ""  # the tooltip over this line (over `right` for a pair)
    badge: bool = False  # a warning strip on its own background


class BoardCard(QFrame):
    activated = Signal(int)  # clicked without dragging (or Enter): open what the card stands for
    # item id, global position: right click, Shift+F10 or the Menu key (ui/keyboard.py)
    menu_requested = Signal(int, QPoint)

    def __init__(self, item_id: int, mime_type: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item_id
        self.mime_type = mime_type
        self.lines: list[CardLine] = []
        # An attribute for painting, as well as the Qt property (column.py says why).
        self.stale = False
        self.setObjectName("boardCard")  # not user-visible
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        # Qt repaints the card as the mouse enters and leaves it (the border shows the hover)
        # without a Python call per event; paintEvent asks underMouse().
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        # The card-wide tooltip, shown by its board (Board.event) with the lines' own:
        # not the Qt property, which Qt would show itself and stop the event at the card.
        self.tip = ""
        # Tab reaches every card, so its menu is there for the keyboard too; the app's
        # focus ring (ui/focus_ring.py) shows which card has the focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)  # long names wrap in a narrow column
        self.setSizePolicy(policy)
        self._press_at: QPoint | None = None
        # The lines' places per card width, and the fonts per role: a layout asks each card
        # its height for a width some 25 times on a board's first show (60 of 270 ms of the
        # Deals board's GUI time, profiled at 100,000 contacts). Dropped when the lines, the
        # stale bar or the font change.
        self._placements: dict[int, list[tuple[CardLine, QRect, QRect | None]]] = {}
        self._fonts: dict[str, QFont] = {}
        self._column = ""  # the title of the column it sits in, for a screen reader

    # --- content --------------------------------------------------------------------------

    def add_title(self, text: str) -> None:
        self.setAccessibleName(text)
        self._add(CardLine(text, "cardTitle"))

    def add_text(self, text: str, role: str = "cardText") -> None:
        self._add(CardLine(text, role))

    def add_pair(
        self,
        left: str,
        right: str,
        left_role: str = "cardStrong",
        right_role: str = "cardText",
        *,
        right_tip: str = "",
    ) -> None:
        """Two texts on one line, the second right-aligned (a value and a date)."""
        self._add(CardLine(left, left_role, right, right_role, right_tip))

    def add_badge(self, text: str, tip: str = "") -> None:
        """A warning strip across the card; it wraps rather than widen a narrow column."""
        self._add(CardLine(text, "cardBadge", tip=tip, badge=True))

    def _add(self, line: CardLine) -> None:
        self.lines.append(line)
        self._describe()
        self._placements.clear()
        self.updateGeometry()
        self.update()

    def set_column(self, title: str) -> None:
        """The column (stage) the card sits in: a screen reader hears it last, since a
        card reached by Tab or found by name does not say where it is."""
        if title != self._column:
            self._column = title
            self._describe()

    def _describe(self) -> None:
        # What a screen reader says after the name (the title): the other lines, in order,
        # a date by its tooltip ("Expected to close on …"), then the column.
        rest = [
            part
            for ln in self.lines[1:]
            for part in (ln.text, (ln.tip or ln.right) if ln.right else "")
            if part
        ]
        if self._column:
            rest.append(_("Stage: {stage}").format(stage=self._column))
        self.setAccessibleDescription(", ".join(rest))

    def texts(self) -> list[str]:
        """Every text the card shows, top to bottom."""
        return [part for line in self.lines for part in (line.text, line.right) if part]

    def set_flag(self, name: str, on: bool = True) -> None:
        """A look property such as `stale` (a bar down the left edge); paintEvent draws it."""
        self.setProperty(name, on)
        if name == "stale":
            self.stale = on
            self._placements.clear()  # the bar moves the text
        self.updateGeometry()
        self.update()

    # --- layout ---------------------------------------------------------------------------

    def _font(self, role: str) -> QFont:
        font = self._fonts.get(role)
        if font is None:
            look = TEXT_LOOKS[role]
            font = QFont(self.font())
            font.setWeight(look.weight)
            font.setItalic(look.italic)
            self._fonts[role] = font
        return font

    def _left(self) -> int:
        return MARGIN + (STRIP - 1 if self.stale else 0)

    def _placed(self, width: int) -> list[tuple[CardLine, QRect, QRect | None]]:
        """Where each line goes in a card `width` wide: its rect, and for a pair the rect of
        the right-hand text (on a line of its own when both do not fit side by side)."""
        placed = self._placements.get(width)
        if placed is None:
            if len(self._placements) >= 8:  # a window resized through many widths
                self._placements.clear()
            placed = self._placements[width] = self._place(width)
        return placed

    def _place(self, width: int) -> list[tuple[CardLine, QRect, QRect | None]]:
        left = self._left()
        inner = max(20, width - left - MARGIN)
        y = MARGIN
        placed: list[tuple[CardLine, QRect, QRect | None]] = []
        for index, line in enumerate(self.lines):
            if index:
                y += SPACING + (BADGE_GAP if line.badge else 0)
            metrics = QFontMetrics(self._font(line.role))
            right: QRect | None = None
            if line.badge:
                pad_x, pad_y = BADGE_PAD
                text = metrics.boundingRect(QRect(0, 0, inner - 2 * pad_x, 10_000), WRAP, line.text)
                height = text.height() + 2 * pad_y
            elif line.right:
                right_metrics = QFontMetrics(self._font(line.right_role))
                tall = max(metrics.height(), right_metrics.height())
                wide = right_metrics.horizontalAdvance(line.right)
                fits = metrics.horizontalAdvance(line.text) + PAIR_GAP + wide <= inner
                top = y if fits else y + tall + SPACING
                right = QRect(left + inner - wide, top, wide, tall)
                height = tall if fits else 2 * tall + SPACING
            else:
                height = metrics.boundingRect(QRect(0, 0, inner, 10_000), WRAP, line.text).height()
            placed.append((line, QRect(left, y, inner, height), right))
            y += height
        return placed

    def heightForWidth(self, width: int) -> int:
        placed = self._placed(width)
        return (placed[-1][1].bottom() + 1 if placed else MARGIN) + MARGIN

    def sizeHint(self) -> QSize:
        return QSize(DEFAULT_WIDTH, self.heightForWidth(DEFAULT_WIDTH))

    def minimumSizeHint(self) -> QSize:
        # A card no layout has sized yet is Qt's default 640 px wide: placing its lines at
        # that width was one of the four placements per card on a board's first show.
        laid_out = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        return QSize(60, self.heightForWidth(self.width() if laid_out else DEFAULT_WIDTH))

    # --- look -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        border = "card_hover" if self.underMouse() else "card_border"
        stale = "stale" if self.stale else None
        paint_panel(self, "card", border, 6, left_strip=stale)
        c = colours()
        painter = QPainter(self)
        for line, area, right in self._placed(self.width()):
            painter.setFont(self._font(line.role))
            painter.setPen(QColor(c[TEXT_LOOKS[line.role].colour]))
            if line.badge:
                painter.save()
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(c["stale_bg"]))
                painter.drawRoundedRect(area, 4, 4)
                painter.restore()
                pad_x, pad_y = BADGE_PAD
                painter.drawText(area.adjusted(pad_x, pad_y, -pad_x, -pad_y), WRAP, line.text)
            elif right is not None:
                first = QRect(area.left(), area.top(), area.width(), right.height())
                beside = right.top() == area.top()
                room = right.left() - area.left() - PAIR_GAP if beside else area.width()
                shown = painter.fontMetrics().elidedText(
                    line.text, Qt.TextElideMode.ElideRight, room
                )
                painter.drawText(
                    first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown
                )
                painter.setFont(self._font(line.right_role))
                painter.setPen(QColor(c[TEXT_LOOKS[line.right_role].colour]))
                painter.drawText(
                    right, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, line.right
                )
            else:
                painter.drawText(area, WRAP, line.text)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        # Only changes of state pass here (a few per card), not every event: the hover is
        # Qt's (WA_Hover repaints on entering and leaving) and tooltips are the board's.
        if event.type() == QEvent.Type.FontChange:
            self._fonts.clear()
            self._placements.clear()
        super().changeEvent(event)

    def tip_at(self, at: QPoint) -> str:
        """The tooltip of the line (or the date of a pair) under `at`, else the card's."""
        for line, area, right in self._placed(self.width()):
            if line.tip and (right or area).contains(at):
                return line.tip
        return self.tip

    # --- keyboard and menu ----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.item_id)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.menu_requested.emit(self.item_id, event.globalPos())
        event.accept()

    # --- mouse: a click opens, a move starts a drag --------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_at is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        distance = (event.position().toPoint() - self._press_at).manhattanLength()
        if distance >= QApplication.startDragDistance():
            self._press_at = None
            self.start_drag()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        clicked = self._press_at is not None and event.button() == Qt.MouseButton.LeftButton
        self._press_at = None
        super().mouseReleaseEvent(event)
        if clicked:
            self.activated.emit(self.item_id)

    def start_drag(self) -> None:
        drag = QDrag(self)
        drag.setMimeData(ids_mime(self.mime_type, [self.item_id]))
        picture = self.grab()
        drag.setPixmap(picture)
        drag.setHotSpot(QPoint(picture.width() // 2, 12))
        drag.exec(Qt.DropAction.MoveAction)
