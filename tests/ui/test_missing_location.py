"""At start, a chosen folder or server that is gone: the question offers the default folder
or Quit, Quit is what Enter does, and each button is named."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop_crm.ui.missing_location import missing_location_box


def test_the_question_offers_the_default_folder_or_quit_and_quit_is_the_default(qtbot):
    box = missing_location_box("The database folder /media/usb is not there.")
    qtbot.addWidget(box)
    roles = {box.buttonRole(b): b.accessibleName() for b in box.buttons()}
    assert roles == {
        QMessageBox.ButtonRole.AcceptRole: "Use the default folder",
        QMessageBox.ButtonRole.RejectRole: "Quit",
    }
    assert box.defaultButton().accessibleName() == "Quit"
    assert "/media/usb" in box.text() and "default folder" in box.informativeText()
