"""The main window's other tabs (Today, the boards, Insights): what a tab offers and how it is hosted.

Each tab is a `TabView`, built by a plain factory the first time it is shown (the boards
and the Insights charts cost imports and queries the contact list should not wait for).
Its host hears every `Changes` on the bus: while the tab is shown it passes them on at
once; while it is hidden it only remembers them and passes them on when shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_crm.domain.clock import Clock
from desktop_crm.i18n import N_, _
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.operations import OperationRunner

if TYPE_CHECKING:
    from desktop_crm.domain.alarms import SnoozeChoice


class TabView(Protocol):
    """What a main-window tab must offer; it is also a QWidget."""

    # Signal(int): the window shows that contact in the list.
    open_contact_requested: SignalInstance
    # Signal(): is_building has just turned false (what waits for the rows need not poll).
    built: SignalInstance

    def apply_changes(self, changes: Changes) -> None:
        """Refresh only what `changes` touched (through the runner, never on the GUI thread)."""

    @property
    def is_building(self) -> bool:
        """Rows or cards that arrived are still being made, a few per turn of the event loop."""


@dataclass(frozen=True)
class TabContext:
    """What every tab is built with."""

    clock: Clock
    runner: OperationRunner
    undo_stack: QUndoStack | None = None  # the window's Edit › Undo (board moves are steps)
    # The window's Snooze all (the tray's, through the notifier): Today's header offers it.
    snooze_all: Callable[[SnoozeChoice], None] | None = None


# Imports inside the factories on purpose: a tab's module loads when the tab is first shown.
def _today(context: TabContext) -> QWidget:
    from desktop_crm.ui.today.today_view import TodayView

    return TodayView(context.clock, context.runner, snooze_all=context.snooze_all)


def _sales(context: TabContext) -> QWidget:
    from desktop_crm.ui.boards.sales_board import SalesBoard

    return SalesBoard(context.clock, context.runner, undo_stack=context.undo_stack)


def _deals(context: TabContext) -> QWidget:
    from desktop_crm.ui.boards.deals_board import DealsBoard

    return DealsBoard(context.clock, context.runner, undo_stack=context.undo_stack)


def _insights(context: TabContext) -> QWidget:
    from desktop_crm.ui.insights.view import InsightsView

    return InsightsView(context.clock, context.runner)


@dataclass(frozen=True)
class TabSpec:
    view: str  # the --view name
    title: str  # marked with N_, translated when shown
    factory: Callable[[TabContext], QWidget]


TABS = (
    TabSpec("today", N_("Today"), _today),
    TabSpec("pipeline", N_("Sales process"), _sales),
    TabSpec("deals", N_("Deals"), _deals),
    TabSpec("insights", N_("Insights"), _insights),
)


class TabHost(QWidget):
    """A tab's place in the window: builds the view on first show, holds back changes while hidden."""

    built = Signal()  # its view's rows or cards are all made (the view's `built`)

    def __init__(
        self,
        spec: TabSpec,
        context: TabContext,
        bus: ChangesBus,
        open_contact: Callable[[int], None],
    ) -> None:
        super().__init__()
        self.spec = spec
        self._context = context
        self._open_contact = open_contact
        self.inner: QWidget | None = None
        self._pending: Changes | None = None  # what changed while hidden
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        bus.changed.connect(self._on_changes)

    @property
    def title(self) -> str:
        return _(self.spec.title)

    @property
    def stale(self) -> bool:
        return self._pending is not None

    @property
    def is_building(self) -> bool:
        view: TabView | None = self.inner  # type: ignore[assignment]  # see ensure_built
        return view is not None and view.is_building

    def ensure_built(self) -> QWidget:
        if self.inner is None:
            self.inner = self.spec.factory(self._context)
            view: TabView = self.inner  # type: ignore[assignment]  # every factory makes a TabView
            view.open_contact_requested.connect(self._open_contact)
            view.built.connect(self.built)
            self._layout.addWidget(self.inner)
            self._pending = None  # a new view reads everything anyway
        return self.inner

    def _on_changes(self, changes: Changes) -> None:
        if self.inner is None:
            return  # built fresh when first shown
        if self.isVisible():
            self._deliver(changes)
        elif self._pending is None:
            self._pending = Changes().merge(changes)
        else:
            self._pending.merge(changes)

    def _deliver(self, changes: Changes) -> None:
        view: TabView = self.inner  # type: ignore[assignment]
        view.apply_changes(changes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_built()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._deliver(pending)


def build_tabs(
    context: TabContext, bus: ChangesBus, open_contact: Callable[[int], None]
) -> list[TabHost]:
    return [TabHost(spec, context, bus, open_contact) for spec in TABS]
