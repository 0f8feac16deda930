"""At start, when the folder or server chosen in File › Database… is not there: say so and
let the user go back to the default folder or quit (nothing is created anywhere meanwhile)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_crm.i18n import _
from desktop_crm.paths import default_root
from desktop_crm.services.data_location import Location, remember

_app: object = None


def missing_location_box(problem: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Desktop CRM"), problem)
    box.setAccessibleName(_("Your data cannot be found"))
    box.setInformativeText(
        _(
            "Go back to the default folder ({path}), or quit and connect the drive or the "
            "server first? The chosen place is left as it is."
        ).format(path=default_root())
    )
    default = box.addButton(_("Use the &default folder"), QMessageBox.ButtonRole.AcceptRole)
    default.setAccessibleName(_("Use the default folder"))
    quit_button = box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    quit_button.setAccessibleName(_("Quit"))
    box.setDefaultButton(quit_button)  # Enter never switches the data by accident
    return box


def ask_default_or_quit(problem: str) -> bool:
    """True when the user chose the default folder (the remembered choice is forgotten)."""
    global _app
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept: the window's too
    box = missing_location_box(problem)
    box.exec()
    clicked = box.clickedButton()
    if clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole:
        remember(Location())
        return True
    return False
