"""The sales-process board: contacts as cards in lifecycle-stage columns, moved by drag and drop."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QMenu, QWidget

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import FUNNEL, SIDE_TRACKS, Stage
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.changes import Changes
from desktop_crm.services.contact_queries import (
    ContactQuery,
    count_contacts,
    query_contact_ids,
    summaries,
)
from desktop_crm.services.deals import deals_of
from desktop_crm.services.records import ContactSummary
from desktop_crm.services.sales_defaults import SalesDefaults, load_sales_defaults
from desktop_crm.ui.boards import dialogs
from desktop_crm.ui.boards.board import Board
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.card_menu import MenuItem, card_menu
from desktop_crm.ui.boards.column import BoardColumn
from desktop_crm.ui.boards.contact_moves import move_contacts_command
from desktop_crm.ui.boards.mime import CONTACT_IDS
from desktop_crm.ui.boards.sales_moves import plan_moves
from desktop_crm.ui.boards.side_area import SideArea
from desktop_crm.ui.detail.dialog_submit import write_with
from desktop_crm.ui.detail.log_dialog import LogConversationDialog
from desktop_crm.ui.operations import OperationRunner

# A column of 100,000 cards helps nobody; the count tells the rest. About two screens of
# cards: a card costs 2-7 ms to make, and a board of 50 a column took seconds at 100k.
CARDS_PER_COLUMN = 20


def contact_card(contact: ContactSummary) -> BoardCard:
    card = BoardCard(contact.id, CONTACT_IDS)
    card.add_title(contact.full_name or _("(no name)"))
    if contact.company:
        card.add_text(contact.company)
    card.tip = _("Click to open, drag to change the stage")
    return card


def _empty_text(stage: Stage) -> str:
    if stage == Stage.LEAD:
        return _("No leads yet. Add a contact or import a list.")
    return _("Drag a card here")


_Column = tuple[int, list[ContactSummary]]  # a column's count and the cards it shows


def _read_column(stage: Stage, limit: int, clock: Clock) -> _Column:
    """A column's count (an aggregate) and its first `limit` contacts (an index walk)."""
    query = ContactQuery(stage=stage.value)
    ids = query_contact_ids(query, clock=clock, limit=limit)
    rows = summaries(ids)
    return count_contacts(query, clock=clock), [rows[i] for i in ids if i in rows]


class SalesBoard(Board):
    def __init__(
        self,
        clock: Clock,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        per_column: int = CARDS_PER_COLUMN,
        undo_stack: QUndoStack | None = None,
    ):
        super().__init__(clock, runner, parent, per_column=per_column, undo_stack=undo_stack)
        self._names: dict[Stage, dict[int, str]] = {}  # per column, its cards' contact names
        self.log_dialog: LogConversationDialog | None = None  # the last one opened (tests)
        self.columns: dict[Stage, BoardColumn] = {}
        for stage in (*FUNNEL, *SIDE_TRACKS):
            column = BoardColumn(stage, CONTACT_IDS, stage.label)
            column.set_empty_text(_empty_text(stage))
            column.ids_dropped.connect(self._on_drop)
            column.card_activated.connect(self.open_contact_requested)
            column.card_menu_requested.connect(self.show_card_menu)
            self.watch_building(column)
            self.columns[stage] = column
        for stage in SIDE_TRACKS:
            self.columns[stage].setMinimumWidth(0)

        layout = self.board_layout
        layout.addWidget(
            self.hint(_("Drag a contact to another column to move it along the sales process."))
        )
        row = QHBoxLayout()
        row.setSpacing(10)
        for stage in FUNNEL:
            row.addWidget(self.columns[stage], 1)
        self.side_area = SideArea(
            _("Set aside"), [self.columns[s] for s in SIDE_TRACKS], CONTACT_IDS
        )
        row.addWidget(self.side_area)
        layout.addLayout(row, 1)
        self.refresh()

    # --- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read each column's count and first cards off the GUI thread, then show them."""
        clock, limits = self._clock, {stage: self.shows(stage) for stage in self.columns}
        asked = self.ask_board()

        def read() -> dict[Stage, _Column]:
            return {stage: _read_column(stage, limit, clock) for stage, limit in limits.items()}

        self._runner.query(
            read, lambda found: self._show(found, asked), key=f"sales-{id(self)}", parent=self
        )

    def read_column(self, key: Hashable, limit: int, asked: int) -> None:
        """One column's count and first `limit` cards: its "Show more"."""
        stage, clock = key, self._clock
        assert isinstance(stage, Stage)  # the sales board's columns are keyed by stage
        self._runner.query(
            lambda: {stage: _read_column(stage, limit, clock)},
            lambda found: self._show(found, asked),
            key=f"sales-{id(self)}-{stage.value}",
            parent=self,
        )

    def _show(self, found: dict[Stage, _Column], asked: int) -> None:
        for stage, (count, shown) in found.items():
            if not self.column_is_current(stage, asked):
                continue  # a newer read of this column has shown (or will show) it
            column = self.columns[stage]
            column.set_count(count)
            column.set_items(shown, contact_card, hidden=max(0, count - len(shown)))
            self._names[stage] = {c.id: c.full_name for c in shown}
        self.side_area.update_summary()
        self.loaded.emit()

    def shown_ids(self) -> set[int]:
        return {i for column in self.columns.values() for i in column.card_ids()}

    def apply_changes(self, changes: Changes) -> None:
        if (
            changes.everything
            or changes.stages
            or changes.contacts_added_or_removed
            or changes.contact_ids & self.shown_ids()
        ):
            self.refresh()

    # --- the card menu -------------------------------------------------------------------------

    def show_card_menu(self, stage: Hashable, contact_id: int, at: QPoint) -> QMenu:
        """Right click, Shift+F10 or the Menu key on a card."""
        menu = card_menu(
            self,
            open_contact=lambda: self.open_contact_requested.emit(contact_id),
            stages=[(s, s.label) for s in self.columns],
            current=stage,
            move_to=lambda target: self.move_contacts([contact_id], target),  # type: ignore[arg-type]
            extras=[MenuItem(_("&Log conversation…"), lambda: self.log_conversation(contact_id))],
        )
        return self.popup(menu, at)

    def log_conversation(self, contact_id: int) -> None:
        """The detail pane's Log dialog, for the card's contact. What it needs (an open deal,
        the sales defaults) is read off the GUI thread first; the conversation is written on
        the writer thread, and the runner publishes what it changed."""
        name = next(
            (names[contact_id] for names in self._names.values() if contact_id in names), ""
        ) or _("(no name)")

        def read() -> tuple[bool, SalesDefaults]:
            has_open_deal = any(d.status == "open" for d in deals_of(contact_id))
            return has_open_deal, load_sales_defaults()

        self._runner.query(
            read,
            lambda found: self._open_log(contact_id, name, *found),
            key=f"log-{id(self)}",
            parent=self,
        )

    def _open_log(
        self, contact_id: int, name: str, has_open_deal: bool, defaults: SalesDefaults
    ) -> None:
        dialog = LogConversationDialog(
            contact_id,
            name,
            clock=self._clock,
            write=write_with(self._runner, self),
            has_open_deal=has_open_deal,
            defaults=defaults,
            parent=self,
        )
        self.log_dialog = dialog
        dialog.finished.connect(lambda _code: self._logged(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _logged(self, dialog: LogConversationDialog) -> None:
        """A logged conversation is one step of the window's Edit › Undo, as in the pane."""
        step = dialog.undo_step(self._runner)
        if step is not None and self.undo_stack is not None:
            self.undo_stack.push(step)

    # --- drops ---------------------------------------------------------------------------------

    def _on_drop(self, stage: Stage, ids: list[int]) -> None:
        self.move_contacts(ids, stage)

    def move_contacts(self, ids: list[int], stage: Stage) -> None:
        """Move contacts to `stage` by the sales-process rules: ask here, write off the GUI
        thread; the runner publishes the Changes and this board hears them like every view."""
        plan = plan_moves(
            ids,
            stage,
            confirm_mark_met=self._confirm_mark_met,
            ask_disqualify_reason=self._ask_disqualify_reason,
        )
        if plan.is_empty:
            return
        shown_in = {cid: s for s, column in self.columns.items() for cid in column.card_ids()}
        self.run_move(move_contacts_command(plan, shown_in, self._runner, self._clock, self._moved))

    def _confirm_mark_met(self, contact: ContactSummary, unmet: int) -> bool:
        name = contact.full_name or _("(no name)")
        text = ngettext(
            "{name} has {count} qualification criterion that is not ticked yet. "
            "A prospect meets every criterion: mark it as met and make {name} a prospect?",
            "{name} has {count} qualification criteria that are not ticked yet. "
            "A prospect meets every criterion: mark them as met and make {name} a prospect?",
            unmet,
        ).format(name=name, count=unmet)
        return dialogs.confirm(self, _("Make a prospect?"), text, _("&Mark as met"))

    def _ask_disqualify_reason(self, contact: ContactSummary) -> str | None:
        name = contact.full_name or _("(no name)")
        return dialogs.ask_reason(
            self,
            _("Disqualify {name}").format(name=name),
            _("Why does {name} not qualify?").format(name=name),
            _("For example: no budget, or not the one who decides"),
        )
