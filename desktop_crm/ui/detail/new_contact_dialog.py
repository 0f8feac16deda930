"""Ctrl+N: the same fields editor in a dialog; the contact is created on "Add contact"."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.custom_fields import defined_fields
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.access_keys import key_form_rows
from desktop_crm.ui.detail.contact_save import SavedEdit
from desktop_crm.ui.detail.fields_editor import FieldsEditor
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.operations import OperationRunner


class NewContactDialog(FormDialog):
    """With a `runner` the custom fields are read and the contact is created on its threads
    (the runner publishes the `Changes`); without one, both happen here (tests, tools)."""

    def __init__(
        self,
        *,
        clock=None,
        region: str = DEFAULT_REGION,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("New contact"))
        self.created: ContactDetails | None = None
        self.changes: Changes | None = None  # the service's (published by the runner if any)
        self.fields = FieldsEditor(clock=clock, region=region, runner=runner)
        if runner is None:
            self.fields.load(None, defined_fields())
        else:  # the form opens at once; the custom fields' rows follow
            runner.query(defined_fields, self._custom_fields_arrived, parent=self)
        self.fields.revert_button.hide()
        self.fields.saved.connect(self._on_saved)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.fields)
        cancel = QPushButton(_("&Discard"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.discard)
        # The dialog's own row: Discard, then Add contact, on the right as in every dialog
        # (the form's row would put Add contact inside the scrolled form, above Discard).
        self.fields.button_row.removeWidget(self.fields.save_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.fields.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addLayout(row)
        # As tall as the form needs (custom fields that arrive later scroll), at most 680.
        self.resize(640, min(680, self.fields.sizeHint().height() + 70))
        # Now that the button sits in this dialog, Enter anywhere in the form presses it.
        self.fields.save_button.setDefault(True)
        self.fields.given_edit.setFocus()
        key_form_rows(self, self.fields.form)  # this window has no menus to clash with

    def _custom_fields_arrived(self, defined: list[str]) -> None:
        self.fields.show_custom_fields(defined)
        key_form_rows(self, self.fields.form)

    def is_sending(self) -> bool:
        return self.fields.is_saving

    def _on_saved(self, result: SavedEdit) -> None:
        self.created = result.after
        self.changes = result.changes
        self.accept()
