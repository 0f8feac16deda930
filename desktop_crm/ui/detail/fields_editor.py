"""The contact's editable fields; a refused value is explained next to its field and kept."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain import lead_sources
from desktop_crm.domain.phones import DEFAULT_REGION, format_for_display
from desktop_crm.errors import UserError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.contact_validation import is_safe_link, normalise_draft
from desktop_crm.services.contacts import create_contact, draft_from, update_contact
from desktop_crm.services.custom_fields import clean_values
from desktop_crm.services.records import ContactDetails, ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.ui.accessible_names import name_field
from desktop_crm.ui.contact_list.display import show_birthday
from desktop_crm.ui.detail.birthday_field import birthday_text, read_birthday
from desktop_crm.ui.detail.contact_save import SavedEdit, save_edit
from desktop_crm.ui.detail.custom_rows import CustomFieldRows
from desktop_crm.ui.detail.entry_list import Entry, EntryListEditor
from desktop_crm.ui.keyboard import tab_leaves
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import error_text_style, muted_text_style

_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")

# Where the service's `field` names point in this form.
_FIELD_ROWS = {
    "given_name": "name",
    "middle_name": "name",
    "family_name": "name",
    "full_name": "name",
    "company": "company",
    "job_title": "job_title",
    "email": "emails",
    "phone": "phones",
    "address": "address",
    "website": "website",
    "birthday": "birthday",
    "birthday_card_days": "birthday",
    "lead_source": "lead_source",
    "tags": "tags",
    "notes": "notes",
}


class FieldsEditor(QWidget):
    """Edits one contact (or a new one when `details` is None); `save()` runs the service,
    through `runner` (off the GUI thread) when there is one and the contact exists."""

    saved = Signal(object)  # SavedEdit
    dirty_changed = Signal(bool)

    def __init__(
        self,
        *,
        clock=None,
        region: str = DEFAULT_REGION,
        runner: OperationRunner | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._clock = clock
        self._region = region
        self._runner = runner
        self._details: ContactDetails | None = None
        self._version = 0  # what the next save expects: saves in flight each claim one
        self._in_flight = 0
        self._creating = False  # a new contact on its way to the writer: the form waits
        # The Changes of this form's own saves, put here by the writer thread, so the pane
        # knows them on the bus and does not read back what it has just written.
        self._own_changes: list[Changes] = []
        self.last_changes: Changes | None = None  # what the last save changed, for the bus
        self._dirty = False
        self._errors: dict[str, QLabel] = {}

        self.given_edit = QLineEdit()
        self.given_edit.setPlaceholderText(_("First name"))
        self.given_edit.setAccessibleName(_("First name"))
        self.middle_edit = QLineEdit()
        self.middle_edit.setPlaceholderText(_("Middle"))
        self.middle_edit.setAccessibleName(_("Middle name"))
        # Narrow (it holds "van", "de"), but never narrower than its Dutch placeholder
        # "Tussenvoegsel", which showed as "Tussenvoeg…".
        middle_width = self.fontMetrics().horizontalAdvance(self.middle_edit.placeholderText())
        self.middle_edit.setMinimumWidth(middle_width + 16)
        self.middle_edit.setMaximumWidth(max(90, middle_width + 16))
        self.family_edit = QLineEdit()
        self.family_edit.setPlaceholderText(_("Last name"))
        self.family_edit.setAccessibleName(_("Last name"))
        name_row = QHBoxLayout()
        for edit in (self.given_edit, self.middle_edit, self.family_edit):
            name_row.addWidget(edit)
        self.company_edit = QLineEdit()
        self.job_title_edit = QLineEdit()
        self.email_list = EntryListEditor(_("Add email"), _("name@example.com"), kind=_("Email"))
        self.phone_list = EntryListEditor(_("Add phone"), _("+31 6 12345678"), kind=_("Phone"))
        self.address_edit = QPlainTextEdit()
        self.address_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.website_edit = QLineEdit()
        self.website_edit.setPlaceholderText(_("example.com"))
        self.open_website_button = QPushButton(_("Open"))
        self.open_website_button.setToolTip(_("Open the website in your browser"))
        self.open_website_button.setAccessibleName(_("Open the website in your browser"))
        self.open_website_button.clicked.connect(self.open_website)
        website_row = QHBoxLayout()
        website_row.addWidget(self.website_edit, 1)
        website_row.addWidget(self.open_website_button)
        self.birthday_edit = QLineEdit()
        self.birthday_edit.setPlaceholderText(_("14-03-1980, or 14-03 without a year"))
        self.birthday_edit.setMinimumWidth(
            self.fontMetrics().horizontalAdvance(self.birthday_edit.placeholderText()) + 24
        )
        self.birthday_shown = QLabel()
        self.birthday_shown.setStyleSheet(muted_text_style())
        birthday_row = QHBoxLayout()
        birthday_row.addWidget(self.birthday_edit)
        birthday_row.addWidget(self.birthday_shown, 1)
        self.lead_source_box = QComboBox()
        self.lead_source_box.setEditable(True)
        self.lead_source_box.addItem("", "")
        for code in lead_sources.SUGGESTIONS:
            self.lead_source_box.addItem(lead_sources.label(code), code)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(_("Comma-separated, e.g. bakery, Utrecht"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        tab_leaves(self.address_edit)
        tab_leaves(self.notes_edit)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row("name", cf.FULL_NAME.label, name_row)
        self._add_row("company", cf.COMPANY.label, self.company_edit)
        self._add_row("job_title", cf.JOB_TITLE.label, self.job_title_edit)
        self.birthday_edit.setAccessibleName(cf.BIRTHDAY.label)
        self.website_edit.setAccessibleName(cf.WEBSITE.label)
        self._add_row("emails", cf.EMAIL.label, self.email_list)
        self._add_row("phones", cf.PHONE.label, self.phone_list)
        self._add_row("address", cf.ADDRESS.label, self.address_edit)
        self._add_row("website", cf.WEBSITE.label, website_row)
        self._add_row("birthday", cf.BIRTHDAY.label, birthday_row)
        self._add_row("lead_source", cf.LEAD_SOURCE.label, self.lead_source_box)
        self._add_row("tags", cf.TAGS.label, self.tags_edit)
        self._add_row("notes", cf.NOTES.label, self.notes_edit)
        self.custom_rows = CustomFieldRows(self.form, self)
        self.custom_rows.edited.connect(self._mark_dirty)

        self.save_button = QPushButton(_("Save changes"))
        self.save_button.setDefault(True)
        # Ctrl+S from any field of the form: in the main window Enter presses no default
        # button, and this one lay a dozen Tab stops away (the keyboard walk of round 9).
        # A shortcut of its own: the button's would go with each setText.
        save_keys = QShortcut(QKeySequence.StandardKey.Save, self)
        save_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_keys.activated.connect(self._save_by_key)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo my edits"))
        # Enter saves: no other button of the form may take Enter as a dialog's default.
        for button in (
            self.revert_button,
            self.open_website_button,
            self.email_list.add_button,
            self.phone_list.add_button,
        ):
            button.setAutoDefault(False)
        self.revert_button.clicked.connect(lambda: self.load(self._details))
        self.button_row = QHBoxLayout()  # a dialog that hosts the form may take its buttons
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.revert_button)
        self.button_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)  # spare height goes below the form, not between its rows
        layout.addLayout(self.button_row)

        for edit in (
            self.given_edit,
            self.middle_edit,
            self.family_edit,
            self.company_edit,
            self.job_title_edit,
            self.website_edit,
            self.birthday_edit,
            self.tags_edit,
        ):
            edit.textEdited.connect(self._mark_dirty)
        for text_box in (self.address_edit, self.notes_edit):
            text_box.textChanged.connect(self._mark_dirty)
        self.lead_source_box.currentTextChanged.connect(self._mark_dirty)
        self.email_list.edited.connect(self._mark_dirty)
        self.phone_list.edited.connect(self._mark_dirty)
        self.website_edit.textChanged.connect(self._update_link_button)
        self.birthday_edit.textChanged.connect(self._preview_birthday)
        self.load(None)

    def _add_row(self, key: str, title: str, field) -> None:
        error = QLabel()
        error.setStyleSheet(error_text_style())
        error.setWordWrap(True)
        error.hide()
        self._errors[key] = error
        holder = QVBoxLayout()
        holder.setSpacing(2)
        if isinstance(field, QWidget):
            if not field.accessibleName():
                name_field(field, title)  # what a screen reader says for this field
            holder.addWidget(field)
        else:
            holder.addLayout(field)
        holder.addWidget(error)
        label = QLabel(title)
        if isinstance(field, QWidget):
            # The label names the field by relation too: over AT-SPI a combo box's own name
            # is its value ("Via via"), and Orca says the label that it is labelled by.
            label.setBuddy(field)
        self.form.addRow(label, holder)

    # --- loading ------------------------------------------------------------------------

    def load(self, details: ContactDetails | None, defined: list[str] | None = None) -> None:
        """Show `details`; `defined` custom fields (None: those shown now)."""
        same = details is not None and self._details is not None and self._details.id == details.id
        if details is None:
            self._version = 0
        elif same and self._in_flight:
            self._version = max(self._version, details.version)  # a save in flight claimed one
        else:
            self._version = details.version
        self._details = details
        self._loading = True
        d = details
        self.custom_rows.show(defined, d.custom_fields if d else ())
        self.given_edit.setText(d.given_name if d else "")
        self.middle_edit.setText(d.middle_name if d else "")
        self.family_edit.setText(d.family_name if d else "")
        self.company_edit.setText(d.company if d else "")
        self.job_title_edit.setText(d.job_title if d else "")
        self.email_list.set_entries(
            [Entry(e.email, e.label, e.is_primary) for e in d.emails] if d else []
        )
        self.phone_list.set_entries(
            [
                Entry(format_for_display(p.e164, p.raw, self._region), p.label, p.is_primary)
                for p in d.phones
            ]
            if d
            else []
        )
        self.address_edit.setPlainText(d.address if d else "")
        self.website_edit.setText(d.website if d else "")
        self._update_link_button(self.website_edit.text())  # no signal when "" stays ""
        self.birthday_edit.setText(birthday_text(d.birthday) if d else "")
        source = d.lead_source if d else ""
        position = self.lead_source_box.findData(source)
        if position >= 0:
            self.lead_source_box.setCurrentIndex(position)
        else:
            self.lead_source_box.setEditText(source)
        self.tags_edit.setText(", ".join(d.tags) if d else "")
        self.notes_edit.setPlainText(d.notes if d else "")
        self.save_button.setText(_("Save changes") if d else _("Add contact"))
        self._loading = False
        self.clear_errors()
        self._set_dirty(False)

    def rebase(self, details: ContactDetails) -> None:
        """The pane's own section write moved the stored contact on (a stage, its version)
        while the form is being typed in: keep the typing, save on top of the new version."""
        if self._details is not None and self._details.id == details.id:
            self._details = details
            self._version = max(self._version, details.version)

    @property
    def details(self) -> ContactDetails | None:
        return self._details

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @property
    def is_saving(self) -> bool:
        """A save of this form is on its way to the database."""
        return self._in_flight > 0 or self._creating

    def show_custom_fields(self, defined: list[str]) -> None:
        """The defined custom fields, read after the form opened (a new contact's)."""
        self._loading = True
        self.custom_rows.show(defined, self._details.custom_fields if self._details else ())
        self._loading = False

    def _mark_dirty(self, *_args) -> None:
        if not getattr(self, "_loading", False):
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.revert_button.setEnabled(dirty and self._details is not None)
        self.save_button.setEnabled((dirty or self._details is None) and not self._creating)
        self.dirty_changed.emit(dirty)

    # --- links and previews -------------------------------------------------------------

    def _update_link_button(self, text: str) -> None:
        url = self._website_url(text)
        self.open_website_button.setEnabled(bool(url) and is_safe_link(url))

    @staticmethod
    def _website_url(text: str) -> str:
        value = text.strip()
        # A bare domain gets https://; anything naming a scheme (javascript:, file:) keeps it
        # so that is_safe_link can refuse it. "host:8080" is a port, not a scheme.
        if value and not _HAS_SCHEME.match(value):
            value = "https://" + value
        return value

    def open_website(self) -> bool:
        url = self._website_url(self.website_edit.text())
        if not url or not is_safe_link(url):
            self.show_error("website", _("Only web, email and phone links can be opened."))
            return False
        return QDesktopServices.openUrl(QUrl(url))

    def _preview_birthday(self, text: str) -> None:
        try:
            birthday = read_birthday(text)
        except ValidationError:
            self.birthday_shown.setText("")
            return
        self.birthday_shown.setText(
            show_birthday(birthday.month, birthday.day, birthday.year) if birthday else ""
        )

    # --- saving -------------------------------------------------------------------------

    def draft(self) -> ContactDraft:
        """The form as a draft; raises ValidationError for a field the form itself can check."""
        base = draft_from(self._details) if self._details else ContactDraft()
        emails = [
            EmailEntry(e.value, e.label, e.is_primary)
            for e in self.email_list.entries()
            if e.value.strip()
        ]
        phones = [
            PhoneEntry(p.value, None, p.label, p.is_primary)
            for p in self.phone_list.entries()
            if p.value.strip()
        ]
        source_index = self.lead_source_box.currentIndex()
        source_text = self.lead_source_box.currentText()
        chosen_suggestion = (
            source_index >= 0 and self.lead_source_box.itemText(source_index) == source_text
        )
        source = self.lead_source_box.itemData(source_index) if chosen_suggestion else source_text
        given, middle, family = (
            self.given_edit.text(),
            self.middle_edit.text(),
            self.family_edit.text(),
        )
        return replace(
            base,
            given_name=given,
            middle_name=middle,
            family_name=family,
            full_name="",  # rebuilt from the parts by the service
            company=self.company_edit.text(),
            job_title=self.job_title_edit.text(),
            emails=emails,
            phones=phones,
            address=self.address_edit.toPlainText(),
            website=self.website_edit.text(),
            birthday=read_birthday(self.birthday_edit.text()),
            lead_source=source or "",
            tags=[t.strip() for t in self.tags_edit.text().split(",") if t.strip()],
            notes=self.notes_edit.toPlainText(),
            custom_fields=self.custom_rows.values(),
        )

    def _save_by_key(self) -> None:
        if self.save_button.isVisible() and self.save_button.isEnabled():
            self.save_button.click()

    def save(self) -> bool:
        """Save the form; False when a value is refused: the reason sits beside its field and
        the edits stay. With a runner the write goes to the writer thread (in order with
        every other write) and `saved` follows when it is in; a new contact's form waits,
        disabled, for the answer (False while it waits: nothing is sent twice)."""
        if self._creating:
            return False
        self.clear_errors()
        try:
            draft = self.draft()
            # The checks that need no database, now: a refusal blocks a switch of contact.
            normalise_draft(draft, self._region)
            clean_values(draft.custom_fields or {})
            if self._runner is not None:
                if self._details is None:
                    self._create_later(draft)
                else:
                    self._save_later(self._details.id, draft)
                return True
            if self._details is None:
                changes = create_contact(draft, clock=self._clock, region=self._region)
            else:
                changes = update_contact(
                    self._details.id,
                    draft,
                    clock=self._clock,
                    region=self._region,
                    expected_version=self._details.version,
                )
        except UserError as exc:
            self.show_error(exc.field or "name", exc.message)
            return False
        saved = get_contact(changes.id)
        self.last_changes = changes
        before = self._details
        self.load(saved)
        self.saved.emit(SavedEdit(before, saved, changes))
        return True

    def _save_later(self, contact_id: int, draft: ContactDraft) -> None:
        assert self._runner is not None
        version, clock, region, own = self._version, self._clock, self._region, self._own_changes
        self._version += 1  # the save in flight claims this version; the next one the one after
        self._in_flight += 1

        def work() -> SavedEdit:
            result = save_edit(
                contact_id, draft, clock=clock, region=region, expected_version=version
            )
            own.append(result.changes)
            return result

        self._set_dirty(False)  # what is on screen is on its way to the database
        self._runner.mutate(
            work,
            self._saved_later,
            parent=self,
            on_failure=partial(self._save_refused, contact_id),
        )

    def _create_later(self, draft: ContactDraft) -> None:
        """A new contact on the writer thread. The form is disabled until the answer is in,
        so nothing typed meanwhile can be lost and Enter cannot send it twice."""
        assert self._runner is not None
        clock, region = self._clock, self._region
        refused_in: list[str] = []  # the field a refusal names, for the line beside it

        def work() -> SavedEdit:
            try:
                changes = create_contact(draft, clock=clock, region=region)
            except UserError as exc:
                refused_in.append(exc.field or "name")
                raise
            return SavedEdit(None, get_contact(changes.id), changes)

        self._set_creating(True)
        self._runner.mutate(
            work,
            self._created_later,
            parent=self,
            on_failure=lambda message: self._create_refused(refused_in, message),
            explains=True,
        )

    def _set_creating(self, creating: bool) -> None:
        self._creating = creating
        self.setEnabled(not creating)  # every field, row button and Save: nothing changes
        if not creating:
            self.given_edit.setFocus()

    def _created_later(self, result: SavedEdit) -> None:
        self._set_creating(False)
        self.last_changes = result.changes
        self.load(result.after)
        self.saved.emit(result)

    def _create_refused(self, refused_in: list[str], message: str) -> None:
        """Refused (a value, or a locked database): the form stays as typed, with the reason."""
        self._set_creating(False)
        self.show_error(refused_in[0] if refused_in else "name", message)
        self._set_dirty(True)

    def is_own(self, changes: Changes) -> bool:
        """Whether `changes` are this form's own save, on the bus before `saved` follows."""
        return any(c is changes for c in self._own_changes)

    def _saved_later(self, result: SavedEdit) -> None:
        self._in_flight -= 1
        self._own_changes[:] = [c for c in self._own_changes if c is not result.changes]
        self.last_changes = result.changes
        if self._details is not None and self._details.id == result.after.id:
            if self._dirty or self._in_flight:
                # Typing (or a later save) goes on from here: keep it, note the new version.
                self._details = result.after
                self._version = max(self._version, result.after.version)
            else:
                self.load(result.after)  # the stored form of what was typed (+31 6 …)
        self.saved.emit(result)

    def _save_refused(self, contact_id: int, message: str) -> None:
        """Refused by the database (changed elsewhere): the runner said why; the form keeps
        the text when it still shows the contact, so nothing typed is thrown away."""
        self._in_flight -= 1
        if self._details is not None and self._details.id == contact_id:
            self.show_error("name", message)
            self._set_dirty(True)

    def show_error(self, field: str, message: str) -> None:
        if field.startswith("custom:") and self.custom_rows.show_error(field[7:], message):
            return
        label = self._errors.get(_FIELD_ROWS.get(field, field)) or self._errors["name"]
        label.setText(message)
        label.show()

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()
            label.setText("")
        self.custom_rows.clear_errors()

    def error_text(self, key: str) -> str:
        if key.startswith("custom:"):
            return self.custom_rows.error_text(key[7:])
        label = self._errors[key]
        return label.text() if not label.isHidden() else ""
