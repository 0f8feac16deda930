"""The qualification checklist: the last tick promotes; "not met" offers to disqualify. Each
answer is written on the writer thread; the checklist is repainted from what it read back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.qualification import Answer
from desktop_crm.domain.stages import Stage
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.qualification import (
    CriterionView,
    QualificationResult,
    answer_criterion,
    disqualify_contact,
)
from desktop_crm.ui.detail.section_writes import SectionWrites
from desktop_crm.ui.style import error_text_style, muted_text_style, success_text_style

AskReason = Callable[[QWidget, str], "str | None"]


def ask_disqualify_reason(parent: QWidget, criterion: str) -> str | None:
    """Ask whether to disqualify, with the reason; None when the user keeps the contact."""
    text, ok = QInputDialog.getText(
        parent,
        _("Disqualify?"),
        _(
            "Not met: {criterion}.\nTo mark the contact disqualified, say why "
            "(or cancel to keep them as they are):"
        ).format(criterion=criterion),
    )
    return text if ok and text.strip() else None


class QualificationBox(QWidget):
    def __init__(
        self,
        writes: SectionWrites,
        *,
        clock=None,
        ask_reason: AskReason = ask_disqualify_reason,
        parent=None,
    ):
        super().__init__(parent)
        self._writes = writes
        self._criteria: list[CriterionView] = []  # as last painted: a refusal goes back to it
        self._clock = clock
        self._ask_reason = ask_reason
        self._contact_id: int | None = None
        self.checks: dict[int, QCheckBox] = {}
        self._shape: list[tuple[int, str]] = []  # the criteria the widgets are for
        self.not_met_buttons: dict[int, QPushButton] = {}
        self._grid = QGridLayout()
        self._grid.setColumnStretch(0, 1)
        self.intro = QLabel(
            _(
                "A lead who meets every criterion becomes a prospect. "
                "Interest in buying is not a criterion."
            )
        )
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(muted_text_style())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self._grid)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_criteria(self, contact_id: int | None, criteria: list[CriterionView]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`; the same criteria
        keep their widgets (and the keyboard focus), only their states change."""
        if contact_id != self._contact_id:
            self.show_message("")
        self._contact_id = contact_id
        self._criteria = list(criteria) if contact_id is not None else []
        shape = [(c.id, c.name) for c in criteria] if contact_id is not None else []
        if shape != self._shape:
            self._rebuild(criteria if contact_id is not None else [])
            self._shape = shape
        for criterion in criteria if contact_id is not None else []:
            check = self.checks[criterion.id]
            not_met = self.not_met_buttons[criterion.id]
            with QSignalBlocker(check), QSignalBlocker(not_met):
                check.setChecked(criterion.answer == Answer.MET.value)
                not_met.setChecked(criterion.answer == Answer.NOT_MET.value)
            check.setStyleSheet(
                error_text_style() if criterion.answer == Answer.NOT_MET.value else ""
            )

    def _rebuild(self, criteria: list[CriterionView]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.deleteLater()
        self.checks.clear()
        self.not_met_buttons.clear()
        for row, criterion in enumerate(criteria):
            check = QCheckBox(criterion.name)
            check.toggled.connect(
                lambda on, cid=criterion.id: self.answer(cid, Answer.MET if on else Answer.UNKNOWN)
            )
            not_met = QPushButton(_("Not met"))
            not_met.setCheckable(True)
            not_met.clicked.connect(
                lambda on, c=criterion: (
                    self.mark_not_met(c.id, c.name) if on else self.answer(c.id, Answer.UNKNOWN)
                )
            )
            self._grid.addWidget(check, row, 0)
            self._grid.addWidget(not_met, row, 1)
            self.checks[criterion.id] = check
            self.not_met_buttons[criterion.id] = not_met

    def show_message(self, text: str, *, good: bool = True) -> None:
        self.message.setStyleSheet(success_text_style() if good else error_text_style())
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def answer(self, criterion_id: int, answer: Answer, *, reason: str | None = None) -> bool:
        """Write one answer (and, with a `reason`, the disqualification) in order with every
        other write; each tick is sent, none lost or merged. False when nothing was sent."""
        contact_id, clock = self._contact_id, self._clock
        if contact_id is None:
            return False

        not_disqualified: list[str] = []  # why, when the answer stands but that did not

        def work() -> QualificationResult:
            result = answer_criterion(contact_id, criterion_id, answer, clock=clock)
            if not reason:
                return result
            try:
                disqualified = disqualify_contact(contact_id, reason, clock=clock)
            except UserError as exc:  # a customer cannot be disqualified: the answer stays
                not_disqualified.append(exc.message)
                return result
            return QualificationResult(
                result.changes.merge(disqualified.changes),
                disqualified=True,
                stage=disqualified.stage,
            )

        return self._writes.run(
            None,
            contact_id,
            work,
            also=("criteria",),
            done=lambda result: self._answered(result, reason, not_disqualified),
            refused=lambda message: self._refused(contact_id, message),
        )

    def _answered(
        self, result: QualificationResult, reason: str | None, refusals: list[str]
    ) -> None:
        if refusals:
            self.show_message(refusals[0], good=False)
        elif result.disqualified and reason:
            self.show_message(_("Marked disqualified: {reason}").format(reason=reason.strip()))
        elif result.promoted:
            self.show_message(
                _("Every criterion is met: this lead is now a {stage}.").format(
                    stage=Stage(result.stage).label
                )
            )
        else:
            self.show_message("")

    def _refused(self, contact_id: int, message: str) -> None:
        if contact_id == self._contact_id:
            self.show_message(message, good=False)
            self.show_criteria(contact_id, self._criteria)  # the ticks as stored

    def mark_not_met(self, criterion_id: int, name: str) -> None:
        """Ask first (no database), then write the answer and the disqualification together."""
        if self._contact_id is None:
            return
        reason = self._ask_reason(self, name)
        self.answer(criterion_id, Answer.NOT_MET, reason=reason or None)
