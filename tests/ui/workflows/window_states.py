"""Every state of the main window and every dialog its menus open, each opened the way the
user opens it, for the accessibility audits: the Qt-level test (offscreen) and the AT-SPI
walk on a real X display (tests/e2e/atspi_audit_window.py).

A state is a name and a function `open(window, ids, wait, folder)` that returns the widget
to audit (the window itself, or the dialog it opened); `wait(predicate)` turns the event
loop until the predicate holds; `folder` is a scratch folder for files the state needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

Wait = Callable[[Callable[[], bool]], None]
Opener = Callable[[Any, list[int], Wait, Path], QWidget]


def _idle(window, wait: Wait) -> None:
    wait(window.runner.is_idle)


def _contact_tab(index: int) -> Opener:
    def open_(window, ids, wait, _folder) -> QWidget:
        window.tabs.setCurrentIndex(0)
        # The list may still be reading its rows (after the sample data came in): ask again.
        wait(lambda: window.contact_list.select_contact(ids[0]))
        wait(lambda: window.detail.contact_id == ids[0] and not window.detail.is_loading)
        window.detail.tabs.setCurrentIndex(index)
        _idle(window, wait)
        return window

    return open_


def _main_tab(index: int) -> Opener:
    def open_(window, _ids, wait, _folder) -> QWidget:
        window.tabs.setCurrentIndex(index)
        _idle(window, wait)
        return window

    return open_


def _shell_dialog(open_name: str) -> Opener:
    def open_(window, _ids, wait, _folder) -> QWidget:
        getattr(window.shell, open_name)()
        _idle(window, wait)
        wait(lambda: window.shell.dialog is not None and window.shell.dialog.isVisible())
        return window.shell.dialog

    return open_


def _settings_tab(index: int) -> Opener:
    def open_(window, ids, wait, folder) -> QWidget:
        from desktop_crm.ui.settings.dialog import SettingsDialog

        window.shell.ask_settings()
        wait(lambda: isinstance(window.shell.dialog, SettingsDialog))
        dialog = window.shell.dialog
        dialog.tabs.setCurrentIndex(min(index, dialog.tabs.count() - 1))
        return dialog

    return open_


def _new_contact(window, _ids, _wait, _folder) -> QWidget:
    return window.new_contact()


def _log_conversation(window, ids, wait, folder) -> QWidget:
    _contact_tab(0)(window, ids, wait, folder)
    dialog = window.detail.log_dialog()
    dialog.open()
    return dialog


def _deal(window, ids, _wait, _folder) -> QWidget:
    from desktop_crm.ui.detail.deals_box import DealDialog

    dialog = DealDialog(ids[0], clock=window.clock, parent=window)
    dialog.open()
    return dialog


def _import_page(page: int) -> Opener:
    def open_(window, _ids, wait, folder) -> QWidget:
        from desktop_crm.ui.import_wizard.wizard import ImportWizard

        path = folder / "import.csv"
        path.write_text("Name,E-mail,Phone\nPetra Visser,petra@example.nl,0612345678\n")
        wizard = ImportWizard(str(path), clock=window.clock, parent=window)
        wizard.open()
        wait(lambda: not wizard.busy())
        for _step in range(page):
            wizard.next()
            wait(lambda: not wizard.busy())
        if page == 1:  # in the first "Import as" box: the audit hears what Orca would say
            wizard.mapping_page.combo_at(0).setFocus()
        if page == 2:  # in the first row's Action box, made when its cell is edited
            from desktop_crm.ui.import_wizard.preview_model import Column

            table = wizard.preview_page.table
            index = wizard.preview_page.model.index(0, Column.ACTION)
            table.setCurrentIndex(index)
            table.setFocus()
            table.edit(index)
        return wizard

    return open_


def _sync_account(window, _ids, _wait, folder) -> QWidget:
    from desktop_crm.ui.sync.account_dialog import SyncAccountDialog

    dialog = SyncAccountDialog(folder, parent=window)
    dialog.open()
    return dialog


def _duplicates(window, _ids, wait, _folder) -> QWidget:
    shown = window.show_duplicates()
    _idle(window, wait)
    return shown


def _merge(window, ids, wait, _folder) -> QWidget:
    from desktop_crm.ui.duplicates.merge_dialog import MergeDialog

    dialog = MergeDialog(ids[:2], clock=window.clock, runner=window.runner, parent=window)
    dialog.open()
    wait(lambda: bool(dialog.contacts))
    return dialog


def _palette(window, _ids, _wait, _folder) -> QWidget:
    palette = window.command_palette()
    palette.open()
    return palette


def _bulk_tag(window, ids, wait, _folder) -> QWidget:
    bulk = window.contact_list.bulk
    bulk.ask_tag(ids[:2])
    wait(lambda: getattr(bulk, "tag_dialog", None) is not None)
    return bulk.tag_dialog


def _message_box(window, _ids, _wait, _folder) -> QWidget:
    """A question as the app asks one (Remove sample data, Undo import, Restore)."""
    from desktop_crm.i18n import _

    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Undo import"),
        _("Desktop CRM"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.open()
    return box


def states(window) -> list[tuple[str, Opener]]:
    """Every state to audit, for this window (its tabs and the detail pane's tabs)."""
    found: list[tuple[str, Opener]] = []
    _contact_tab(0)  # the detail pane is built when Contacts shows
    detail_tabs = 4 if window.detail is None else window.detail.tabs.count()
    for index in range(detail_tabs):
        found.append((f"contacts, detail tab {index}", _contact_tab(index)))
    for index in range(1, window.tabs.count()):
        found.append((f"main tab {index} ({window.tabs.tabText(index)})", _main_tab(index)))
    found += [
        ("new contact", _new_contact),
        ("log conversation", _log_conversation),
        ("deal", _deal),
        ("import wizard, detect page", _import_page(0)),
        ("import wizard, mapping page", _import_page(1)),
        ("import wizard, preview page", _import_page(2)),
        ("export", _shell_dialog("open_export")),
        ("import history", _shell_dialog("open_import_history")),
        ("backups", _shell_dialog("open_backups")),
    ]
    for index in range(6):  # the sixth, Sync, when sync is installed
        found.append((f"settings, tab {index}", _settings_tab(index)))
    found += [
        ("sync account", _sync_account),
        ("find duplicates", _duplicates),
        ("merge", _merge),
        ("command palette", _palette),
        ("keyboard shortcuts", _shell_dialog("open_shortcuts")),
        ("about", _shell_dialog("open_about")),
        ("bulk tag", _bulk_tag),
        ("message box", _message_box),
    ]
    return found


def close(window, shown: QWidget) -> None:
    """Close what a state opened, so the next state starts from the plain window."""
    if isinstance(shown, QDialog):
        shown.done(0)
    window.tabs.setCurrentIndex(0)
