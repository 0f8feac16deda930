"""One block of the Today view: a title with a count, clickable rows, and "and N more"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_crm.i18n import ngettext
from desktop_crm.i18n.formatting import format_number


class ItemRow(QFrame):
    """A row that opens its contact when clicked; buttons on the right do the quick actions."""

    activated = Signal(int)  # contact id

    def __init__(self, contact_id: int, primary: str, secondary: str = "", meta: str = ""):
        super().__init__()
        self.contact_id = contact_id
        self.setObjectName("todayRow")  # not user-visible
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(10)
        texts = QVBoxLayout()
        texts.setSpacing(1)
        self.primary_label = self._label(primary, "rowPrimary")  # not user-visible
        texts.addWidget(self.primary_label)
        self.secondary_label = self._label(secondary, "rowSecondary")  # not user-visible
        self.secondary_label.setVisible(bool(secondary))
        texts.addWidget(self.secondary_label)
        row.addLayout(texts, 1)
        self.meta_label = self._label(meta, "rowMeta")  # not user-visible
        self.meta_label.setWordWrap(False)
        self.meta_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.meta_label.setVisible(bool(meta))
        row.addWidget(self.meta_label)
        self._actions = row

    @staticmethod
    def _label(text: str, role: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(role)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are data, never markup
        return label

    def add_action(self, widget: QWidget) -> None:
        self._actions.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit(self.contact_id)


class TodaySection(QFrame):
    open_contact = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todaySection")  # not user-visible
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(14, 12, 14, 8)
        header.setSpacing(8)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("sectionTitle")  # not user-visible
        self.count_label = QLabel()
        self.count_label.setObjectName("sectionCount")  # not user-visible
        header.addWidget(self.title_label)
        header.addWidget(self.count_label)
        header.addStretch(1)
        layout.addLayout(header)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(0)
        layout.addLayout(self._rows_layout)
        self.more_label = QLabel()
        self.more_label.setObjectName("sectionMore")  # not user-visible
        self.more_label.setContentsMargins(14, 6, 14, 4)
        layout.addWidget(self.more_label)
        self.rows: list[ItemRow] = []

    def set_rows(self, rows: list[ItemRow], total: int) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = list(rows)
        for row in self.rows:
            self._rows_layout.addWidget(row)
            row.activated.connect(self.open_contact)
        self.count_label.setText(format_number(total))
        hidden = total - len(rows)
        self.more_label.setVisible(hidden > 0)
        if hidden > 0:
            self.more_label.setText(
                ngettext("and {count} more", "and {count} more", hidden).format(
                    count=format_number(hidden)
                )
            )
        self.setVisible(total > 0)
