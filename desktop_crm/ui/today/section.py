"""One block of the Today view: a title with a count, clickable rows, and "and N more"."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.ui.boards.painted import Pill, paint_panel, set_role
from desktop_crm.ui.boards.theme import colours

# Rows a section shows before "Show more": a few dozen widgets lay out in a frame.
PAGE = 20
# Rows "Show more" makes per turn of the event loop: a page of twenty in one turn held the
# GUI thread 35-50 ms at 100,000 contacts on a quiet machine (140-200 ms on a busy one).
MORE_BATCH = 4


class ItemRow(QFrame):
    """A row that opens its contact when clicked; buttons on the right do the quick actions."""

    activated = Signal(int)  # contact id

    def __init__(self, contact_id: int, primary: str, secondary: str = "", meta: str = ""):
        super().__init__()
        self.contact_id = contact_id
        self.setObjectName("todayRow")  # not user-visible
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Qt repaints the row as the mouse enters and leaves it (paintEvent lights it up):
        # an event() override ran Python for every Qt event of every row.
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 9, 12, 8)  # 1 px for the line above
        row.setSpacing(10)
        texts = QVBoxLayout()
        texts.setSpacing(1)
        self.primary_label = self._label(primary, "rowPrimary")  # not user-visible
        texts.addWidget(self.primary_label)
        self.secondary_label = self._label(secondary, "rowSecondary")  # not user-visible
        self.secondary_label.setVisible(bool(secondary))
        texts.addWidget(self.secondary_label)
        row.addLayout(texts, 1)
        self.meta_label = self._label(meta, "rowMeta")  # not user-visible
        self.meta_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.meta_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.meta_label.setVisible(bool(meta))
        row.addWidget(self.meta_label)
        self._actions = row

    @staticmethod
    def _label(text: str, role: str) -> QLabel:
        label = QLabel(text)
        set_role(label, role)
        # One line, clipped, the whole text in the tooltip: a word-wrapped label asks its
        # siblings to lay out again for every row (Today took 136 s at 100,000 contacts).
        label.setWordWrap(False)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setToolTip(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are data, never markup
        return label

    def add_action(self, widget: QWidget) -> None:
        self._actions.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A line above the row; the row under the mouse lit up."""
        c = colours()
        painter = QPainter(self)
        if self.underMouse():
            painter.fillRect(self.rect(), QColor(c["drop"]))
        painter.fillRect(0, 0, self.width(), 1, QColor(c["column_border"]))
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit(self.contact_id)


class TodaySection(QFrame):
    """A capped list of rows: the first page shows, "Show more" adds a page, the rest is counted.

    Rows are reused across refreshes when their item did not change, so a refresh after one
    "Done" deletes one row instead of rebuilding them all."""

    open_contact = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None, *, page: int = PAGE):
        super().__init__(parent)
        self.setObjectName("todaySection")  # not user-visible
        self._page = page
        self._shown = page
        self._items: list[Hashable] = []
        self._make_row: Callable[[Any], ItemRow] | None = None
        self._by_key: dict[Hashable, ItemRow] = {}
        self._total = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 7)  # inside the 1 px border
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(14, 12, 14, 8)
        header.setSpacing(8)
        self.title_label = QLabel(title)
        set_role(self.title_label, "sectionTitle")
        self.count_label = Pill("sectionCount", "count", radius=9, padding=8)
        header.addWidget(self.title_label)
        header.addWidget(self.count_label)
        header.addStretch(1)
        layout.addLayout(header)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(0)
        layout.addLayout(self._rows_layout)
        self._footer = QWidget()  # hidden with nothing more to show: no empty margin
        footer = QHBoxLayout(self._footer)
        footer.setContentsMargins(14, 6, 14, 4)
        self.more_button = QPushButton(_("Show more"))
        self.more_button.setAccessibleName(_("Show more of {title}").format(title=title))
        self.more_button.clicked.connect(self.show_more)
        self.more_label = QLabel()
        set_role(self.more_label, "sectionMore")
        footer.addWidget(self.more_button)
        footer.addWidget(self.more_label)
        footer.addStretch(1)
        layout.addWidget(self._footer)
        self.rows: list[ItemRow] = []
        self.is_building = False  # "Show more" is still adding rows, a few per turn
        self.hide()  # until set_items has items: no empty panel with a "Show more" meanwhile

    def paintEvent(self, event: QPaintEvent) -> None:
        paint_panel(self, "card", "card_border", 8)

    def set_items(
        self,
        items: Sequence[Hashable],
        total: int,
        make_row: Callable[[Any], ItemRow],
        *,
        batch: int | None = None,
    ) -> None:
        """Show `items` (the first ones of `total`); `make_row(item)` builds a new item's row.
        With `batch`, at most that many new rows now: the caller asks `add_rows` for the rest
        (Today's first build, paced across its sections)."""
        self._items = list(items)
        self._total = total
        self._make_row = make_row
        self._lay_out(batch, go_on=False)

    @property
    def rows_missing(self) -> bool:
        return len(self.rows) < len(self._items[: self._shown])

    def add_rows(self, batch: int) -> None:
        """The next `batch` rows that `set_items` left for later."""
        self._lay_out(batch, go_on=False)

    def show_more(self) -> None:
        self._shown += self._page
        self._lay_out(MORE_BATCH)

    def _add_more(self) -> None:
        """The next few rows of a "Show more" (a refresh meanwhile may have made them)."""
        self.is_building = False
        if self.rows_missing:
            self._lay_out(MORE_BATCH)

    def _lay_out(self, batch: int | None = None, *, go_on: bool = True) -> None:
        """Rows for the shown items; with `batch`, at most that many new ones this turn when
        only new rows are missing at the end (a "Show more"), the rest on the next turns
        (`go_on`: this section's own, else the caller's)."""
        shown = self._items[: self._shown]
        old = self._by_key
        self._by_key = {}
        rows = []
        made = 0
        for index, item in enumerate(shown):
            row = old.pop(item, None)
            if row is None and self._make_row is not None:
                if batch is not None and made == batch and not old.keys() & set(shown[index:]):
                    if go_on and not self.is_building:  # one continuation, however many clicks
                        self.is_building = True
                        QTimer.singleShot(0, self, self._add_more)
                    break
                row = self._make_row(item)
                row.activated.connect(self.open_contact)
                made += 1
            if row is not None:
                self._by_key[item] = row
                rows.append(row)
        for gone in old.values():
            gone.hide()
            gone.deleteLater()
        if rows[: len(self.rows)] == self.rows:  # rows added at the end: the others stay put
            for row in rows[len(self.rows) :]:
                self._rows_layout.addWidget(row)
        elif rows != self.rows:
            while self._rows_layout.count():
                self._rows_layout.takeAt(0)
            for row in rows:
                self._rows_layout.addWidget(row)
        self.rows = rows
        self.count_label.setText(format_number(self._total))
        more = len(self._items) > self._shown  # not the rows still being made
        self.more_button.setVisible(more)
        hidden = self._total - len(self._items)
        self.more_label.setVisible(hidden > 0)
        self._footer.setVisible(more or hidden > 0)
        if hidden > 0:
            self.more_label.setText(
                ngettext("and {count} more", "and {count} more", hidden).format(
                    count=format_number(hidden)
                )
            )
        self.setVisible(self._total > 0)
