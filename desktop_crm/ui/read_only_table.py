"""A read-only table of whole rows with a header, as the backups and import history show."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget


def read_only_table(
    headers: Sequence[str],
    *,
    accessible_name: str,
    stretch: int,
    single: bool = False,
    parent: QWidget | None = None,
) -> QTableWidget:
    """Rows are picked whole (one at a time when `single`), cells are not edited; the
    columns fit their contents except `stretch`, which takes the rest of the width."""
    table = QTableWidget(0, len(headers), parent)
    table.setAccessibleName(accessible_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
