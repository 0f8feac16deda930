"""The stage as a coloured badge, readable in light and dark themes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_crm.domain.stages import Stage
from desktop_crm.ui.style import badge_style


class StageBadge(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stage = ""

    def set_stage(self, stage: str) -> None:
        self.stage = stage
        try:
            self.setText(Stage(stage).label)
        except ValueError:
            self.setText(stage)
        self.setStyleSheet(badge_style(stage))
        self.setVisible(bool(stage))
