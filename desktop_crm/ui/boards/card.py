"""A board card: a few lines of text that can be dragged to another column or clicked to open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QKeyEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_crm.ui.boards.mime import ids_mime
from desktop_crm.ui.boards.painted import Pill, paint_panel, set_role

MARGIN = 8
STRIP = 4  # the left bar of a stale card (painted.paint_panel)


class BoardCard(QFrame):
    activated = Signal(int)  # clicked without dragging (or Enter): open what the card stands for
    # item id, global position: right click, Shift+F10 or the Menu key (ui/keyboard.py)
    menu_requested = Signal(int, QPoint)

    def __init__(self, item_id: int, mime_type: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item_id
        self.mime_type = mime_type
        self.setObjectName("boardCard")  # not user-visible
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        # Tab reaches every card, so its menu is there for the keyboard too; the app's
        # focus ring (ui/focus_ring.py) shows which card has the focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(MARGIN + 1, MARGIN + 1, MARGIN + 1, MARGIN + 1)
        self._layout.setSpacing(2)
        self._press_at: QPoint | None = None

    def _label(self, text: str, role: str) -> QLabel:
        label = QLabel(text)
        set_role(label, role)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        return label

    def add_title(self, text: str) -> QLabel:
        label = self._label(text, "cardTitle")  # not user-visible
        self.setAccessibleName(text)
        self._layout.addWidget(label)
        return label

    def add_text(self, text: str, role: str = "cardText") -> QLabel:
        label = self._label(text, role)
        self._layout.addWidget(label)
        return label

    def add_pair(self, left: str, right: str, left_role="cardStrong", right_role="cardText"):
        """Two texts on one line, the second right-aligned (a value and a date)."""
        row = QHBoxLayout()
        row.setSpacing(6)
        first = self._label(left, left_role)
        second = self._label(right, right_role)
        first.setWordWrap(False)
        second.setWordWrap(False)
        second.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(first)
        row.addStretch(1)
        row.addWidget(second)
        self._layout.addLayout(row)
        return first, second

    def add_badge(self, text: str) -> QLabel:
        """A warning strip across the card; it wraps rather than widen a narrow column."""
        self._layout.addSpacing(4)
        label = Pill("cardBadge", "stale_bg", radius=4, padding=6)  # not user-visible
        label.setText(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self._layout.addWidget(label)
        return label

    def set_flag(self, name: str, on: bool = True) -> None:
        """A look property such as `stale` (a bar down the left edge); paintEvent draws it."""
        self.setProperty(name, on)
        if name == "stale":
            left = MARGIN + (STRIP if on else 1)
            self._layout.setContentsMargins(left, MARGIN + 1, MARGIN + 1, MARGIN + 1)
        self.update()

    # --- look -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        border = "card_hover" if self.underMouse() else "card_border"
        stale = "stale" if self.property("stale") else None
        paint_panel(self, "card", border, 6, left_strip=stale)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Enter, QEvent.Type.Leave):
            self.update()  # the border shows the hover
        return super().event(event)

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
