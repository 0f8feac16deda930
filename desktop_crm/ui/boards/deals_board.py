"""The deals board: a board per pipeline; stage columns show count, total and weighted total."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.clock import Clock
from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.changes import Changes
from desktop_crm.services.deals import (
    DealView,
    PipelineStageView,
    add_pipeline_stage,
    deals_in,
    move_deal,
    pipeline_stages,
    pipeline_totals,
    pipelines,
    rename_pipeline_stage,
)
from desktop_crm.services.pipeline_stages import load_idle_days
from desktop_crm.ui.boards import dialogs
from desktop_crm.ui.boards.column import BoardColumn
from desktop_crm.ui.boards.deal_card import STALE_AFTER_DAYS, deal_card
from desktop_crm.ui.boards.mime import DEAL_IDS
from desktop_crm.ui.boards.theme import board_style_sheet
from desktop_crm.ui.style import muted_text_style

CARDS_PER_COLUMN = 200
DEAL_COLUMN_MIN_WIDTH = 196


class DealsBoard(QWidget):
    open_contact_requested = Signal(int)
    changed = Signal(object)  # Changes

    def __init__(
        self,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        stale_days: int = STALE_AFTER_DAYS,
        per_column: int = CARDS_PER_COLUMN,
    ):
        super().__init__(parent)
        self._clock = clock
        self.stale_days = stale_days
        self.per_column = per_column
        self.pipeline_id: int | None = None
        self.stages: list[PipelineStageView] = []
        self.columns: dict[int, BoardColumn] = {}
        self._deals: dict[int, DealView] = {}
        self.setStyleSheet(board_style_sheet())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.pipeline_label = QLabel(_("Pipeline:"))
        self.pipeline_box = QComboBox()
        self.pipeline_box.currentIndexChanged.connect(self._pipeline_chosen)
        hint = QLabel(_("Drag a deal to another stage. Double-click a stage name to rename it."))
        hint.setStyleSheet(muted_text_style())
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
        scroll = QScrollArea()
        scroll.setObjectName("boardScroll")  # not user-visible
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._row_host)
        layout.addWidget(scroll, 1)
        self._load_pipelines()

    # --- pipelines and stages ------------------------------------------------------------------

    def _load_pipelines(self) -> None:
        chosen = self.pipeline_id
        found = pipelines()
        self.pipeline_box.blockSignals(True)
        self.pipeline_box.clear()
        for pipeline_id, name in found:
            self.pipeline_box.addItem(name, pipeline_id)
        self.pipeline_box.blockSignals(False)
        several = len(found) > 1
        self.pipeline_box.setVisible(several)
        self.pipeline_label.setVisible(several)
        ids = [pid for pid, _name in found]
        self.select_pipeline(chosen if chosen in ids else (ids[0] if ids else None))

    def _pipeline_chosen(self, index: int) -> None:
        self.select_pipeline(self.pipeline_box.itemData(index))

    def select_pipeline(self, pipeline_id: int | None) -> None:
        self.pipeline_id = pipeline_id
        index = self.pipeline_box.findData(pipeline_id)
        if index >= 0 and index != self.pipeline_box.currentIndex():
            self.pipeline_box.blockSignals(True)
            self.pipeline_box.setCurrentIndex(index)
            self.pipeline_box.blockSignals(False)
        self.add_stage_button.setEnabled(pipeline_id is not None)
        self.refresh()

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
                column.setProperty("closing", stage.kind)
            column.set_empty_text(_("No deals"))
            column.ids_dropped.connect(self._on_drop)
            column.title_edited.connect(self.rename_stage)
            column.card_activated.connect(self._open_deal_contact)
            self.columns[stage.id] = column
            self._row.addWidget(column, 1)

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        stages = pipeline_stages(self.pipeline_id) if self.pipeline_id is not None else []
        if [(s.id, s.kind) for s in stages] != [(s.id, s.kind) for s in self.stages]:
            self.stages = stages
            self._rebuild_columns()
        self.stages = stages
        deals = deals_in(self.pipeline_id) if self.pipeline_id is not None else []
        self._deals = {d.id: d for d in deals}
        totals = pipeline_totals(self.pipeline_id) if self.pipeline_id is not None else {}
        formats = LocaleFormats.current()
        pipeline_currency = _main_currency(deals) or formats.currency
        now = self._clock.now()
        # Settings › Deal pipeline may change when a deal counts as idle.
        stale_days = load_idle_days(self.stale_days)
        for stage in self.stages:
            column = self.columns[stage.id]
            if not column.title.is_editing():
                column.set_title(stage.name)
            in_stage = [d for d in deals if d.stage_id == stage.id]
            count, total, weighted = totals.get(stage.id, (0, 0, 0))
            currency = _shared_currency(in_stage) or pipeline_currency
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
            shown = in_stage[: self.per_column]
            closing = stage.kind != "open"
            cards = [deal_card(d, now, formats, stale_days, closing_stage=closing) for d in shown]
            column.set_cards(cards, hidden=max(0, count - len(cards)))

    def apply_changes(self, changes: Changes) -> None:
        shown_contacts = {d.contact_id for d in self._deals.values()}
        if (
            changes.everything
            or changes.deals
            or changes.contacts_added_or_removed
            or changes.contact_ids & shown_contacts
        ):
            self._load_pipelines()

    def _open_deal_contact(self, deal_id: int) -> None:
        deal = self._deals.get(deal_id)
        if deal is not None:
            self.open_contact_requested.emit(deal.contact_id)

    # --- actions ----------------------------------------------------------------------------------

    def _on_drop(self, stage_id: int, ids: list[int]) -> None:
        self.move_deals(ids, stage_id)

    def move_deals(self, ids: list[int], stage_id: int) -> Changes:
        """Move deals to a stage; Won and Lost ask why first."""
        stage = next((s for s in self.stages if s.id == stage_id), None)
        changes = Changes()
        errors: list[str] = []
        if stage is None:
            return changes
        for deal_id in ids:
            deal = self._deals.get(deal_id)
            if deal is None or deal.stage_id == stage_id:
                continue
            reason = ""
            if stage.kind in ("won", "lost"):
                reason = self._ask_close_reason(deal, stage)
                if not reason:
                    continue
            try:
                changes.merge(move_deal(deal_id, stage_id, reason=reason, clock=self._clock))
            except UserError as exc:
                errors.append(exc.message)
        if errors:
            dialogs.show_error(self, "\n".join(errors))
        if changes.deals:
            self.refresh()
            self.changed.emit(changes)
        return changes

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
        try:
            rename_pipeline_stage(stage_id, name)
        except UserError as exc:
            dialogs.show_error(self, exc.message)
        self.refresh()
        self.changed.emit(Changes(deals=True))

    def ask_new_stage(self) -> None:
        name = dialogs.ask_text(self, _("Add a stage"), _("Name of the new stage:"))
        if name:
            self.add_stage(name)

    def add_stage(self, name: str) -> None:
        if self.pipeline_id is None:
            return
        try:
            add_pipeline_stage(self.pipeline_id, name)
        except UserError as exc:
            dialogs.show_error(self, exc.message)
            return
        self.refresh()
        self.changed.emit(Changes(deals=True))


def _shared_currency(deals: list[DealView]) -> str | None:
    """The currency of a column's deals when they agree; None when mixed or empty."""
    currencies = {d.currency for d in deals}
    return currencies.pop() if len(currencies) == 1 else None


def _main_currency(deals: list[DealView]) -> str | None:
    """The currency most deals of the pipeline use, for columns without deals of their own."""
    counts: dict[str, int] = {}
    for deal in deals:
        counts[deal.currency] = counts.get(deal.currency, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else None
