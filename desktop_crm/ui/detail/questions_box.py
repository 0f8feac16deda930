"""Open questions and concerns of a contact: add, answer with the answer's text, reopen; each
written on the writer thread, the list repainted from what the write read back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.services.questions import (
    QuestionView,
    answer_question,
    raise_question,
    reopen_question,
)
from desktop_crm.ui.detail.list_box_layout import arrange_list_box, fill_list
from desktop_crm.ui.detail.section_writes import SectionWrites

SECTION = "questions"


def _question_text(q: QuestionView) -> str:
    if q.is_open:
        return _("Open: {question}").format(question=q.text)
    return _("{question}\nAnswer: {answer}").format(question=q.text, answer=q.answer)


class QuestionsBox(QWidget):
    def __init__(self, writes: SectionWrites, *, clock=None, parent=None):
        super().__init__(parent)
        self._writes = writes
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
        writes.busy_changed.connect(self._update_buttons)
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
        # One write of this list at a time: a double click on Add sends it once.
        idle = not self._writes.is_busy(SECTION)
        current = self._current()
        self.answer_button.setEnabled(idle and bool(current and current[1]))
        self.reopen_button.setEnabled(idle and bool(current and not current[1]))
        self.add_button.setEnabled(idle and self._contact_id is not None)

    def commit_pending(self) -> str | None:
        """A question typed but not yet added is added when the user moves on (on the writer
        thread, in order with the rest). Never refuses here: a refusal comes back as a message."""
        if self._contact_id is not None and self.new_edit.text().strip():
            self._send(force=True)
        return None

    def add(self) -> None:
        self._send(force=False)

    def _send(self, *, force: bool) -> None:
        if self._contact_id is None or (not force and self._writes.is_busy(SECTION)):
            return
        contact_id, text, clock = self._contact_id, self.new_edit.text(), self._clock
        # The entry is free for the next question at once; a refused one comes back to it.
        self.new_edit.clear()
        self._write(
            contact_id,
            lambda: raise_question(contact_id, text, clock=clock),
            refused=lambda _m: self._give_back(contact_id, text),
            force=force,
        )

    def _give_back(self, contact_id: int, text: str) -> None:
        if self._contact_id == contact_id and not self.new_edit.text():
            self.new_edit.setText(text)

    def _write(self, contact_id: int, work, *, refused=None, force: bool = False) -> None:
        # What the user typed before moving on is always sent, even behind another write.
        self._writes.run(None if force else SECTION, contact_id, work, refused=refused)

    def answer_current(self, answer: str | None = None) -> None:
        current = self._current()
        if not current or not current[1] or self._contact_id is None:
            return
        if self._writes.is_busy(SECTION):
            return
        if not answer:
            answer, ok = QInputDialog.getMultiLineText(self, _("Answer"), _("The answer:"))
            if not ok:
                return
        text, clock, question = answer, self._clock, current[0]
        self._writes.run(
            SECTION,
            self._contact_id,
            lambda: answer_question(question, text, clock=clock),
            undo=(_("Answer a question"), lambda: reopen_question(question)),
        )

    def reopen_current(self) -> None:
        current = self._current()
        if current and not current[1] and self._contact_id is not None:
            self._write(self._contact_id, lambda: reopen_question(current[0]))
