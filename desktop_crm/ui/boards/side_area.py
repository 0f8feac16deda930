"""A collapsible strip beside a board for columns that are not part of the main line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.ui.boards.column import BoardColumn
from desktop_crm.ui.boards.painted import set_role

SIDE_WIDTH = 210
FOLDED_WIDTH = 130


class SideArea(QWidget):
    def __init__(self, title: str, columns: list[BoardColumn], mime_type: str, parent=None):
        super().__init__(parent)
        self.columns = columns
        self._mime_type = mime_type
        self._title = title
        self.setAcceptDrops(True)  # a drag hovering over the folded strip unfolds it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_expanded)
        layout.addWidget(self.toggle)
        self.summary = QLabel()
        set_role(self.summary, "columnSummary")
        self.summary.setWordWrap(True)
        self.summary.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.summary)
        for column in columns:
            layout.addWidget(column, 1)
        self._spacer = QWidget()
        layout.addWidget(self._spacer, 1)
        self.set_expanded(False)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through `toggled`
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setText(self._title)
        self.toggle.setToolTip(
            _("Hide these columns") if expanded else _("Show these columns to drop cards on them")
        )
        for column in self.columns:
            column.setVisible(expanded)
        self.summary.setVisible(not expanded)
        self.setFixedWidth(SIDE_WIDTH if expanded else FOLDED_WIDTH)
        self._spacer.setVisible(not expanded)

    def update_summary(self) -> None:
        lines = [f"{column.title_text()}: {column.count_label.text()}" for column in self.columns]
        self.summary.setText("\n".join(lines))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(self._mime_type):
            self.set_expanded(True)
            event.accept()
        else:
            event.ignore()
