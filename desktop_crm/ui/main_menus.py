"""The main window's menus and shortcuts, built in one place so they are easy to find."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_crm.i18n import _
from desktop_crm.ui.access_keys import with_access_key
from desktop_crm.ui.contact_list.sort_menu import sort_menu
from desktop_crm.ui.snooze_choices import fill_when_shown

if TYPE_CHECKING:
    from desktop_crm.ui.main_window import MainWindow


@dataclass
class ShellActions:
    """The File and Help actions of the window shell (wired by `ui/window_shell.py`)."""

    import_history: QAction
    export: QAction
    back_up_now: QAction
    restore_backup: QAction
    open_data_folder: QAction
    remove_sample_data: QAction
    settings: QAction
    shortcuts: QAction
    about: QAction
    database: QAction | None = None


@dataclass
class WindowActions:
    new_contact: QAction
    import_file: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    archive: QAction
    log_conversation: QAction
    restore: QAction
    show_views: list[QAction]
    shell: ShellActions
    find_duplicates: QAction | None = None
    snooze_all: QMenu | None = None


def build_menus(window: MainWindow, view_titles: list[str]) -> WindowActions:
    """Menus with the issue's shortcuts; the window connects the actions' `triggered`."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    new_contact = file_menu.addAction(_("&New contact…"))
    new_contact.setShortcut(QKeySequence.StandardKey.New)
    import_file = file_menu.addAction(_("&Import contacts…"))
    import_file.setShortcut(QKeySequence(_("Ctrl+I")))
    import_history = file_menu.addAction(_("Import &history…"))
    export = file_menu.addAction(_("&Export…"))
    file_menu.addSeparator()
    back_up_now = file_menu.addAction(_("&Back up now"))
    restore_backup = file_menu.addAction(_("&Restore from backup…"))
    open_data_folder = file_menu.addAction(_("Open &data folder"))
    database = file_menu.addAction(_("Da&tabase…"))
    remove_sample_data = file_menu.addAction(_("Re&move sample data"))
    file_menu.addSeparator()
    settings = file_menu.addAction(_("&Settings…"))
    settings.setShortcut(QKeySequence("Ctrl+,"))
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    file_menu.addSeparator()
    quit_action = file_menu.addAction(_("&Quit"))
    # StandardKey.Quit is empty on some desktops (and offscreen): Ctrl+Q everywhere.
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu(_("&Edit"))
    undo = window.undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, _("&Redo"))
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    find = edit_menu.addAction(_("&Find contacts"))
    find.setShortcut(QKeySequence.StandardKey.Find)
    archive = edit_menu.addAction(_("&Archive selected contacts"))
    archive.setShortcut(QKeySequence(Qt.Key.Key_Delete))
    # Delete in a text field deletes text: the shortcut only fires from the list itself.
    archive.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    edit_menu.addSeparator()
    find_duplicates = edit_menu.addAction(_("Find &duplicates…"))

    contact_menu = bar.addMenu(_("&Contact"))
    log_conversation = contact_menu.addAction(_("&Log conversation…"))
    log_conversation.setShortcut(QKeySequence(_("Ctrl+L")))
    # Offered where archived contacts are shown (the list's archive, an archived contact).
    restore = contact_menu.addAction(_("&Restore from archive"))
    restore.setShortcut(QKeySequence("Ctrl+Shift+R"))
    restore.setEnabled(False)

    view_menu = bar.addMenu(_("&View"))
    show_views = []
    taken: set[str] = set()
    for number, title in enumerate(view_titles, start=1):
        action = view_menu.addAction(with_access_key(title, taken))
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        show_views.append(action)
    # The keyboard's route to what a header click does (table headers are no Tab stops).
    view_menu.addSeparator()
    view_menu.addMenu(sort_menu(window.contact_list.view, _("Sort by"), taken, parent=window))
    # The tray's "Snooze all", which its menu offers by mouse only.
    view_menu.addSeparator()
    snooze_all = view_menu.addMenu(with_access_key(_("Snooze all reminders"), taken))
    snooze_all.setAccessibleName(_("Snooze all reminders"))
    fill_when_shown(snooze_all, window.snooze_all_requested.emit)

    help_menu = bar.addMenu(_("&Help"))
    shortcuts = help_menu.addAction(_("&Keyboard shortcuts"))
    shortcuts.setShortcuts([QKeySequence(Qt.Key.Key_F1), QKeySequence("Ctrl+/")])
    about = help_menu.addAction(_("&About Desktop CRM"))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    shell = ShellActions(
        import_history,
        export,
        back_up_now,
        restore_backup,
        open_data_folder,
        remove_sample_data,
        settings,
        shortcuts,
        about,
        database=database,
    )
    return WindowActions(
        new_contact,
        import_file,
        quit_action,
        undo,
        redo,
        find,
        archive,
        log_conversation,
        restore,
        show_views,
        shell,
        find_duplicates=find_duplicates,
        snooze_all=snooze_all,
    )
