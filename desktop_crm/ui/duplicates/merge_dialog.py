"""Side by side: choose which contact keeps its number and, per field, whose value stays;
with the window's runner the merge is written on the writer thread."""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain import lead_sources
from desktop_crm.domain.merging import FIELDS, default_choices, field_label, furthest_stage
from desktop_crm.domain.stages import Stage
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.merge import MergeResult, merge_contacts
from desktop_crm.services.records import ContactDetails
from desktop_crm.ui.contact_list.display import show_birthday
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import error_text_style, muted_text_style

_SHOWN_CHARACTERS = 60  # a long note is shown by its start; the whole text is the tooltip


def field_text(details: ContactDetails, field: str) -> str:
    """What a field holds, as the dialog shows it; '' when empty."""
    if field == "name":
        return details.full_name
    if field == "birthday":
        b = details.birthday
        return show_birthday(b.month, b.day, b.year) if b else ""
    if field == "birthday_card_days":
        return "" if details.birthday_card_days is None else str(details.birthday_card_days)
    if field == "lead_source":
        return lead_sources.label(details.lead_source) if details.lead_source else ""
    return str(getattr(details, field) or "")


def _column_values(details: ContactDetails) -> dict[str, object]:
    """The values `default_choices` looks at (empty or not), keyed like the contact columns."""
    b = details.birthday
    return {
        "display_name": details.full_name,
        "company": details.company,
        "job_title": details.job_title,
        "address": details.address,
        "website": details.website,
        "notes": details.notes,
        "birthday_month": b.month if b else None,
        "birthday_card_days": details.birthday_card_days,
        "lead_source": details.lead_source,
    }


class MergeDialog(QDialog):
    """`result_value` holds the merge once it is done. With the window's runner the two
    contacts are read on a worker: the dialog opens at once with a placeholder, and the
    choices (and Merge) come when they are in; `loaded` says so."""

    loaded = Signal()

    def __init__(
        self,
        contact_ids: Sequence[int],
        *,
        clock=None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self.sending = False  # the merge is on its way to the writer thread
        self.setWindowTitle(_("Merge duplicates"))
        self.setAccessibleName(_("Merge duplicates"))
        self._clock = clock
        self.contacts: list[ContactDetails] = []
        self.result_value: MergeResult | None = None
        self.keep_group = QButtonGroup(self)
        self.field_groups: dict[str, QButtonGroup] = {}

        self.placeholder = QLabel(_("Reading the contacts…"))
        self.placeholder.setStyleSheet(muted_text_style())
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Reading the contacts"))
        self.choices_box: QWidget = self.placeholder  # the choices once they are shown
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.placeholder)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            _("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setDefault(True)
        self.merge_button.setAccessibleName(_("Merge"))
        self.merge_button.setEnabled(False)  # until the contacts are shown
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAutoDefault(False)  # Enter merges, whichever button has the focus
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(
            _("Choose which contact keeps its number and, for each field, whose value stays.")
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(min(360 + 260 * len(contact_ids), 1100), 560)
        cancel.setFocus()  # Merge is off until the contacts are in; Escape works at once
        self._read(list(contact_ids))

    @property
    def is_loaded(self) -> bool:
        return bool(self.contacts)

    def _read(self, contact_ids: list[int]) -> None:
        """The contacts as they are now: on a worker with a runner, else here."""

        def work() -> list[ContactDetails]:
            return [get_contact(cid) for cid in contact_ids]

        if self._runner is None:
            self._show_contacts(work())
            return
        self._runner.query(
            work, self._show_contacts, parent=self, on_failure=self._read_refused, explains=True
        )

    def _read_refused(self, message: str) -> None:
        """A contact gone or a database that cannot be read: said here; Cancel closes."""
        if not shiboken6.isValid(self):
            return
        self.placeholder.setText("")
        self.error_label.setText(message)
        self.error_label.show()

    def _show_contacts(self, contacts: list[ContactDetails]) -> None:
        if not shiboken6.isValid(self):
            return
        self.contacts = contacts
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(QLabel(""), 0, 0)
        for column, contact in enumerate(self.contacts, start=1):
            title = QLabel(
                _("{name} (number {id})").format(name=contact.full_name or "—", id=contact.id)
            )
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            grid.addWidget(title, 0, column)
            keep = QRadioButton(_("Keep this contact"))
            keep.setAccessibleName(
                _("Keep {name} (number {id})").format(name=contact.full_name, id=contact.id)
            )
            keep.setToolTip(_("This contact keeps its number; the others are merged into it."))
            self.keep_group.addButton(keep, contact.id)
            grid.addWidget(keep, 1, column)
        self.keep_group.button(self.contacts[0].id).setChecked(True)
        self.keep_group.idToggled.connect(self._on_keep_toggled)

        row = 2
        for field in FIELDS:
            texts = [field_text(c, field) for c in self.contacts]
            if not any(texts):
                continue  # nothing to choose
            grid.addWidget(QLabel(field_label(field)), row, 0)
            group = QButtonGroup(self)
            for column, (contact, text) in enumerate(zip(self.contacts, texts, strict=True), 1):
                shown = text.replace("\n", " ")
                if len(shown) > _SHOWN_CHARACTERS:
                    shown = shown[: _SHOWN_CHARACTERS - 1] + "…"
                button = QRadioButton(shown or _("(empty)"))
                button.setToolTip(text)
                button.setAccessibleName(
                    _("{field} of {name}: {value}").format(
                        field=field_label(field),
                        name=contact.full_name,
                        value=text or _("(empty)"),
                    )
                )
                group.addButton(button, contact.id)
                grid.addWidget(button, row, column)
            self.field_groups[field] = group
            row += 1
        for heading, lines in self._combined_rows():
            grid.addWidget(QLabel(heading), row, 0)
            for column, text in enumerate(lines, start=1):
                label = QLabel(text or "—")
                label.setWordWrap(True)
                label.setAccessibleName(f"{heading}: {text}")
                label.setStyleSheet(muted_text_style())
                grid.addWidget(label, row, column)
            row += 1
        grid.setRowStretch(row, 1)  # rows keep their height; the space goes below them
        grid.setColumnStretch(0, 0)
        for column in range(1, len(self.contacts) + 1):
            grid.setColumnStretch(column, 1)

        body = QWidget()
        body.setLayout(grid)
        self.choices_box = body  # off while the merge is on its way: the choices are sent
        self.scroll_area.setWidget(body)  # the placeholder goes with the scroll area's old widget

        stage = furthest_stage([c.stage for c in self.contacts])
        self.summary_label.setText(
            _(
                "Emails, phones, tags, custom fields, conversations, questions, follow-ups, "
                "deals, criteria answers and the stage history are combined. The stage becomes "
                "the one furthest along: {stage}. Undo takes the merge back."
            ).format(stage=stage.label)
        )
        self._apply_defaults()
        self.merge_button.setEnabled(True)
        self.merge_button.setFocus()
        self.loaded.emit()

    def _combined_rows(self) -> list[tuple[str, list[str]]]:
        stage_row = (_("Stage"), [Stage(c.stage).label for c in self.contacts])
        emails = (_("Emails"), [", ".join(e.email for e in c.emails) for c in self.contacts])
        phones = (_("Phones"), [", ".join(p.raw for p in c.phones) for c in self.contacts])
        tags = (_("Tags"), [", ".join(c.tags) for c in self.contacts])
        return [stage_row, emails, phones, tags]

    @property
    def keep_id(self) -> int:
        return self.keep_group.checkedId()

    def _apply_defaults(self) -> None:
        keep = self.keep_id
        values = {c.id: _column_values(c) for c in self.contacts}
        others = [c.id for c in self.contacts if c.id != keep]
        for field, source in default_choices(values, keep, others).items():
            group = self.field_groups.get(field)
            if group is not None:
                group.button(source).setChecked(True)

    def _on_keep_toggled(self, _contact_id: int, checked: bool) -> None:
        if checked:
            self._apply_defaults()

    def choose(self, field: str, contact_id: int) -> None:
        self.field_groups[field].button(contact_id).setChecked(True)

    def choices(self) -> dict[str, int]:
        return {field: group.checkedId() for field, group in self.field_groups.items()}

    @property
    def wrote_through(self) -> bool:
        """Whether the runner wrote the merge (and published its Changes) rather than this dialog."""
        return self._runner is not None

    def merge(self) -> None:
        """Merge as chosen: the dialog closes with `result_value`, or says why and stays open
        with every choice as it was. A second click while the merge is on its way sends nothing."""
        if self.sending or not self.is_loaded:
            return
        keep, clock, choices = self.keep_id, self._clock, self.choices()
        others = [c.id for c in self.contacts if c.id != keep]

        def work() -> MergeResult:
            return merge_contacts(keep, others, choices=choices, clock=clock)

        if self._runner is None:
            try:
                self._merged(work())
            except UserError as exc:
                self._refused(exc.message)
            return
        self.sending = True
        self.error_label.hide()
        self._set_waiting(True)
        self._runner.mutate(
            work, self._merged, parent=self, on_failure=self._refused, explains=True
        )

    def _set_waiting(self, waiting: bool) -> None:
        for widget in (self.merge_button, self.choices_box):
            widget.setEnabled(not waiting)

    def _merged(self, result: MergeResult) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile: the merge stands
            return
        self.sending = False
        self.result_value = result
        self.accept()

    def _refused(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.sending = False
        self._set_waiting(False)
        self.error_label.setText(message)
        self.error_label.show()

    def reject(self) -> None:
        if self.sending:
            return  # Escape or Cancel waits for the merge's answer: it may already be in
        super().reject()
