"""Open questions and concerns of a contact: add, answer with the answer's text, reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.questions import (
    QuestionView,
    answer_question,
    raise_question,
    reopen_question,
)
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.detail.list_box_layout import arrange_list_box, fill_list
from desktop_crm.ui.error_dialog import run_safely


def _question_text(q: QuestionView) -> str:
    if q.is_open:
        return _("Open: {question}").format(question=q.text)
    return _("{question}\nAnswer: {answer}").format(question=q.text, answer=q.answer)


class QuestionsBox(QWidget):
    def __init__(self, bus: ChangesBus, *, clock=None, parent=None):
        super().__init__(parent)
        self._bus = bus
        self._clock = clock
        self._contact_id: int | None = None
        self.list = QListWidget()
        self.list.setAccessibleName(_("Questions and concerns"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.new_edit = QLineEdit()
        self.new_edit.setAccessibleName(_("New question or concern"))
        self.new_edit.setPlaceholderText(_("A question or concern the contact raised…"))
        self.new_edit.returnPressed.connect(self.add)
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add)
        self.answer_button = QPushButton(_("Answer…"))
        self.answer_button.clicked.connect(self.answer_current)
        self.reopen_button = QPushButton(_("Reopen"))
        self.reopen_button.clicked.connect(self.reopen_current)
        arrange_list_box(
            self,
            self.list,
            (self.answer_button, self.reopen_button),
            entry_row=((self.new_edit, 1), (self.add_button, 0)),
        )
        self._update_buttons()

    def show_questions(self, contact_id: int | None, questions: list[QuestionView]) -> None:
        """Paint what the pane read (off the GUI thread) for `contact_id`."""
        self._contact_id = contact_id
        self.list.clear()
        if contact_id is not None:
            fill_list(
                self.list,
                ((_question_text(q), (q.id, q.is_open)) for q in questions),
                _(
                    "No questions or concerns yet. Note here what the contact asked or "
                    "worried about, and answer it later: open ones stay in view."
                ),
            )
        self._update_buttons()

    def open_count(self) -> int:
        return sum(
            1
            for i in range(self.list.count())
            if (self.list.item(i).data(Qt.ItemDataRole.UserRole) or (None, False))[1]
        )

    def _current(self) -> tuple[int, bool] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None  # None on the empty note

    def _update_buttons(self, *_args) -> None:
        current = self._current()
        self.answer_button.setEnabled(bool(current and current[1]))
        self.reopen_button.setEnabled(bool(current and not current[1]))
        self.add_button.setEnabled(self._contact_id is not None)

    def commit_pending(self) -> str | None:
        """A question typed but not yet added is added when the user moves on; returns
        the reason when it cannot be (the text stays)."""
        text = self.new_edit.text()
        if self._contact_id is None or not text.strip():
            return None
        try:
            changes = raise_question(self._contact_id, text, clock=self._clock)
        except UserError as exc:
            return exc.message
        self.new_edit.clear()
        self._bus.publish(changes)
        return None

    def add(self) -> None:
        if self._contact_id is None:
            return
        contact_id, text = self._contact_id, self.new_edit.text()
        changes = run_safely(self, lambda: raise_question(contact_id, text, clock=self._clock))
        if changes is not None:
            self.new_edit.clear()
            self._bus.publish(changes)

    def answer_current(self, answer: str | None = None) -> None:
        current = self._current()
        if not current or not current[1]:
            return
        if not answer:
            answer, ok = QInputDialog.getMultiLineText(self, _("Answer"), _("The answer:"))
            if not ok:
                return
        self._bus.publish(
            run_safely(self, lambda: answer_question(current[0], answer, clock=self._clock))
        )

    def reopen_current(self) -> None:
        current = self._current()
        if current and not current[1]:
            self._bus.publish(run_safely(self, lambda: reopen_question(current[0])))
