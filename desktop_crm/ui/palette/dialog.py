"""Ctrl+K: type to find an action of the window or a contact; Enter runs or opens it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import _
from desktop_crm.ui.palette.contact_search import ContactSearch
from desktop_crm.ui.palette.entries import PaletteEntry, matching
from desktop_crm.ui.style import muted_text_style

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 120  # a pause in typing, not a query per key


class CommandPalette(QDialog):
    """Actions appear at once; contacts follow from a worker. `chosen` is what Enter picked;
    the window runs it after the palette closed."""

    def __init__(
        self,
        actions: list[PaletteEntry],
        open_contact: Callable[[int], object],
        *,
        region: str = DEFAULT_REGION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Command palette"))
        self._actions = actions
        self._open_contact = open_contact
        self._contacts: list[PaletteEntry] = []
        self.chosen: PaletteEntry | None = None

        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(_("Type an action or a contact…"))
        self.query_edit.setAccessibleName(_("Find an action or a contact"))
        self.results = QListWidget()
        self.results.setAccessibleName(_("Actions and contacts"))
        self.results.setUniformItemSizes(True)
        self.hint = QLabel(_("↑↓ to choose · Enter to run or open · Esc to close"))
        self.hint.setStyleSheet(muted_text_style())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)

        self.contact_search = ContactSearch(region, self)
        self.contact_search.found.connect(self._show_contacts)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.contact_search.search(self.query_edit.text()))
        self.query_edit.textChanged.connect(self._on_text)
        self.query_edit.installEventFilter(self)
        self.results.itemActivated.connect(self._choose_item)
        self.resize(560, 420)
        self._refill()

    # --- results -------------------------------------------------------------------------

    def _on_text(self, _text: str) -> None:
        self._contacts = []  # the old text's contacts no longer match
        self._refill()
        self._timer.start()

    def _show_contacts(self, found: list) -> None:
        self._contacts = [
            PaletteEntry(
                name or _("(no name)"),
                company or _("Contact"),
                partial(self._open_contact, cid),
                kind="contact",
            )
            for cid, name, company in found
        ]
        self._refill()

    def _refill(self) -> None:
        current = self.results.currentRow()
        self.results.clear()
        for entry in [*matching(self._actions, self.query_edit.text()), *self._contacts]:
            item = QListWidgetItem(f"{entry.title}    —    {entry.detail}")
            item.setData(ENTRY_ROLE, entry)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(min(max(current, 0), self.results.count() - 1))

    def entries(self) -> list[PaletteEntry]:
        """What is listed now, top to bottom."""
        return [self.results.item(i).data(ENTRY_ROLE) for i in range(self.results.count())]

    def pending(self) -> bool:
        """A contact search is waiting or running (tests wait for it)."""
        return self._timer.isActive() or self.contact_search.pool.activeThreadCount() > 0

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query_edit and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress:
                key = event.key()
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                    step = 1 if key == Qt.Key.Key_Down else -1
                    row = self.results.currentRow() + step
                    if 0 <= row < self.results.count():
                        self.results.setCurrentRow(row)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._choose_item(self.results.currentItem())
                    return True
        return super().eventFilter(watched, event)

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen = item.data(ENTRY_ROLE)
        self.accept()

    def done(self, result: int) -> None:
        self._timer.stop()
        self.contact_search.pool.waitForDone()  # no worker outlives the palette
        super().done(result)


def run_palette(palette: CommandPalette) -> PaletteEntry | None:
    """Show it; run what was chosen once it has closed (a dialog an action opens must
    not sit on top of the palette)."""
    palette.query_edit.setFocus()
    if palette.exec() != QDialog.DialogCode.Accepted or palette.chosen is None:
        return None
    palette.chosen.run()
    return palette.chosen
