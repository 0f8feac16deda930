"""Bulk actions on the selected contacts: tag, set stage, archive (undoable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.contacts import all_tags, set_stage, tag_contacts
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.error_dialog import run_safely
from desktop_crm.ui.operations import OperationRunner


class BulkActions:
    """Builds the context menu for a selection; every action publishes its Changes.

    With a runner (the window) each write is one service transaction on the writer thread
    and the runner publishes its Changes; while one is on its way the menu offers no other
    (a second click would send the same write twice)."""

    def __init__(
        self,
        parent: QWidget,
        bus: ChangesBus,
        archive: Callable[[list[int]], None],
        *,
        runner: OperationRunner | None = None,
        clock=None,
    ):
        self._parent = parent
        self._bus = bus
        self._archive = archive
        self._runner = runner
        self._clock = clock
        self.writing = False  # a bulk write is on its way
        self.tag_dialog: QInputDialog | None = None  # the one open, for tests

    def menu_for(self, ids: list[int]) -> QMenu:
        menu = QMenu(self._parent)
        count = len(ids)
        tag_action = menu.addAction(
            ngettext(
                "Add a tag to {count} contact…", "Add a tag to {count} contacts…", count
            ).format(count=count)
        )
        tag_action.triggered.connect(lambda: self.ask_tag(ids))
        tag_action.setEnabled(not self.writing)
        stage_menu = menu.addMenu(_("Set stage"))
        stage_menu.setEnabled(not self.writing)
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
        """The tag names are read off the GUI thread; the dialog opens when they are in."""
        if self._runner is None:
            self._open_tag_dialog(ids, all_tags())
            return
        self._runner.query(
            all_tags,
            lambda names: self._open_tag_dialog(ids, names),
            key=f"bulk-tags-{id(self)}",
            parent=self._parent,
        )

    def _open_tag_dialog(self, ids: list[int], names: list[str]) -> None:
        # Window-modal and non-blocking: the runner's answers keep arriving meanwhile.
        dialog = QInputDialog(self._parent)
        dialog.setWindowTitle(_("Add a tag"))
        dialog.setLabelText(_("Tag:"))
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(True)
        dialog.setAccessibleName(_("Add a tag"))
        dialog.textValueSelected.connect(lambda name: self.tag(ids, name))
        dialog.finished.connect(dialog.deleteLater)
        self.tag_dialog = dialog
        dialog.open()

    def tag(self, ids: list[int], name: str) -> bool:
        return self._write(lambda: tag_contacts(ids, name))

    def set_stage(self, ids: list[int], stage: Stage) -> bool:
        clock = self._clock
        return self._write(lambda: set_stage(ids, stage, clock=clock))

    def _write(self, work: Callable[[], Any]) -> bool:
        """One write at a time; False (nothing sent) while the last one is on its way."""
        if self.writing:
            return False
        if self._runner is None:  # the list on its own (no window): inline, as before
            run_safely(self._parent, lambda: self._bus.publish(work()))
            return True
        self.writing = True
        # A refusal (a locked file) reaches the user through the runner's one reporter.
        self._runner.mutate(work, self._written, parent=self._parent, on_failure=self._written)
        return True

    def _written(self, _result: object) -> None:
        self.writing = False
