"""Opens the merge dialog window-modal and one at a time: a second ask while it is open (a
double click while its contacts are still being read) raises it instead of opening another."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QDialog

from desktop_crm.ui.duplicates.merge_dialog import MergeDialog


class MergeOpener:
    """`open(ids)` shows a dialog made by `make(ids)`; `merged(dialog)` runs once it merged."""

    def __init__(
        self,
        make: Callable[[list[int]], MergeDialog],
        merged: Callable[[MergeDialog], object],
    ) -> None:
        self._make = make
        self._merged = merged
        self.dialog: MergeDialog | None = None  # the one open now

    def open(self, contact_ids: Sequence[int], dialog: MergeDialog | None = None) -> MergeDialog:
        """Window-modal, not blocking: the window keeps painting while the contacts are read."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = dialog or self._make(list(contact_ids))
        self.dialog = dialog
        dialog.finished.connect(lambda code: self._finished(dialog, code))
        dialog.open()
        return dialog

    def _finished(self, dialog: MergeDialog, code: int) -> None:
        self.dialog = None
        if code == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self._merged(dialog)
        dialog.deleteLater()
