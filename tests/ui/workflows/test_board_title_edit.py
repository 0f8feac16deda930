"""A stage title being renamed on a board is saved when the user moves on, like every form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop_crm.ui.boards.editable_title import EditableTitle


def test_leaving_a_title_being_edited_saves_it(qtbot):
    holder = QWidget()
    layout = QVBoxLayout(holder)
    title = EditableTitle("Proposal")
    other = QLineEdit()
    layout.addWidget(title)
    layout.addWidget(other)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    saved: list[str] = []
    title.edited.connect(saved.append)
    title.start_editing()
    qtbot.waitUntil(title.editor.hasFocus)
    qtbot.keyClicks(title.editor, "Offer sent")
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert saved == ["Offer sent"]
    assert not title.is_editing()


def test_escape_discards_the_title_edit(qtbot):
    title = EditableTitle("Proposal")
    qtbot.addWidget(title)
    title.show()
    saved: list[str] = []
    title.edited.connect(saved.append)
    title.start_editing()
    qtbot.keyClicks(title.editor, "Offer")
    qtbot.keyClick(title.editor, Qt.Key.Key_Escape)
    assert saved == [] and title.text() == "Proposal"
