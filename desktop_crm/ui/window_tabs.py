"""Hosting the other views as main-window tabs: found by module path, wired by convention.

A tab widget plugs in by existing at one of the paths in OPTIONAL_TABS. It is built with
whichever of `clock`, `bus`, `region` and `parent` its constructor names, and may have:
- a signal `open_contact_requested(int)`: the window shows that contact in the list;
- a signal `changed(object)` carrying `Changes`: published on the app-wide bus;
- `apply_changes(changes)` (or `on_changes`), else `refresh()`: called on every bus message.
A missing module is skipped, so the window works before the tab is written. A tab is
built the first time it is shown (`LazyTab`): at 100,000 contacts the boards cost seconds,
and the contact list should not wait for them."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_crm.i18n import N_, _
from desktop_crm.services.changes import Changes
from desktop_crm.ui.changes_bus import ChangesBus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TabSpec:
    view: str  # the --view name
    title: str  # marked with N_, translated when shown
    candidates: tuple[tuple[str, str], ...]  # (module, class), first found wins


OPTIONAL_TABS = (
    TabSpec(
        "today",
        N_("Today"),
        (
            ("desktop_crm.ui.today.today_view", "TodayView"),
            ("desktop_crm.ui.today.view", "TodayView"),
            ("desktop_crm.ui.today", "TodayView"),
        ),
    ),
    TabSpec(
        "pipeline", N_("Sales process"), (("desktop_crm.ui.boards.sales_board", "SalesBoard"),)
    ),
    TabSpec(
        "deals",
        N_("Deals"),
        (
            ("desktop_crm.ui.boards.deals_board", "DealsBoard"),
            ("desktop_crm.ui.boards.deal_board", "DealsBoard"),
        ),
    ),
    TabSpec("insights", N_("Insights"), (("desktop_crm.ui.insights.view", "InsightsView"),)),
)


class LazyTab(QWidget):
    """A tab's place in the window; the real widget is made on first `ensure_built()`."""

    def __init__(self, spec: TabSpec, factory: Callable[[], QWidget]):
        super().__init__()
        self.spec = spec
        self._factory = factory
        self.inner: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def title(self) -> str:
        return _(self.spec.title)

    def ensure_built(self) -> QWidget:
        if self.inner is None:
            self.inner = self._factory()
            self._layout.addWidget(self.inner)
        return self.inner


def _find_class(spec: TabSpec):
    for module_name, class_name in spec.candidates:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # not written yet
            raise
        found = getattr(module, class_name, None)
        if found is not None:
            return found
    return None


def _is_present(spec: TabSpec) -> bool:
    """Whether one of the tab's modules exists, without importing it."""
    for module_name, _class_name in spec.candidates:
        try:
            if importlib.util.find_spec(module_name) is not None:
                return True
        except ModuleNotFoundError:
            continue
    return False


def _build(cls, **available) -> QWidget:
    parameters = inspect.signature(cls).parameters
    accepts_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    kwargs = {k: v for k, v in available.items() if accepts_any or k in parameters}
    return cls(**kwargs)


def build_tabs(
    *, clock, bus: ChangesBus, region: str, open_contact: Callable[[int], None]
) -> list[LazyTab]:
    tabs: list[LazyTab] = []
    for spec in OPTIONAL_TABS:
        if not _is_present(spec):
            continue

        def factory(spec=spec) -> QWidget:
            # Imported on first show: the Insights charts alone cost ~50 ms at start-up.
            cls = _find_class(spec)
            widget = _build(cls, clock=clock, bus=bus, region=region)
            connect_tab(widget, bus, open_contact)
            return widget

        tabs.append(LazyTab(spec, factory))
    return tabs


def connect_tab(widget: QWidget, bus: ChangesBus, open_contact: Callable[[int], None]) -> None:
    opened = getattr(widget, "open_contact_requested", None)
    if opened is not None:
        opened.connect(open_contact)
    changed = getattr(widget, "changed", None)
    if changed is not None and hasattr(changed, "connect"):
        # The tab already refreshed itself; others hear of it through the bus.
        changed.connect(lambda changes: _publish_from(widget, bus, changes))
    bus.changed.connect(lambda changes: _deliver(widget, changes))


def _publish_from(widget: QWidget, bus: ChangesBus, changes: Changes) -> None:
    widget.setProperty("publishing", True)
    try:
        bus.publish(changes)
    finally:
        widget.setProperty("publishing", False)


def _deliver(widget: QWidget, changes: Changes) -> None:
    if widget.property("publishing"):
        return
    for name in ("apply_changes", "on_changes"):
        method = getattr(widget, name, None)
        if method is not None:
            method(changes)
            return
    refresh = getattr(widget, "refresh", None)
    if refresh is not None:
        refresh()
