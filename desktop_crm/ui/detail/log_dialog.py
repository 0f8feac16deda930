""" "Log conversation": kind and notes; a presentation's outcome applies the sales-process rules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.outcomes import Outcome
from desktop_crm.i18n import N_, _
from desktop_crm.services.conversations import Kind, LogRequest, LogResult
from desktop_crm.services.deals import deals_of
from desktop_crm.services.sales_defaults import SalesDefaults, load_sales_defaults
from desktop_crm.ui.date_fields import TypedDateEdit, TypedDateTimeEdit
from desktop_crm.ui.detail.dialog_submit import error_line, submit_or_explain, submit_through
from desktop_crm.ui.detail.edit_command import LogConversationCommand
from desktop_crm.ui.detail.section_writes import WriteThrough
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.keyboard import tab_leaves
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import DATE_FORMAT, DATE_TIME_FORMAT, muted_text_style


def outcome_hint(outcome: Outcome, *, has_open_deal: bool = True) -> str:
    if outcome == Outcome.YES:
        if not has_open_deal:
            return _(
                "A sale: the contact becomes a customer. There is no open deal to mark won; "
                "add one on the Deals tab to record the amount."
            )
        return _("A sale: the contact becomes a customer and an open deal is won.")
    if outcome == Outcome.NOT_READY:
        return _("Not ready yet: a follow-up is scheduled. Change the date if you agreed another.")
    return _("No for now: the contact moves to Not now, to contact again on the date below.")


# The outcomes with access keys no other control of this dialog has, in English and Dutch
# (tests/ui/workflows/test_dialog_keys.py): the domain's labels carry none.
OUTCOME_TEXTS = {
    Outcome.YES: N_("&Yes"),
    Outcome.NOT_READY: N_("Not &ready"),
    Outcome.NO: N_("N&o"),
}


class LogConversationDialog(FormDialog):
    def __init__(
        self,
        contact_id: int,
        contact_name: str,
        *,
        clock: Clock | None = None,
        write: WriteThrough | None = None,
        has_open_deal: bool | None = None,
        defaults: SalesDefaults | None = None,
        parent: QWidget | None = None,
    ):
        """`write` (the pane's writer thread), `has_open_deal` and `defaults` (from the pane's
        last read) keep the database off the GUI thread; without them it is read here."""
        super().__init__(parent)
        self._write_through = write
        self.setWindowTitle(_("Log a conversation with {name}").format(name=contact_name))
        # adjustSize() below shrinks the dialog to its fields; the title bar must still fit
        # "Log a conversation with …" (window managers cut a long title short).
        title_width = self.fontMetrics().horizontalAdvance(self.windowTitle())
        self.setMinimumWidth(min(max(480, title_width + 160), 900))
        self._contact_id = contact_id
        self._name = contact_name
        self._clock = clock or SystemClock()
        self.result_value: LogResult | None = None
        self.request: LogRequest | None = None  # the one sent last: its Undo step's Redo
        if has_open_deal is None:
            has_open_deal = any(d.status == "open" for d in deals_of(contact_id))
        self._has_open_deal = has_open_deal
        defaults = defaults or load_sales_defaults()
        now = self._clock.now()

        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Kind"))
        for kind in Kind:
            self.kind_box.addItem(kind.label, kind.value)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName(_("Notes"))
        self.text_edit.setPlaceholderText(_("What was said, agreed or asked?"))
        self.text_edit.setMinimumHeight(120)
        tab_leaves(self.text_edit)

        self.outcome_buttons: dict[Outcome, QPushButton] = {}
        self._outcome_group = QButtonGroup(self)
        self._outcome_group.setExclusive(True)
        outcome_row = QHBoxLayout()
        for outcome in Outcome:
            button = QPushButton(_(OUTCOME_TEXTS[outcome]))
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter logs; it never picks an outcome
            button.setMinimumWidth(110)
            self._outcome_group.addButton(button)
            self.outcome_buttons[outcome] = button
            outcome_row.addWidget(button)
            button.toggled.connect(self._update_outcome)
        outcome_row.addStretch(1)
        self.outcome_hint = QLabel()
        self.outcome_hint.setWordWrap(True)
        self.outcome_hint.setStyleSheet(muted_text_style())

        self.follow_up_edit = TypedDateTimeEdit(_to_qdatetime(defaults.follow_up_at(now)))
        self.follow_up_edit.setCalendarPopup(True)
        self.follow_up_edit.setDisplayFormat(DATE_TIME_FORMAT)
        self.follow_up_edit.setAccessibleName(_("Follow up on"))
        self.recontact_edit = TypedDateEdit(_to_qdate(defaults.recontact_on(now.date())))
        self.recontact_edit.setCalendarPopup(True)
        self.recontact_edit.setDisplayFormat(DATE_FORMAT)
        self.recontact_edit.setAccessibleName(_("Contact again on"))
        self.stays_check = QCheckBox(_("Keep on the list to contact again"))
        self.stays_check.setChecked(True)
        self.stays_check.toggled.connect(self._update_outcome)

        self.outcome_box = QWidget()
        outcome_form = QFormLayout(self.outcome_box)
        outcome_form.setContentsMargins(0, 0, 0, 0)
        outcome_form.addRow(_("Outcome"), outcome_row)
        outcome_form.addRow("", self.outcome_hint)
        self.follow_up_label = QLabel(_("Follow up on"))
        outcome_form.addRow(self.follow_up_label, self.follow_up_edit)
        self.recontact_label = QLabel(_("Contact again on"))
        outcome_form.addRow("", self.stays_check)
        outcome_form.addRow(self.recontact_label, self.recontact_edit)

        self.error_label = error_line()

        form = QFormLayout()
        form.addRow(_("&Kind"), self.kind_box)
        form.addRow(_("&Notes"), self.text_edit)
        buttons = QDialogButtonBox()
        self.add_discard_button(buttons)
        self.log_button = buttons.addButton(
            _("Log conversation"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.kind_box.currentIndexChanged.connect(self._update_outcome)
        self.resize(560, 420)
        self._update_outcome()
        self.log_button.setDefault(True)  # once in this dialog: Enter logs

    def set_kind(self, kind: Kind) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind.value))

    def outcome(self) -> Outcome | None:
        if self.kind_box.currentData() != Kind.PRESENTATION.value:
            return None
        return next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)

    def _update_outcome(self, *_args) -> None:
        presentation = self.kind_box.currentData() == Kind.PRESENTATION.value
        self.outcome_box.setVisible(presentation)
        outcome = self.outcome()
        self.outcome_hint.setText(
            outcome_hint(outcome, has_open_deal=self._has_open_deal)
            if outcome
            else _("Choose how the presentation ended.")
        )
        not_ready = outcome == Outcome.NOT_READY
        no = outcome == Outcome.NO
        self.follow_up_label.setVisible(not_ready)
        self.follow_up_edit.setVisible(not_ready)
        self.stays_check.setVisible(no)
        again = no and self.stays_check.isChecked()
        self.recontact_label.setVisible(again)
        self.recontact_edit.setVisible(again)
        self.adjustSize()

    def submit(self) -> LogResult | None:
        """Log it through the service; a refusal is shown here and nothing is lost. With a
        `write` it is logged on the writer thread and None is returned: the dialog closes
        (with `result_value` set) when it is in."""
        work = self._request()
        if self._write_through is None:
            self.result_value = submit_or_explain(self, self.error_label, work, keep=self._keep)
            return self.result_value
        # The form waits too: what is typed after Log would be lost when the dialog closes.
        waiting = [self.log_button, self.kind_box, self.text_edit, self.outcome_box]
        submit_through(self, self.error_label, self._write_through, work, self._keep, waiting)
        return None

    def _request(self) -> Callable[[], LogResult]:
        """The write as the form asks it, every value read from the widgets here."""
        outcome = self.outcome()
        contact_id, kind, text = (
            self._contact_id,
            self.kind_box.currentData(),
            self.text_edit.toPlainText(),
        )
        stays, clock = self.stays_check.isChecked(), self._clock
        follow_up_at = self.follow_up_edit.moment() if outcome == Outcome.NOT_READY else None
        recontact_on = self.recontact_edit.day() if outcome == Outcome.NO else None
        self.request = LogRequest(
            contact_id,
            kind,
            text,
            outcome=outcome,
            stays_on_list=stays,
            follow_up_at=follow_up_at,
            recontact_on=recontact_on,
            clock=clock,
        )
        return self.request.run

    @property
    def wrote_through(self) -> bool:
        """Whether the runner wrote it (and published its Changes) rather than this dialog."""
        return self._write_through is not None

    def _keep(self, result: LogResult) -> None:
        self.result_value = result

    def undo_step(self, runner: OperationRunner) -> LogConversationCommand | None:
        """The logged conversation as one step of Edit › Undo; None before it is in."""
        if self.result_value is None or self.request is None:
            return None
        return LogConversationCommand(self.request, self.result_value, self._name, runner)


def _to_qdatetime(moment) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(_to_qdate(local.date()), _qtime(local), QTimeZone.systemTimeZone())


def _qtime(moment) -> QTime:
    return QTime(moment.hour, moment.minute)


def _to_qdate(day) -> QDate:
    return QDate(day.year, day.month, day.day)
