"""The preview table: one row per record with its status, fixable name and email, and action."""

from __future__ import annotations

from collections import Counter
from datetime import date
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_birthday, format_date
from desktop_crm.services.importing import Action, PlannedRow, RejectReason, RowStatus, fixes
from desktop_crm.ui.import_wizard.labels import (
    STATUS_COLOURS,
    action_label,
    actions_for,
    reason_label,
    short_reason_label,
    status_label,
)
from desktop_crm.ui.style import is_dark, overdue_colour

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    LINE = 0
    STATUS = 1
    NAME = 2
    COMPANY = 3
    EMAIL = 4
    PHONE = 5
    BIRTHDAY = 6
    ACTION = 7
    DETAILS = 8


def _headers() -> list[str]:
    return [
        _("Line"),
        _("Status"),
        _("Name"),
        _("Company"),
        _("Email"),
        _("Phone"),
        _("Birthday"),
        _("Action"),
        _("Details"),
    ]


def _details(row: PlannedRow) -> str:
    """The row's status detail, then what was dropped or could not be read in it."""
    notes = [w.short() for w in row.record.warnings]
    return " · ".join(p for p in (_status_detail(row), *notes) if p)


def _details_tooltip(row: PlannedRow) -> str | None:
    lines = [reason_label(row.reason, row.value)] if row.status == RowStatus.REJECTED else []
    lines += [w.describe() for w in row.record.warnings]
    return "\n".join(lines) or None


def _status_detail(row: PlannedRow) -> str:
    if row.status == RowStatus.REJECTED:
        return short_reason_label(row.reason)
    if row.duplicate_of_line is not None:
        if row.status == RowStatus.EXACT_DUPLICATE:
            return _("Same as line {line}").format(line=row.duplicate_of_line)
        if row.status == RowStatus.POSSIBLE_DUPLICATE:
            return _("Maybe line {line}").format(line=row.duplicate_of_line)
    if row.duplicate_of_contact_id is not None:
        return _("Already in your contacts")
    return ""


def _birthday(birthday: Birthday | None) -> str:
    if birthday is None:
        return ""
    if birthday.year is None:
        return format_birthday(birthday.month, birthday.day)
    return format_date(date(birthday.year, birthday.month, birthday.day))


def _culprit(row: PlannedRow) -> Column:
    """The cell to fix in a rejected row."""
    return Column.EMAIL if row.reason == RejectReason.INVALID_EMAIL else Column.NAME


class Tally:
    """Rows per status and rows that become contacts; kept up to date edit by edit, since
    counting 100,000 rows again takes the GUI thread 50-100 ms."""

    def __init__(self, rows: list[PlannedRow] | None = None):
        self.counts: Counter = Counter()
        self.creating = 0
        self.warned = 0  # rows with something left out or not read
        for row in rows or ():
            self.add(row, 1)

    def add(self, row: PlannedRow, sign: int) -> None:
        self.counts[row.status] += sign
        if row.action is Action.CREATE and row.status is not RowStatus.REJECTED:
            self.creating += sign
        if row.record.warnings:
            self.warned += sign


class PreviewModel(QAbstractTableModel):
    """Holds every planned row; a status filter chooses which of them are shown."""

    row_fixed = Signal(int)  # line: its name or email was edited (its record replaced)
    decided = Signal(int, str)  # line, Action value

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PlannedRow] = []
        self._shown: list[int] = []
        self._filter: RowStatus | None = None
        self._tally = Tally()

    # ---- contents ----------------------------------------------------------------------

    def set_rows(self, rows: list[PlannedRow], tally: Tally | None = None) -> None:
        """`tally` of these rows when it was counted elsewhere (on the worker thread)."""
        self.beginResetModel()
        self._rows = rows
        self._tally = tally if tally is not None else Tally(rows)
        self._refilter()
        self.endResetModel()

    def set_filter(self, status: RowStatus | None) -> None:
        self.beginResetModel()
        self._filter = status
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        if self._filter is None:
            self._shown = list(range(len(self._rows)))
        else:
            self._shown = [i for i, r in enumerate(self._rows) if r.status == self._filter]

    def all_rows(self) -> list[PlannedRow]:
        return self._rows

    def counts(self) -> Counter:
        return self._tally.counts

    def creating(self) -> int:
        return self._tally.creating

    def warned(self) -> int:
        return self._tally.warned

    def row_at(self, row: int) -> PlannedRow:
        return self._rows[self._shown[row]]

    def row_of_line(self, line: int) -> int | None:
        """The table row showing file line `line`, if it is shown."""
        for i, index in enumerate(self._shown):
            if self._rows[index].line == line:
                return i
        return None

    # ---- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        row = self.row_at(index.row())
        column = index.column()
        if column in (Column.NAME, Column.EMAIL):
            return flags | Qt.ItemFlag.ItemIsEditable
        if column == Column.ACTION and actions_for(row.status):
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == Column.NAME:
                return row.record.full_name
            if column == Column.EMAIL:
                return row.record.email_raw or row.record.primary_email
            if column == Column.ACTION:
                return row.action.value
            return self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.STATUS:
            light, dark = STATUS_COLOURS[row.status]
            return QColor(dark if is_dark() else light)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == RowStatus.REJECTED:
            if column in (Column.DETAILS, _culprit(row)):
                return QColor(overdue_colour())
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DETAILS:
            if row.record.warnings:
                return QColor(overdue_colour())
        if role == Qt.ItemDataRole.FontRole and column == Column.STATUS:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.NAME, Column.EMAIL):
                return _("Double-click to correct it; the row is checked again.")
            if column == Column.DETAILS:
                return _details_tooltip(row)
            if column == Column.COMPANY:
                return row.record.company or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: PlannedRow, column: int):
        record = row.record
        if column == Column.LINE:
            return row.line
        if column == Column.STATUS:
            return status_label(row.status)
        if column == Column.NAME:
            return record.full_name
        if column == Column.EMAIL:
            # A rejected address as the file wrote it; others as they will be stored.
            if row.status == RowStatus.REJECTED:
                return record.email_raw or record.primary_email
            return record.primary_email
        if column == Column.PHONE:
            if not record.phones:
                return ""
            return record.phones[0].e164 or record.phones[0].raw
        if column == Column.COMPANY:
            return record.company
        if column == Column.BIRTHDAY:
            return _birthday(record.birthday)
        if column == Column.ACTION:
            return action_label(row.action, row.status) if actions_for(row.status) else "—"
        if column == Column.DETAILS:
            return _details(row)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.row_at(index.row())
        self._tally.add(row, -1)
        changed = self._apply(row, index.column(), "" if value is None else str(value))
        self._tally.add(row, 1)
        if changed:
            self._changed(index.row())
            if index.column() == Column.ACTION:
                self.decided.emit(row.line, row.action.value)
            else:
                self.row_fixed.emit(row.line)
        return changed

    def _apply(self, row: PlannedRow, column: int, text: str) -> bool:
        if column == Column.NAME:
            if text == row.record.full_name:
                return False
            row.record = fixes.with_name(row.record, text)
        elif column == Column.EMAIL:
            if text.strip() == (row.record.email_raw or row.record.primary_email):
                return False
            row.record = fixes.with_email(row.record, text)
        elif column == Column.ACTION:
            action = Action(text)
            if action not in actions_for(row.status) or action == row.action:
                return False
            row.action = action
            return True
        else:
            return False
        fixes.recheck(row)
        return True

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
