"""The deals board: a board per pipeline; stage columns show count, total and weighted total."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QWidget,
)

from desktop_crm.domain.clock import Clock
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.changes import Changes
from desktop_crm.services.deals import (
    DealView,
    PipelineStageView,
    add_pipeline_stage,
    first_deals_of_stage,
    first_deals_per_stage,
    pipeline_currencies,
    pipeline_stages,
    pipeline_totals,
    pipelines,
    rename_pipeline_stage,
)
from desktop_crm.services.pipeline_stages import load_idle_days
from desktop_crm.ui.boards import dialogs
from desktop_crm.ui.boards.board import Board, scroll_area
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.card_menu import MenuItem, card_menu
from desktop_crm.ui.boards.column import BoardColumn
from desktop_crm.ui.boards.deal_card import STALE_AFTER_DAYS, deal_card
from desktop_crm.ui.boards.deal_moves import move_deals_command
from desktop_crm.ui.boards.editable_title import EditableTitle
from desktop_crm.ui.boards.mime import DEAL_IDS
from desktop_crm.ui.operations import OperationRunner

CARDS_PER_COLUMN = 20  # as the sales board: about two screens of cards, the count tells the rest
DEAL_COLUMN_MIN_WIDTH = 196


@dataclass(frozen=True)
class _BoardData:
    """One read of the board, made off the GUI thread."""

    pipelines: list[tuple[int, str]]
    pipeline_id: int | None
    stages: list[PipelineStageView]
    shown: dict[int, list[DealView]]  # per stage id, the cards shown
    totals: dict[int, tuple[int, int, int]]
    currencies: dict[int, dict[str, int]]


def _read_stages(wanted: int | None) -> _BoardData:
    """The pipelines and the chosen one's stages: enough to build the (empty) columns."""
    found = pipelines()
    ids = [pid for pid, _name in found]
    pipeline_id = wanted if wanted in ids else (ids[0] if ids else None)
    stages = pipeline_stages(pipeline_id) if pipeline_id is not None else []
    return _BoardData(found, pipeline_id, stages, {}, {}, {})


def _read_board(wanted: int | None, per_column: int, more: dict[int, int]) -> _BoardData:
    """`more`: the columns that show more than `per_column` cards ("Show more"), read apart."""
    head = _read_stages(wanted)
    if head.pipeline_id is None:
        return head
    shown = first_deals_per_stage(head.pipeline_id, per_column)
    for stage in head.stages:
        if more.get(stage.id, per_column) > per_column:
            shown[stage.id] = first_deals_of_stage(stage.id, more[stage.id])
    return replace(
        head,
        shown=shown,
        totals=pipeline_totals(head.pipeline_id),
        currencies=pipeline_currencies(head.pipeline_id),
    )


class DealsBoard(Board):
    def __init__(
        self,
        clock: Clock,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        stale_days: int = STALE_AFTER_DAYS,
        per_column: int = CARDS_PER_COLUMN,
        undo_stack: QUndoStack | None = None,
    ):
        super().__init__(clock, runner, parent, per_column=per_column, undo_stack=undo_stack)
        self.stale_days = stale_days
        self._cards_stale_days: int | None = None  # what the cards on screen were made with
        self.pipeline_id: int | None = None
        self.stages: list[PipelineStageView] = []
        self.columns: dict[int, BoardColumn] = {}
        self._deals: dict[int, DealView] = {}
        layout = self.board_layout
        bar = QHBoxLayout()
        self.pipeline_label = QLabel(_("Pipeline:"))
        self.pipeline_box = QComboBox()
        self.pipeline_box.currentIndexChanged.connect(self._pipeline_chosen)
        hint = self.hint(_("Drag a deal to another stage. Double-click a stage name to rename it."))
        hint.setWordWrap(False)
        self.add_stage_button = QPushButton(_("Add stage…"))
        self.add_stage_button.clicked.connect(self.ask_new_stage)
        bar.addWidget(self.pipeline_label)
        bar.addWidget(self.pipeline_box)
        bar.addWidget(hint, 1)
        bar.addWidget(self.add_stage_button)
        layout.addLayout(bar)

        self._row_host = QWidget()
        self._row = QHBoxLayout(self._row_host)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(10)
        layout.addWidget(
            scroll_area(self._row_host, "boardScroll", scrolls=Qt.Orientation.Horizontal), 1
        )
        self._load_pipelines()

    # --- pipelines and stages ------------------------------------------------------------------

    def _load_pipelines(self) -> None:
        """The first read: the stages alone, so the empty columns are built and laid out in
        a turn of their own; the cards' read follows and only adds cards. Both in one turn
        were the board's longest (six columns, 24 cards, the first layout: ~19 ms at 100k)."""
        wanted = self.pipeline_id
        self._runner.query(
            lambda: _read_stages(wanted),
            self._show_stages,
            key=f"deals-{id(self)}",  # a refresh asked meanwhile supersedes it
            parent=self,
        )

    def _show_stages(self, data: _BoardData) -> None:
        self._show_pipelines(data.pipelines, data.pipeline_id)
        self._set_stages(data.stages)
        self.refresh()

    def _pipeline_chosen(self, index: int) -> None:
        self.select_pipeline(self.pipeline_box.itemData(index))

    def select_pipeline(self, pipeline_id: int | None) -> None:
        self.pipeline_id = pipeline_id
        self.refresh()

    def _show_pipelines(self, found: list[tuple[int, str]], chosen: int | None) -> None:
        self.pipeline_box.blockSignals(True)
        if [
            (self.pipeline_box.itemData(i), self.pipeline_box.itemText(i))
            for i in range(self.pipeline_box.count())
        ] != found:
            self.pipeline_box.clear()
            for pipeline_id, name in found:
                self.pipeline_box.addItem(name, pipeline_id)
        index = self.pipeline_box.findData(chosen)
        if index >= 0:
            self.pipeline_box.setCurrentIndex(index)
        self.pipeline_box.blockSignals(False)
        several = len(found) > 1
        self.pipeline_box.setVisible(several)
        self.pipeline_label.setVisible(several)
        self.pipeline_id = chosen
        self.add_stage_button.setEnabled(chosen is not None)

    def _set_stages(self, stages: list[PipelineStageView]) -> None:
        if [(s.id, s.kind) for s in stages] != [(s.id, s.kind) for s in self.stages]:
            self.stages = stages
            self._rebuild_columns()
        self.stages = stages

    def _rebuild_columns(self) -> None:
        for column in self.columns.values():
            column.deleteLater()
        self.columns = {}
        while self._row.count():
            self._row.takeAt(0)
        for stage in self.stages:
            column = BoardColumn(stage.id, DEAL_IDS, stage.name, editable_title=True)
            column.setMinimumWidth(DEAL_COLUMN_MIN_WIDTH)
            if stage.kind != "open":
                column.set_closing(stage.kind)
            column.set_empty_text(_("No deals"))
            column.ids_dropped.connect(self._on_drop)
            column.title_edited.connect(self.rename_stage)
            column.card_activated.connect(self._open_deal_contact)
            column.card_menu_requested.connect(self.show_card_menu)
            self.watch_building(column)
            self.columns[stage.id] = column
            self._row.addWidget(column, 1)

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the pipeline's stages, totals and shown cards off the GUI thread."""
        wanted, per_column = self.pipeline_id, self.per_column
        more = {key: n for key, n in self.wanted.items() if isinstance(key, int)}
        asked = self.ask_board()
        self._runner.query(
            lambda: _read_board(wanted, per_column, more),
            lambda data: self._show(data, asked),
            key=f"deals-{id(self)}",
            parent=self,
        )

    def read_column(self, key: Hashable, limit: int, asked: int) -> None:
        """One stage's first `limit` deals: its "Show more". The count and totals stay."""
        stage_id = key
        assert isinstance(stage_id, int)  # the deals board's columns are keyed by stage id
        self._runner.query(
            lambda: first_deals_of_stage(stage_id, limit),
            lambda deals: self._show_column(stage_id, deals, asked),
            key=f"deals-{id(self)}-{stage_id}",
            parent=self,
        )

    def _show_column(self, stage_id: int, deals: list[DealView], asked: int) -> None:
        column = self.columns.get(stage_id)
        if column is None or not self.column_is_current(stage_id, asked):
            return  # the stage is gone, or a newer read has shown (or will show) it
        self._deals.update((d.id, d) for d in deals)
        stage = next(s for s in self.stages if s.id == stage_id)
        now, formats = self._clock.now(), LocaleFormats.current()
        stale_days, closing = self._cards_stale_days or self.stale_days, stage.kind != "open"

        def make_card(deal: DealView) -> BoardCard:
            return deal_card(deal, now, formats, stale_days, closing_stage=closing)

        column.set_items(deals, make_card, hidden=max(0, getattr(column, "count", 0) - len(deals)))

    def _show(self, data: _BoardData, asked: int) -> None:
        self._show_pipelines(data.pipelines, data.pipeline_id)
        self._set_stages(data.stages)
        kept = {  # the cards of columns a newer "Show more" read is about to show
            i: d for i, d in self._deals.items() if not self.column_is_current(d.stage_id, asked)
        }
        self._deals = kept | {d.id: d for shown in data.shown.values() for d in shown}
        formats = LocaleFormats.current()
        everywhere: dict[str, int] = {}
        for per_currency in data.currencies.values():
            for code, n in per_currency.items():
                everywhere[code] = everywhere.get(code, 0) + n
        pipeline_currency = _most_used(everywhere) or formats.currency
        now = self._clock.now()
        # Settings › Deal pipeline may change when a deal counts as idle.
        stale_days = load_idle_days(self.stale_days)
        restyle = stale_days != self._cards_stale_days  # every card may look different now
        self._cards_stale_days = stale_days
        for stage in self.stages:
            column = self.columns[stage.id]
            if restyle:
                column.clear_cards()
            title = column.title  # deal columns are made with editable_title=True
            if not (isinstance(title, EditableTitle) and title.is_editing()):
                column.set_title(stage.name)
            count, total, weighted = data.totals.get(stage.id, (0, 0, 0))
            in_stage = data.currencies.get(stage.id, {})
            currency = next(iter(in_stage)) if len(in_stage) == 1 else pipeline_currency
            column.set_count(count)
            column.set_summary(
                _("Total {total}\nWeighted {weighted}").format(
                    total=formats.money(total, currency), weighted=formats.money(weighted, currency)
                )
            )
            if stage.kind == "open":
                column.title.setToolTip(
                    _("New deals here count at {percent}. Double-click to rename.").format(
                        percent=formats.percent(stage.probability / 100)
                    )
                )
            if not self.column_is_current(stage.id, asked):
                continue  # a newer read of its cards ("Show more") has shown or will show them
            shown = data.shown.get(stage.id, [])
            closing = stage.kind != "open"

            def make_card(deal: DealView, closing: bool = closing) -> BoardCard:
                return deal_card(deal, now, formats, stale_days, closing_stage=closing)

            column.set_items(shown, make_card, hidden=max(0, count - len(shown)))
        self.loaded.emit()

    def apply_changes(self, changes: Changes) -> None:
        shown_contacts = {d.contact_id for d in self._deals.values()}
        if (
            changes.everything
            or changes.deals
            or changes.contacts_added_or_removed
            or changes.contact_ids & shown_contacts
        ):
            self.refresh()

    def _open_deal_contact(self, deal_id: int) -> None:
        deal = self._deals.get(deal_id)
        if deal is not None:
            self.open_contact_requested.emit(deal.contact_id)

    def show_card_menu(self, stage_id: Hashable, deal_id: int, at: QPoint) -> QMenu:
        """Right click, Shift+F10 or the Menu key on a card: Open contact, Move to, Won…, Lost…"""
        closing = {s.kind: s.id for s in reversed(self.stages) if s.kind in ("won", "lost")}

        def closer(kind: str, text: str) -> MenuItem:
            target = closing.get(kind, -1)  # a pipeline without such a stage: greyed out
            return MenuItem(
                text,
                lambda: self.move_deals([deal_id], target),
                enabled=target != -1 and target != stage_id,
            )

        menu = card_menu(
            self,
            open_contact=lambda: self._open_deal_contact(deal_id),
            stages=[(s.id, s.name) for s in self.stages],
            current=stage_id,
            move_to=lambda target: self.move_deals([deal_id], target),  # type: ignore[arg-type]
            extras=[closer("won", _("&Won…")), closer("lost", _("&Lost…"))],
        )
        return self.popup(menu, at)

    # --- actions ----------------------------------------------------------------------------------

    def _on_drop(self, stage_id: int, ids: list[int]) -> None:
        self.move_deals(ids, stage_id)

    def move_deals(self, ids: list[int], stage_id: int) -> None:
        """Move deals to a stage; Won and Lost ask why first (here), the moves run off the GUI
        thread, and the runner publishes their Changes."""
        stage = next((s for s in self.stages if s.id == stage_id), None)
        if stage is None:
            return
        moving: list[DealView] = []
        reasons: dict[int, str] = {}
        for deal_id in ids:
            deal = self._deals.get(deal_id)
            if deal is None or deal.stage_id == stage_id:
                continue
            if stage.kind in ("won", "lost"):
                reasons[deal_id] = self._ask_close_reason(deal, stage)
                if not reasons[deal_id]:
                    continue
            moving.append(deal)
        if not moving:
            return
        self.run_move(
            move_deals_command(moving, stage_id, reasons, self._runner, self._clock, self._moved)
        )

    def _ask_close_reason(self, deal: DealView, stage: PipelineStageView) -> str:
        if stage.kind == "won":
            title = _("Deal won: {title}").format(title=deal.title)
            prompt = _("Why did {name} say yes?").format(name=deal.contact_name)
            example = _("For example: best fit for the price")
        else:
            title = _("Deal lost: {title}").format(title=deal.title)
            prompt = _("Why was this deal lost?")
            example = _("For example: chose a competitor, or no budget")
        return dialogs.ask_reason(self, title, prompt, example) or ""

    def rename_stage(self, stage_id: int, name: str) -> None:
        self._runner.mutate(
            lambda: rename_pipeline_stage(stage_id, name),
            parent=self,
            on_failure=lambda _message: self.refresh(),  # show the old name again
        )

    def ask_new_stage(self) -> None:
        name = dialogs.ask_name(self, _("Add a stage"), _("Name of the new stage:"))
        if name:
            self.add_stage(name)

    def add_stage(self, name: str) -> None:
        if self.pipeline_id is None:
            return
        pipeline_id = self.pipeline_id
        self._runner.mutate(lambda: add_pipeline_stage(pipeline_id, name), parent=self)


def _most_used(counts: dict[str, int]) -> str | None:
    """The currency most deals of the pipeline use, for columns without deals of their own."""
    return max(counts, key=lambda code: counts[code]) if counts else None
