"""The list editor the Settings tabs share: a list, Add/Rename/(Move up/down)/Remove beside it,
an error line below; each button runs a service at once (on the writer thread when the
editor has the window's runner) and the list is read again (then on a worker)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes
from desktop_crm.ui.operations import OperationRunner
from desktop_crm.ui.style import error_text_style, muted_text_style
from desktop_crm.ui.text_dialog import ask_text

AskText = Callable[[str, str], str | None]  # (label, current text) -> new text, None: discarded


@dataclass(frozen=True)
class Action:
    """A side button's accessible name (in the words of the thing listed) and what it does."""

    name: str
    run: Callable[[], None]


class ListEditor(QWidget):
    """`changed(Changes)` after every action a service accepted."""

    changed = Signal(object)

    def __init__(
        self,
        *,
        list_name: str,
        dialog_title: str,
        add: Action,
        rename: Action,
        remove: Action,
        up: Action | None = None,  # None: the list has no order of its own (no Move buttons)
        down: Action | None = None,
        changes: Changes,
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._dialog_title = dialog_title
        self._changes = changes
        self.runner: OperationRunner | None = None  # set by the Settings dialog
        self.sending = False  # a write on its way to the writer thread
        # Edits of a value beside the list (a probability, the idle days) made while a
        # write is on its way: sent, in order, once it settles, never dropped.
        self._queued: list[tuple[Callable[[], Hashable], Callable[[Hashable], None]]] = []
        # How the list is read (a service call; on a worker with a runner) and shown.
        self._read: Callable[[], Any] = list
        self._show: Callable[[Any, Hashable], None] = lambda _data, _select: None
        self.list = QListWidget()
        self.list.setAccessibleName(list_name)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_text_style())
        self.error_label.setVisible(False)
        self.add_button = QPushButton(_("&Add…"))
        self.rename_button = QPushButton(_("Re&name…"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move do&wn"))
        self.remove_button = QPushButton(_("Re&move"))
        side = QVBoxLayout()
        for button, action in (
            (self.add_button, add),
            (self.rename_button, rename),
            (self.up_button, up),
            (self.down_button, down),
            (self.remove_button, remove),
        ):
            if action is None:
                button.hide()
                continue
            button.setAccessibleName(action.name)
            button.setAutoDefault(False)
            button.clicked.connect(action.run)
            side.addWidget(button)
        self.list.currentRowChanged.connect(lambda _row: self.update_buttons())
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setStyleSheet(muted_text_style())
            self._layout.addWidget(label)
        self._layout.addLayout(row, 1)
        self._error_at = self._layout.count()
        self._layout.addWidget(self.error_label)

    def add_below(self, layout: QLayout | QWidget) -> None:
        """More controls between the list and the error line (the pipeline's spin boxes)."""
        if isinstance(layout, QWidget):
            self._layout.insertWidget(self._error_at, layout)
        else:
            self._layout.insertLayout(self._error_at, layout)
        self._error_at += 1

    # --- the list -------------------------------------------------------------------------

    def read_with(self, read: Callable[[], Any], show: Callable[[Any, Hashable], None]) -> None:
        """`read()` returns what the list shows (run on a worker when there is a runner);
        `show(data, select)` puts it on screen."""
        self._read, self._show = read, show

    def refresh(self, select: Hashable = None) -> None:
        """Read the list again and show it with `select` current; with a runner on a
        worker, after every write asked before (a refusal goes on the error line)."""
        if self.runner is None:
            self._show(self._read(), select)
            return
        self.runner.query(
            self._read,
            lambda data: self._show(data, select),
            key=f"settings-list-{id(self)}",
            parent=self,
            on_failure=self._read_refused,
            explains=True,
        )

    def _read_refused(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def set_items(self, items: Sequence[tuple[Hashable, str]], select: Hashable = None) -> None:
        """Show (key, text) rows; the row whose key is `select` becomes the current one."""
        self.list.blockSignals(True)
        self.list.clear()
        for key, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
            if select is not None and key == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.update_buttons()

    def update_buttons(self) -> None:
        """Rename and Remove need a row; Move up and down a row with room to move."""
        row, count = self.list.currentRow(), self.list.count()
        free = not self.sending  # while a write is on its way, a second click sends nothing
        self.add_button.setEnabled(free)
        self.rename_button.setEnabled(free and row >= 0)
        self.remove_button.setEnabled(free and row >= 0)
        self.up_button.setEnabled(free and row > 0)
        self.down_button.setEnabled(free and 0 <= row < count - 1)

    def current_key(self) -> Hashable:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def keys(self) -> list[Hashable]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    # --- actions -------------------------------------------------------------------------

    def ask(self, label: str, current: str) -> str | None:
        return ask_text(self, self._dialog_title, label, current)

    def run(
        self,
        action: Callable[[], Hashable],
        reload: Callable[[Hashable], None],
        *,
        queue: bool = False,
    ) -> bool:
        """Run a service; a refusal goes on the error line and nothing else changes.
        `action` returns the key to select afterwards (None: keep the current one). With a
        runner it is one transaction on the writer thread: True means it was sent (or, with
        `queue`, that it will be sent once the write on its way settles)."""
        if self.sending:
            if queue:
                self._queued.append((action, reload))
            return queue
        if self.runner is None:
            try:
                selected = action()
            except UserError as exc:
                self._refused(exc.message)
                return False
            self._done(selected, reload)
            return True
        self.sending = True
        self.update_buttons()
        self.runner.mutate(
            action,
            lambda selected: self._done(selected, reload),
            parent=self,
            on_failure=self._refused,
            explains=True,
        )
        return True

    def _done(self, selected: Hashable, reload: Callable[[Hashable], None]) -> None:
        self.sending = False
        self.error_label.setVisible(False)
        reload(selected if selected is not None else self.current_key())
        self.update_buttons()
        self.changed.emit(self._changes)
        self._send_queued()

    def _refused(self, message: str) -> None:
        self.sending = False
        self.update_buttons()
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self._send_queued()

    def _send_queued(self) -> None:
        if self._queued and not self.sending:
            action, reload = self._queued.pop(0)
            self.run(action, reload)


def then(action: Callable[..., object], *args: object, result: Hashable) -> Hashable:
    """Run a service that returns nothing useful, then say which row to select."""
    action(*args)
    return result
