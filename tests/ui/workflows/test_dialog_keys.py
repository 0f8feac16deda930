"""Dialogs walked by keyboard only: Enter presses the button the dialog is for, Tab reaches
every button (a table is one Tab stop, not one per cell), and no two controls of a dialog
share an access key, in English or in Dutch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services.backup import create_backup
from desktop_crm.services.demo import fill_demo
from desktop_crm.ui.backups_dialog import BackupsDialog
from desktop_crm.ui.export_dialog import ExportDialog
from desktop_crm.ui.import_wizard.history_dialog import ImportHistoryDialog


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_enter_on_a_choice_of_export_asks_for_the_file(qtbot, db, clock):
    asked: list[str] = []
    dialog = _shown(
        qtbot,
        ExportDialog(total=3, clock=clock, choose_path=lambda name, _f: asked.append(name) or ""),
    )
    dialog.format_buttons["vcf"].setChecked(True)
    dialog.format_buttons["vcf"].setFocus()
    qtbot.keyClick(dialog.format_buttons["vcf"], Qt.Key.Key_Return)
    assert asked and asked[0].endswith(".vcf")
    assert dialog.isVisible()  # no file chosen: the dialog stays, nothing was cancelled


def test_tab_leaves_the_import_history_table_for_each_undo_and_close(qtbot, db, clock):
    fill_demo(count=10, clock=clock)
    dialog = _shown(qtbot, ImportHistoryDialog(clock=clock, confirm=lambda _text: False))
    dialog.table.setFocus()
    stops = []
    for _ in range(3):
        stops.append(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert stops == [dialog.table, dialog.undo_button_at(0), dialog.close_button]
    assert dialog.focusWidget() is dialog.table  # round again, no trap
    assert QApplication.activeModalWidget() is None


def test_enter_in_the_backups_list_asks_to_restore_the_chosen_backup(qtbot, runner, clock):
    create_backup("manual", clock=clock)
    asked: list[str] = []
    dialog = _shown(
        qtbot,
        BackupsDialog(runner=runner, clock=clock, confirm=lambda text: asked.append(text) or False),
    )
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert len(asked) == 1  # Restore, the dialog's own button, was pressed (and refused here)
    assert dialog.isVisible()
