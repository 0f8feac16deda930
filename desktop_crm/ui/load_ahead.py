"""Loading the start's later modules before they are used: those without Qt on a worker, those
that use PySide6 on the GUI thread, one a turn of the event loop.

PySide6 creates its classes and enums when a module first touches them; a worker that did so
(the tabs' modules with Qt Charts, the detail pane's) while the GUI thread ran crashed the app
with SIGSEGV about once in 70 starts (issue 14's start-order probe). So a worker loads only
modules whose source does not mention PySide6: `import_without_qt` refuses any other."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType

from PySide6.QtCore import QObject, QTimer

from desktop_crm.ui.feature_scan import source_mentions_pyside

log = logging.getLogger(__name__)

# What each later part needs, split: without Qt (a worker loads it ahead) and with Qt (the GUI
# thread, a module a turn). Test: tests/ui/test_load_ahead.py holds the first lists to no Qt.
LATER_PARTS_QT_FREE = (
    "desktop_crm.services.today",
    "desktop_crm.services.followups",
    "desktop_crm.services.reminders",
    "desktop_crm.services.change_feed",
)
LATER_PARTS_QT = (
    "desktop_crm.ui.notifier",
    "desktop_crm.ui.tray",
    "desktop_crm.ui.change_watcher",
)
# Today's, leaves first: only when Today opens first (on the first view's answer, before it is
# shown); with Contacts first they load after the start with the tabs'. In one piece, Today's
# module was the longest turn after the paint (40 ms, waiting for the worker's import of the
# same services).
TODAY_QT = (
    "desktop_crm.ui.boards.theme",
    "desktop_crm.ui.boards.painted",
    "desktop_crm.ui.today.section",
    "desktop_crm.ui.today.rows",
    "desktop_crm.ui.today.today_view",
)
DETAIL_PANE_QT_FREE = (
    "desktop_crm.services.conversations",
    "desktop_crm.services.conversation_undo",
    "desktop_crm.services.deals",
    "desktop_crm.services.qualification",
    "desktop_crm.services.questions",
    "desktop_crm.services.sales_defaults",
    "desktop_crm.ui.detail.birthday_field",
    "desktop_crm.ui.detail.contact_save",
)
# Leaves first, so that each turn imports one module of its own (at most ~25 ms at start).
DETAIL_PANE_QT = (
    "desktop_crm.ui.date_fields",
    "desktop_crm.ui.undo",
    "desktop_crm.ui.detail.timeline",
    "desktop_crm.ui.detail.section_writes",
    "desktop_crm.ui.detail.dialog_submit",
    "desktop_crm.ui.detail.log_dialog",
    "desktop_crm.ui.detail.custom_rows",
    "desktop_crm.ui.detail.entry_list",
    "desktop_crm.ui.detail.fields_editor",
    "desktop_crm.ui.detail.qualification_box",
    "desktop_crm.ui.detail.list_box_layout",
    "desktop_crm.ui.detail.questions_box",
    "desktop_crm.ui.detail.follow_ups_box",
    "desktop_crm.ui.detail.deals_box",
    "desktop_crm.ui.detail.badge",
    "desktop_crm.ui.detail.pane",
)
AFTER_START_QT_FREE = (
    "desktop_crm.services.bulk_edits",
    "desktop_crm.services.demo",
    "desktop_crm.services.insights",
    "desktop_crm.services.pipeline_stages",
    *DETAIL_PANE_QT_FREE,
)
# The contact list's context menu (its bulk writes): made on the first right click.
LIST_MENU_QT = (
    "desktop_crm.ui.contact_list.bulk_undo",
    "desktop_crm.ui.contact_list.bulk_actions",
)
TABS_QT = (
    *TODAY_QT,
    "desktop_crm.ui.form_dialog",
    "desktop_crm.ui.text_dialog",
    "desktop_crm.ui.boards.dialogs",
    "desktop_crm.ui.boards.card_menu",
    "desktop_crm.ui.boards.board",
    "desktop_crm.ui.boards.mime",
    "desktop_crm.ui.boards.card",
    "desktop_crm.ui.boards.editable_title",
    "desktop_crm.ui.boards.column",
    "desktop_crm.ui.boards.side_area",
    *DETAIL_PANE_QT[:6],  # the Sales board's Log dialog
    "desktop_crm.ui.boards.sales_board",
    "desktop_crm.ui.boards.deals_board",
    "PySide6.QtCharts",
    "desktop_crm.ui.insights.chart_style",
    "desktop_crm.ui.insights.charts",
    "desktop_crm.ui.insights.chart_card",
    "desktop_crm.ui.insights.lead_source_table",
    "desktop_crm.ui.insights.period_chooser",
    "desktop_crm.ui.insights.view",
)
# File › Settings… the first time: what it needs without Qt (phonenumbers' tables, ~100 ms;
# the reminder, sales-default and pipeline services) on a worker, then its Qt modules on the
# GUI thread a module a turn, leaves first; the dialog opens after the last.
SETTINGS_QT_FREE = (
    "phonenumbers",
    "babel.dates",
    "desktop_crm.services.reminders",
    "desktop_crm.services.sales_defaults",
    "desktop_crm.services.settings_save",
    "desktop_crm.services.qualification",
    "desktop_crm.services.deals",
    "desktop_crm.services.sync.account",
)
SETTINGS_QT = (
    "desktop_crm.ui.autostart",
    "desktop_crm.ui.form_dialog",
    "desktop_crm.ui.screen_fit",
    "desktop_crm.ui.text_dialog",
    "desktop_crm.ui.form_rows",
    "desktop_crm.ui.settings.list_editor",
    "desktop_crm.ui.settings.criteria_tab",
    "desktop_crm.ui.settings.custom_fields_tab",
    "desktop_crm.ui.settings.preferences",
    "desktop_crm.ui.settings.general_tab",
    "desktop_crm.ui.settings.pipeline_tab",
    "desktop_crm.ui.settings.reminders_tab",
    "desktop_crm.ui.import_wizard.task_thread",
    "desktop_crm.ui.sync.account_dialog",
    "desktop_crm.ui.sync.settings_tab",
    "desktop_crm.ui.settings.dialog",
)
_QT_PACKAGES = ("PySide6", "shiboken6")
_local = threading.local()  # .active: this thread loads ahead and must not load Qt


class QtRefused(ImportError):
    """A module that uses PySide6 was asked for on a worker that loads ahead."""


class _RefuseQt(importlib.abc.MetaPathFinder):
    """First on `sys.meta_path`; does nothing except on a thread inside `import_without_qt`."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not getattr(_local, "active", False):
            return None
        if fullname.split(".", 1)[0] in _QT_PACKAGES:
            raise QtRefused(f"{fullname} is PySide6: it loads on the GUI thread")
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and source_mentions_pyside(spec.origin):
            raise QtRefused(f"{fullname} uses PySide6: it loads on the GUI thread")
        return None  # the usual finders load it


_finder = _RefuseQt()


def _install_finder() -> None:
    import sys

    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def import_without_qt(names: Iterable[str]) -> list[str]:
    """On a worker: import `names` and what they import, refusing every module that uses
    PySide6 (it is left for the GUI thread). Returns the names that were refused."""
    _install_finder()
    refused: list[str] = []
    _local.active = True
    try:
        for name in names:
            try:
                importlib.import_module(name)
            except QtRefused as exc:
                log.warning("not loaded ahead: %s (%s)", name, exc)
                refused.append(name)
    finally:
        _local.active = False
    return refused


def import_in_turns(
    names: Sequence[str], then: Callable[[], object] | None = None, *, parent: QObject
) -> None:
    """On the GUI thread: import `names` one per turn of the event loop (a key pressed
    meanwhile waits for one module at most), then call `then`. Nothing more once `parent`
    is deleted."""
    pending = list(names)

    def next_one() -> None:
        if not pending:
            if then is not None:
                then()
            return
        try:
            importlib.import_module(pending.pop(0))
        finally:  # a module that fails is reported (the error hook); the rest still load
            QTimer.singleShot(0, parent, next_one)

    QTimer.singleShot(0, parent, next_one)
