"""A contact's deals: add one, or edit title, value, expected close and probability."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import UserError, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.services.deals import DealView, add_deal, update_deal
from desktop_crm.ui.contact_list.display import parse_money, show_date, show_money
from desktop_crm.ui.date_fields import TypedDateEdit
from desktop_crm.ui.detail.dialog_submit import error_line, submit_or_explain, submit_through
from desktop_crm.ui.detail.list_box_layout import arrange_list_box, fill_list
from desktop_crm.ui.detail.section_writes import SectionWrites, WriteThrough
from desktop_crm.ui.form_dialog import FormDialog
from desktop_crm.ui.style import DATE_FORMAT


class DealDialog(FormDialog):
    """Add (deal None) or edit a deal; a refused value is shown in the dialog, edits stay."""

    def __init__(
        self,
        contact_id: int,
        deal: DealView | None = None,
        *,
        clock=None,
        write: WriteThrough | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._write_through = write  # the pane's writer thread; None: written right here
        self.setWindowTitle(_("Edit deal") if deal else _("New deal"))
        self._contact_id = contact_id
        self._deal = deal
        self._clock = clock
        self.saved: Changes | None = None
        self.title_edit = QLineEdit(deal.title if deal else "")
        self.currency_edit = QLineEdit(deal.currency if deal else "EUR")
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setAccessibleName(_("Currency"))
        self.title_edit.setAccessibleName(_("Title"))
        self.currency_edit.setMaximumWidth(60)
        self.value_edit = QLineEdit(show_money(deal.value_minor, deal.currency) if deal else "")
        self.value_edit.setPlaceholderText(_("e.g. 1250"))
        self.value_edit.setAccessibleName(_("Value"))
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.currency_edit)
        self.has_close_check = QCheckBox(_("Expected to &close on"))
        self.close_edit = TypedDateEdit()
        self.close_edit.setCalendarPopup(True)
        self.close_edit.setDisplayFormat(DATE_FORMAT)
        self.close_edit.setAccessibleName(_("Expected to close on"))
        if deal and deal.expected_close:
            c = deal.expected_close
            self.close_edit.setDate(QDate(c.year, c.month, c.day))
            self.has_close_check.setChecked(True)
        else:
            self.close_edit.setDate(QDate.currentDate().addMonths(1))
        self.close_edit.setEnabled(self.has_close_check.isChecked())
        self.has_close_check.toggled.connect(self.close_edit.setEnabled)
        self.probability_spin = QSpinBox()
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSuffix(" %")
        self.probability_spin.setAccessibleName(_("Probability"))
        self.probability_spin.setValue(deal.probability if deal else 20)
        self.error_label = error_line()
        form = QFormLayout()
        form.addRow(_("&Title"), self.title_edit)
        value_label = QLabel(_("&Value"))
        value_label.setBuddy(self.value_edit)  # a row of two fields gets no buddy by itself
        form.addRow(value_label, value_row)
        form.addRow(self.has_close_check, self.close_edit)
        form.addRow(_("&Probability"), self.probability_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.add_discard_button(buttons)
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())
        self._save = save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)  # once in this dialog: Enter saves the deal

    def submit(self) -> Changes | None:
        """Add or change the deal; a refusal is shown here and nothing typed is lost. With a
        `write` (the pane's) the deal is written on the writer thread and None is returned:
        the dialog closes when it is in."""
        if self._write_through is None:
            self.saved = submit_or_explain(
                self,
                self.error_label,
                lambda: self._request()(),
                keep=lambda r: setattr(self, "saved", r),
            )
            return self.saved
        try:
            work = self._request()
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return None
        submit_through(
            self,
            self.error_label,
            self._write_through,
            work,
            keep=lambda r: setattr(self, "saved", r),
            waiting=[self._save],
        )
        return None

    def _request(self) -> Callable[[], Changes]:
        """The write as the form asks it, read from the widgets here (on the GUI thread);
        raises ValidationError for an amount that is none."""
        currency = self.currency_edit.text().strip().upper() or "EUR"
        text = self.value_edit.text().strip()
        try:
            value = parse_money(text, currency) if text else 0
        except ValueError:
            raise ValidationError(
                _("“{value}” is not an amount.").format(value=text), field="value"
            ) from None
        close = self.close_edit.day() if self.has_close_check.isChecked() else None
        title, probability, clock = (
            self.title_edit.text(),
            self.probability_spin.value(),
            self._clock,
        )
        if self._deal is None:
            contact_id = self._contact_id
            return lambda: add_deal(
                contact_id,
                title,
                value,
                currency=currency,
                expected_close=close,
                probability=probability,
                clock=clock,
            )
        deal_id = self._deal.id
        return lambda: update_deal(
            deal_id,
            title=title,
            value_minor=value,
            currency=currency,
            expected_close=close,
            probability=probability,
            clock=clock,
        )


def _deal_text(deal: DealView) -> str:
    status = {"won": _("won"), "lost": _("lost")}.get(deal.status, _("open"))
    text = _("{title} · {value} · {status}").format(
        title=deal.title, value=show_money(deal.value_minor, deal.currency), status=status
    )
    if deal.expected_close:
        text += " · " + _("closes {date}").format(date=show_date(deal.expected_close))
    return text


class DealsBox(QWidget):
    def __init__(self, writes: SectionWrites, *, clock=None, parent=None):
        super().__init__(parent)
        self._writes = writes
        self.dialog: DealDialog | None = None  # the one open (tests)
        self._clock = clock
        self._contact_id: int | None = None
        self._deals: dict[int, DealView] = {}
        self.list = QListWidget()
        self.list.setAccessibleName(_("Deals"))
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_current())
        self.list.currentItemChanged.connect(self._update_buttons)
        self.add_button = QPushButton(_("Add deal…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit_current)
        arrange_list_box(self, self.list, (self.add_button, self.edit_button))
        writes.busy_changed.connect(self._update_buttons)
        self._update_buttons()

    def show_deals(self, contact_id: int | None, deals: list[DealView]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`."""
        self._contact_id = contact_id
        self.list.clear()
        self._deals = {deal.id: deal for deal in deals}
        if contact_id is not None:
            fill_list(
                self.list,
                ((_deal_text(deal), deal.id) for deal in deals),
                _(
                    "No deals yet. A deal is a sale you expect to make, with its value: "
                    "add one to follow it on the Deals board. When the contact says yes "
                    "to a presentation, the open deal is marked won."
                ),
            )
        self._update_buttons()

    def has_open_deal(self) -> bool:
        return any(deal.status == "open" for deal in self._deals.values())

    def _update_buttons(self, *_args) -> None:
        idle = not self._writes.is_busy("deals")
        self.add_button.setEnabled(self._contact_id is not None and idle)
        item = self.list.currentItem()
        self.edit_button.setEnabled(
            idle and item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def _open(self, deal: DealView | None) -> None:
        if self._contact_id is None or self._writes.is_busy("deals"):
            return
        dialog = DealDialog(
            self._contact_id,
            deal,
            clock=self._clock,
            write=self._writes.through("deals", self._contact_id),
            parent=self,
        )
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)  # the runner published what it saved
        dialog.open()

    def add(self) -> None:
        self._open(None)

    def edit_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open(self._deals.get(item.data(Qt.ItemDataRole.UserRole)))
