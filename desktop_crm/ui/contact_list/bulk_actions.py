"""Bulk actions on the selected contacts: tag, set stage, archive (undoable)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.contacts import all_tags, set_stage, tag_contacts
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.error_dialog import run_safely


class BulkActions:
    """Builds the context menu for a selection; every action publishes its Changes."""

    def __init__(
        self, parent: QWidget, bus: ChangesBus, archive: Callable[[list[int]], None], *, clock=None
    ):
        self._parent = parent
        self._bus = bus
        self._archive = archive
        self._clock = clock

    def menu_for(self, ids: list[int]) -> QMenu:
        menu = QMenu(self._parent)
        count = len(ids)
        tag_action = menu.addAction(
            ngettext(
                "Add a tag to {count} contact…", "Add a tag to {count} contacts…", count
            ).format(count=count)
        )
        tag_action.triggered.connect(lambda: self.ask_tag(ids))
        stage_menu = menu.addMenu(_("Set stage"))
        for stage in Stage:
            action = stage_menu.addAction(stage.label)
            action.triggered.connect(lambda _checked=False, s=stage: self.set_stage(ids, s))
        menu.addSeparator()
        archive_action = menu.addAction(
            ngettext("Archive {count} contact", "Archive {count} contacts", count).format(
                count=count
            )
        )
        archive_action.triggered.connect(lambda: self._archive(ids))
        return menu

    def ask_tag(self, ids: list[int]) -> None:
        name, ok = QInputDialog.getItem(
            self._parent, _("Add a tag"), _("Tag:"), all_tags(), 0, True
        )
        if ok:
            self.tag(ids, name)

    def tag(self, ids: list[int], name: str) -> None:
        run_safely(self._parent, lambda: self._bus.publish(tag_contacts(ids, name)))

    def set_stage(self, ids: list[int], stage: Stage) -> None:
        run_safely(
            self._parent, lambda: self._bus.publish(set_stage(ids, stage, clock=self._clock))
        )
