"""The tray's three snooze choices as menu entries, for the window's Snooze menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from desktop_crm.i18n import _

if TYPE_CHECKING:
    from desktop_crm.domain.alarms import SnoozeChoice


def add_snooze_choices(menu: QMenu, on_choice: Callable[[SnoozeChoice], None]) -> None:
    """The tray offers each of these by mouse only; the window offers them by keyboard too
    (docs/accessibility.md), with the same words everywhere."""
    from desktop_crm.domain.alarms import SnoozeChoice  # see fill_when_shown

    for choice, label in (
        (SnoozeChoice.MINUTES_15, _("For 15 minutes")),
        (SnoozeChoice.HOUR_1, _("For an hour")),
        (SnoozeChoice.TOMORROW, _("Until tomorrow morning")),
    ):
        action = menu.addAction(label)
        action.triggered.connect(lambda _checked=False, c=choice: on_choice(c))


def fill_when_shown(menu: QMenu, on_choice: Callable[[SnoozeChoice], None]) -> None:
    """The choices go in when the menu first opens: a menu bar built before the first paint
    must not load the alarms' rules (tests/ui/test_start_order.py)."""

    def fill() -> None:
        if menu.isEmpty():
            add_snooze_choices(menu, on_choice)

    menu.aboutToShow.connect(fill)
