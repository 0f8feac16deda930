"""Bulk actions on the selected contacts: tag, set stage, archive or restore (undoable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QComboBox, QInputDialog, QMenu, QWidget

from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.bulk_edits import move_contacts, tag_selected
from desktop_crm.services.contact_queries import all_tags
from desktop_crm.ui.accessible_names import name_field
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.contact_list.bulk_undo import stage_command, tag_command
from desktop_crm.ui.error_dialog import run_safely
from desktop_crm.ui.operations import OperationRunner


class BulkActions:
    """Builds the context menu for a selection; every action publishes its Changes.

    With a runner (the window) each write is one service transaction on the writer thread
    and the runner publishes its Changes; while one is on its way the menu offers no other
    (a second click would send the same write twice). A write that went through is handed
    to `push` as one undo step."""

    def __init__(
        self,
        parent: QWidget,
        bus: ChangesBus,
        archive: Callable[[list[int]], None],
        *,
        runner: OperationRunner | None = None,
        push: Callable[[QUndoCommand], object] | None = None,
        clock=None,
        restore: Callable[[list[int]], None] | None = None,
    ):
        self._parent = parent
        self._bus = bus
        self._archive = archive
        self._restore = restore
        self._runner = runner
        self._push = push
        self._clock = clock
        self.writing = False  # a bulk write is on its way
        self.tag_dialog: QInputDialog | None = None  # the one open, for tests

    def menu_for(self, ids: list[int], *, archived: bool = False) -> QMenu:
        """The menu for `ids`; `archived`: they are in the archive, and come back from it."""
        menu = QMenu(self._parent)
        count = len(ids)
        shown = format_number(count)  # "100.000" in Dutch, "100,000" in English
        tag_action = menu.addAction(
            ngettext(
                "Add a tag to {count} contact…", "Add a tag to {count} contacts…", count
            ).format(count=shown)
        )
        tag_action.triggered.connect(lambda: self.ask_tag(ids))
        untag_action = menu.addAction(
            ngettext(
                "Remove a tag from {count} contact…", "Remove a tag from {count} contacts…", count
            ).format(count=shown)
        )
        untag_action.triggered.connect(lambda: self.ask_tag(ids, remove=True))
        for action in (tag_action, untag_action):
            action.setEnabled(not self.writing)
        stage_menu = menu.addMenu(_("Set stage"))
        stage_menu.setEnabled(not self.writing)
        for stage in Stage:
            action = stage_menu.addAction(stage.label)
            action.triggered.connect(lambda _checked=False, s=stage: self.set_stage(ids, s))
        menu.addSeparator()
        if archived and self._restore is not None:
            restore = self._restore
            back = menu.addAction(
                ngettext(
                    "Restore {count} contact from archive",
                    "Restore {count} contacts from archive",
                    count,
                ).format(count=shown)
            )
            back.triggered.connect(lambda: restore(ids))
            return menu
        archive_action = menu.addAction(
            ngettext("Archive {count} contact", "Archive {count} contacts", count).format(
                count=shown
            )
        )
        archive_action.triggered.connect(lambda: self._archive(ids))
        return menu

    def ask_tag(self, ids: list[int], *, remove: bool = False) -> None:
        """The tag names are read off the GUI thread; the dialog opens when they are in."""
        if self._runner is None:
            self._open_tag_dialog(ids, all_tags(), remove)
            return
        self._runner.query(
            all_tags,
            lambda names: self._open_tag_dialog(ids, names, remove),
            key=f"bulk-tags-{id(self)}",
            parent=self._parent,
        )

    def _open_tag_dialog(self, ids: list[int], names: list[str], remove: bool) -> None:
        # Window-modal and non-blocking: the runner's answers keep arriving meanwhile.
        dialog = QInputDialog(self._parent)
        title = _("Remove a tag") if remove else _("Add a tag")
        dialog.setWindowTitle(title)
        dialog.setLabelText(_("Tag:"))
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(not remove)  # only a tag that exists can be taken off
        dialog.setAccessibleName(title)
        box = dialog.findChild(QComboBox)
        if box is not None:  # the box the "Tag:" label sits above
            name_field(box, _("Tag"))
        dialog.textValueSelected.connect(lambda name: self.tag(ids, name, remove=remove))
        dialog.finished.connect(dialog.deleteLater)
        self.tag_dialog = dialog
        dialog.open()
        # QInputDialog shrinks to its combo box when shown (its layout overrides a minimum
        # width); the window manager then cut the title to "Label t…p CRM".
        title_width = dialog.fontMetrics().horizontalAdvance(title)
        dialog.resize(max(dialog.width(), 360, title_width + 240), dialog.height())

    def tag(self, ids: list[int], name: str, *, remove: bool = False) -> bool:
        return self._write(lambda: tag_selected(ids, name, remove=remove), tag_command)

    def set_stage(self, ids: list[int], stage: Stage) -> bool:
        clock = self._clock
        return self._write(
            lambda: move_contacts(ids, stage, clock=clock),
            lambda move, runner: stage_command(move, runner, clock=clock),
        )

    def _write(
        self,
        work: Callable[[], Any],
        undo_step: Callable[[Any, OperationRunner], QUndoCommand | None],
    ) -> bool:
        """One write at a time; False (nothing sent) while the last one is on its way."""
        if self.writing:
            return False
        if self._runner is None:  # the list on its own (no window): inline, as before
            run_safely(self._parent, lambda: self._bus.publish(work().changes))
            return True
        self.writing = True
        # A stage move of every contact takes seconds on the writer: the list says it is busy
        # (it stays usable; the menu offers no second bulk write meanwhile).
        self._parent.setCursor(Qt.CursorShape.BusyCursor)
        runner = self._runner
        # A refusal (a locked file) reaches the user through the runner's one reporter,
        # and leaves no undo step: nothing was changed.
        runner.mutate(
            work,
            lambda result: self._written(undo_step(result, runner)),
            parent=self._parent,
            on_failure=lambda _message: self._written(None),
        )
        return True

    def _written(self, command: QUndoCommand | None) -> None:
        self.writing = False
        self._parent.unsetCursor()
        if command is not None and self._push is not None:
            self._push(command)
