"""One chart on the Insights tab: title, summary line, the chart, and Save as PNG / Export CSV."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import QChart
from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.services.insights import write_csv
from desktop_crm.ui.error_dialog import show_error
from desktop_crm.ui.insights.chart_style import new_chart, new_chart_view
from desktop_crm.ui.style import muted_text_style


def _default_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class ChartCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insightsCard")
        self.file_stem = "chart"  # set by the view: the name offered when saving
        self.rows: list[list[str]] = []  # the figures behind the chart, header first

        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet(muted_text_style())
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.save_png_action = QAction(_("Save chart as PNG…"), self)
        self.save_png_action.triggered.connect(lambda: self.save_png())
        self.export_csv_action = QAction(_("Export figures as CSV…"), self)
        self.export_csv_action.triggered.connect(lambda: self.export_csv())
        menu_button = QToolButton()
        menu_button.setText(_("Save…"))
        menu_button.setToolTip(_("Save the chart as an image or its figures as CSV"))
        menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The text ends in '…' already; the arrow would sit on top of it.
        menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        menu = QMenu(menu_button)
        menu.addActions([self.save_png_action, self.export_csv_action])
        menu_button.setMenu(menu)
        self.menu_button = menu_button

        self.chart_view = new_chart_view(new_chart())
        self.chart_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart_view.customContextMenuRequested.connect(self._show_menu)
        self.chart_area = QWidget()
        self.chart_row = QHBoxLayout(self.chart_area)
        self.chart_row.setContentsMargins(0, 0, 0, 0)
        self.chart_row.addWidget(self.chart_view, 2)
        self.nothing_label = QLabel(_("Nothing in this period."))
        self.nothing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_label.setStyleSheet(muted_text_style())
        self.body = QStackedWidget()
        self.body.addWidget(self.chart_area)
        self.body.addWidget(self.nothing_label)

        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(menu_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.body, 1)

    def add_side(self, layout: QLayout, stretch: int = 2) -> None:
        """Something beside the chart, such as a small table of the figures."""
        self.chart_row.addLayout(layout, stretch)

    def show_chart(self, chart: QChart, rows: Sequence[Sequence[str]], summary: str = "") -> None:
        old = self.chart_view.chart()
        self.chart_view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()  # the view lets go of the previous chart without deleting it
        self._set_rows(rows, summary)
        self.body.setCurrentWidget(self.chart_area)
        self.save_png_action.setEnabled(True)

    def show_nothing(self, rows: Sequence[Sequence[str]], summary: str = "") -> None:
        self._set_rows(rows, summary)
        self.body.setCurrentWidget(self.nothing_label)
        self.save_png_action.setEnabled(False)

    @property
    def has_chart(self) -> bool:
        return self.body.currentWidget() is self.chart_area

    def _set_rows(self, rows: Sequence[Sequence[str]], summary: str) -> None:
        self.rows = [list(row) for row in rows]
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(summary))

    def _show_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions([self.save_png_action, self.export_csv_action])
        menu.exec(self.chart_view.mapToGlobal(position))

    # ---- saving ---------------------------------------------------------------------

    def _ask_path(self, caption: str, suffix: str, file_filter: str) -> Path | None:
        suggested = _default_folder() / f"{self.file_stem}.{suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(self, caption, str(suggested), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(f"{path.name}.{suffix}")
        return path

    def save_png(self, path: Path | str | None = None) -> Path | None:
        """Save what the chart shows as a PNG; asks where when no path is given."""
        target = (
            Path(path)
            if path
            else self._ask_path(_("Save chart as PNG"), "png", _("PNG images (*.png)"))
        )
        if target is None:
            return None
        if not self.chart_view.grab().save(str(target), "PNG"):
            show_error(self, _("The image could not be saved to {path}.").format(path=target))
            return None
        return target

    def export_csv(self, path: Path | str | None = None) -> Path | None:
        """Write the figures behind the chart as CSV; asks where when no path is given."""
        target = (
            Path(path)
            if path
            else self._ask_path(_("Export figures as CSV"), "csv", _("CSV files (*.csv)"))
        )
        if target is None:
            return None
        try:
            write_csv(target, self.rows)
        except OSError as exc:
            show_error(
                self,
                _("The figures could not be saved to {path}: {reason}").format(
                    path=target, reason=exc.strerror or exc
                ),
            )
            return None
        return target
