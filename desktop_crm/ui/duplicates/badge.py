"""'Possible duplicate' where a contact is shown: a bar in the detail pane, an icon in the list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_crm.errors import NotFoundError
from desktop_crm.i18n import _
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.records import ContactDetails

BADGE_COLOUR = "#b26a00"  # amber: readable on light and dark backgrounds
_icon: QIcon | None = None


def duplicate_icon() -> QIcon:
    """A small amber '2' for the list's name column; drawn once."""
    global _icon
    if _icon is None:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(BADGE_COLOUR))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(0.5, 0.5, 15, 15), 4, 4)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(11)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, 16, 16), Qt.AlignmentFlag.AlignCenter, "2")
        painter.end()
        _icon = QIcon(pixmap)
    return _icon


def badge_text() -> str:
    return _("Possible duplicate")


class DuplicateBadge(QWidget):
    """'Possible duplicate of Jan de Vries' with a button to compare and merge."""

    merge_requested = Signal(int, int)  # this contact, its possible duplicate

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.contact_id: int | None = None
        self.other_id: int | None = None
        self.label = QLabel()
        self.label.setStyleSheet(
            f"QLabel {{ color: white; background: {BADGE_COLOUR}; border-radius: 4px;"
            " padding: 2px 6px; font-weight: bold; }"
        )
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.compare_button = QPushButton(_("Compare and merge…"))
        self.compare_button.setAccessibleName(_("Compare and merge with the possible duplicate"))
        self.compare_button.clicked.connect(self._request)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.compare_button)
        layout.addStretch(1)
        self.hide()

    def show_for(self, details: ContactDetails | None) -> None:
        other = details.possible_duplicate_of if details else None
        name = ""
        if other is not None:
            try:
                twin = get_contact(other)
            except NotFoundError:  # gone since: no badge rather than a broken one
                twin = None
            if twin is None or twin.archived:
                other = None
            else:
                name = twin.full_name or (twin.emails[0].email if twin.emails else str(other))
        self.contact_id = details.id if details else None
        self.other_id = other
        if other is None:
            self.hide()
            return
        text = _("Possible duplicate of {name}").format(name=name)
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.show()

    def _request(self) -> None:
        if self.contact_id is not None and self.other_id is not None:
            self.merge_requested.emit(self.contact_id, self.other_id)
