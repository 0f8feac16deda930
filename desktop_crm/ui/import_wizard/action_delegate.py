"""The preview's Action cell: a combo box with the choices the row's status allows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.importing import Action
from desktop_crm.ui.accessible_names import label_editor
from desktop_crm.ui.import_wizard.labels import action_label, actions_for
from desktop_crm.ui.import_wizard.preview_model import PreviewModel


class ActionDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        model = index.model()
        assert isinstance(model, PreviewModel)
        row = model.row_at(index.row())
        combo = QComboBox(parent)
        for action in actions_for(row.status):
            combo.addItem(action_label(action, row.status), action.value)
        # The choice applies at once, without leaving the cell first.
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        # Said as "Action for line 5, Jan de Vries": the value alone does not say which row.
        # (A row without a name has an email: without either it is rejected, with no choice.)
        who = row.record.full_name or row.record.primary_email
        label_editor(combo, _("Action for line {line}, {who}").format(line=row.line, who=who))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(current)))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        if value is not None:
            model.setData(index, Action(value).value, Qt.ItemDataRole.EditRole)
