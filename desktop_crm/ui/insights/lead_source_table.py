"""The table beside the lead-source chart: conversion and median days, which bars show badly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.insights import LeadSourceFigures


class LeadSourceTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([_("Lead source"), _("Conversion"), _("Median days")])
        self.setAccessibleName(_("Lead sources"))
        conversion_header = self.horizontalHeaderItem(1)
        days_header = self.horizontalHeaderItem(2)
        # setHorizontalHeaderLabels made both items.
        assert conversion_header is not None and days_header is not None
        conversion_header.setToolTip(_("Share of this period's leads that became customers"))
        days_header.setToolTip(
            _("Median number of days from lead to customer, for this period's new customers")
        )
        header = self.horizontalHeader()
        # Every column as wide as its contents: the table asks its layout for that width, so
        # a long source name ("Persoonlijk contact") is never cut short.
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)

    def show_figures(self, figures: LeadSourceFigures, fmt: LocaleFormats) -> None:
        self.setRowCount(len(figures.rows))
        for row, source in enumerate(figures.rows):
            conversion = "–" if source.conversion is None else fmt.percent(source.conversion)
            days = source.median_days_to_customer
            median = "–" if days is None else fmt.number(days, 0 if days == int(days) else 1)
            for column, text in enumerate((source.label, conversion, median)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        # As tall as its rows (up to a point), so no empty grid hangs below a short table.
        rows_height = sum(self.rowHeight(r) for r in range(min(self.rowCount(), 8)))
        frame = 2 * self.frameWidth()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows_height + frame)
        scroll = self.verticalScrollBar().sizeHint().width() if self.rowCount() > 8 else 0
        self.setMinimumWidth(self.horizontalHeader().length() + frame + scroll)
