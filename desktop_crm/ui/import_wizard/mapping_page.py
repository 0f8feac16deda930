"""Wizard page 2: each column's name, sample values and the field it is imported as."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from desktop_crm.i18n import _
from desktop_crm.services.custom_fields import MAX_NAME, defined_fields
from desktop_crm.services.importing import Field, header_signature
from desktop_crm.services.importing.records import IDENTITY_FIELDS
from desktop_crm.ui.accessible_names import LabelledCell
from desktop_crm.ui.import_wizard import mapping_memory
from desktop_crm.ui.import_wizard.labels import FIELD_LABELS, field_label
from desktop_crm.ui.style import error_text_style, muted_text_style

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.wizard import ImportWizard

SAMPLE_SEPARATOR = "  ·  "  # not user-visible: a separator between sample values
# Combo data beside the fields' own values: a defined custom field, and "New custom field…".
CUSTOM_TARGET = "custom-field:"
NEW_CUSTOM = "new-custom-field"


def custom_field_name(header: str, column: int) -> str:
    """The name a new custom field gets from its column: the header, tidied."""
    name = " ".join(header.split())[:MAX_NAME]
    return name or _("Column {number}").format(number=column + 1)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self._wizard = wizard
        self._automatic: list[Field] = []
        self._filling = False
        self._custom_names: list[str] = []  # defined ones, then those made on this page
        self._new_names: list[str] = []
        self.setTitle(_("Columns"))
        self.setSubTitle(
            _(
                "Each column of the file is imported as the field on the right. "
                "Change a field where the guess is wrong."
            )
        )
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("Sample values"), _("Import as")]
        )
        self.table.setAccessibleName(_("Columns of the file"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(2, 300)

        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(error_text_style())
        self.problem_label.setWordWrap(True)
        self.hint_label = QLabel(
            _(
                "Columns you do not map are kept as custom fields, or choose Ignore to leave "
                "them out. Your choices are remembered for files with the same columns."
            )
        )
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(muted_text_style())
        self.reset_button = QPushButton(_("Use the automatic choices"))
        self.reset_button.clicked.connect(self._reset)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.reset_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(bottom)

    def initializePage(self) -> None:  # Qt override
        source = self._wizard.source
        if source is None:
            return
        info = source.info()
        self._automatic = [c.auto_field for c in info.columns]
        self._custom_names, self._new_names = [], []
        self._filling = True
        self.table.setRowCount(len(info.columns))
        for row, column in enumerate(info.columns):
            name = QTableWidgetItem(column.header or _("(no name)"))
            name.setToolTip(column.header)
            self.table.setItem(row, 0, name)
            samples = QTableWidgetItem(SAMPLE_SEPARATOR.join(column.samples) or "—")
            samples.setToolTip("\n".join(column.samples))
            if not column.samples:
                samples.setForeground(self.palette().placeholderText())
            self.table.setItem(row, 1, samples)
            combo = self._combo(row, column.field, column.auto_field)
            # Said as "Import column “E-mail” as": the value alone does not say which column.
            named = _("Import column “{column}” as").format(column=name.text())
            self.table.setCellWidget(row, 2, LabelledCell(combo, named))
        self._filling = False
        self.table.resizeRowsToContents()
        self._update_problem()
        self._wizard.start_task(
            lambda _progress, _cancelled: defined_fields(), succeeded=self._defined_arrived
        )

    def _defined_arrived(self, names: object) -> None:
        """The defined custom fields, read off the GUI thread, join every column's choices."""
        assert isinstance(names, list)
        for name in names:
            self._add_custom_target(name)

    def _add_custom_target(self, name: str, *, new: bool = False) -> None:
        if any(n.casefold() == name.casefold() for n in self._custom_names):
            return
        self._custom_names.append(name)
        label = (_("Custom field: {name} (new)") if new else _("Custom field: {name}")).format(
            name=name
        )
        self._filling = True
        for row in range(self.table.rowCount()):
            combo = self.combo_at(row)
            combo.insertItem(combo.findData(NEW_CUSTOM), label, CUSTOM_TARGET + name)
        self._filling = False

    def _combo(self, row: int, chosen: Field, automatic: Field) -> QComboBox:
        combo = QComboBox()
        for field in FIELD_LABELS:
            combo.addItem(field_label(field), field.value)
        # Custom fields after the built-in ones; defined ones are inserted above "New …".
        combo.insertSeparator(combo.count())
        combo.addItem(_("New custom field…"), NEW_CUSTOM)
        for name in self._custom_names:
            combo.insertItem(
                combo.findData(NEW_CUSTOM),
                _("Custom field: {name}").format(name=name),
                CUSTOM_TARGET + name,
            )
        combo.setCurrentIndex(combo.findData(chosen.value))
        combo.setToolTip(_("Found automatically: {field}").format(field=field_label(automatic)))
        combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
        self._mark(combo, chosen, automatic)
        return combo

    def _mark(self, combo: QComboBox, chosen: Field, automatic: Field) -> None:
        """A choice that differs from the automatic one stands out."""
        font = combo.font()
        font.setBold(chosen != automatic)
        combo.setFont(font)

    def combo_at(self, row: int) -> QComboBox:
        cell = self.table.cellWidget(row, 2)
        assert isinstance(cell, LabelledCell) and isinstance(cell.field, QComboBox)
        return cell.field

    @staticmethod
    def _field_of(data: str) -> Field:
        return Field.CUSTOM if data.startswith(CUSTOM_TARGET) else Field(data)

    def chosen(self) -> list[Field]:
        return [
            self._field_of(self.combo_at(r).currentData()) for r in range(self.table.rowCount())
        ]

    def custom_targets(self) -> dict[int, str]:
        """Column → the custom field chosen for it (columns left on "Keep" are not here)."""
        targets: dict[int, str] = {}
        for row in range(self.table.rowCount()):
            data = self.combo_at(row).currentData()
            if data.startswith(CUSTOM_TARGET):
                targets[row] = data[len(CUSTOM_TARGET) :]
        return targets

    def fields_to_define(self) -> list[str]:
        """The custom fields made on this page that a column still goes to."""
        used = set(self.custom_targets().values())
        return [name for name in self._new_names if name in used]

    def _new_custom_field(self, row: int) -> None:
        """ "New custom field…": one named after the column (or the defined one of that name)."""
        item = self.table.item(row, 0)
        name = custom_field_name(item.toolTip() if item else "", row)
        same = [n for n in self._custom_names if n.casefold() == name.casefold()]
        if same:
            name = same[0]
        else:
            self._new_names.append(name)
            self._add_custom_target(name, new=True)
        combo = self.combo_at(row)
        combo.setCurrentIndex(combo.findData(CUSTOM_TARGET + name))  # calls _changed again

    def _changed(self, row: int) -> None:
        if self._filling:
            return
        if self.combo_at(row).currentData() == NEW_CUSTOM:
            self._new_custom_field(row)
            return
        chosen = self.chosen()
        self._mark(self.combo_at(row), chosen[row], self._automatic[row])
        assert self._wizard.source is not None
        self._wizard.source.set_mapping([f.value for f in chosen])
        self._wizard.source.set_custom_names(self.custom_targets())
        self._wizard.mapping_changed()
        self._update_problem()

    def _reset(self) -> None:
        for row, field in enumerate(self._automatic):
            combo = self.combo_at(row)
            combo.setCurrentIndex(combo.findData(field.value))

    def _update_problem(self) -> None:
        missing = not any(f in IDENTITY_FIELDS for f in self.chosen())
        self.problem_label.setText(
            _("Choose at least one column with a name or an email address.") if missing else ""
        )
        self.problem_label.setVisible(missing)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # Qt override
        return self.table.rowCount() > 0 and any(f in IDENTITY_FIELDS for f in self.chosen())

    def validatePage(self) -> bool:  # Qt override
        source = self._wizard.source
        if source is not None and source.header is not None:
            mapping_memory.remember(
                self._wizard.settings,
                header_signature(source.header.headers),
                self.chosen(),
                self._automatic,
            )
        return True
