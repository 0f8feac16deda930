"""Qt's own dialogs speak Dutch in the Dutch app: the file dialog's labels (Qt 6 gave them an
access key that its Dutch catalogue lacks) and the standard buttons; a second install
replaces the first instead of stacking it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel

from desktop_crm.ui.qt_translations import install_qt_translations


@pytest.fixture
def dutch_qt(qapp: QApplication):
    catalogue = install_qt_translations(qapp, "nl")
    assert catalogue is not None
    yield catalogue
    qapp.removeTranslator(catalogue)


def test_the_file_dialog_labels_are_dutch(qtbot, dutch_qt):
    dialog = QFileDialog(None, "Contacten importeren")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}

    assert {"&Zoeken in:", "Bestands&naam:", "&Bestanden van type:"} <= labels


def test_the_standard_buttons_are_dutch(qtbot, dutch_qt):
    Button = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(Button.Ok | Button.Cancel | Button.Yes | Button.No)
    qtbot.addWidget(box)

    assert [box.button(b).text() for b in (Button.Cancel, Button.Yes, Button.No)] == [
        "Annuleren",
        "&Ja",
        "&Nee",
    ]


def test_installing_again_replaces_the_catalogue(qapp, dutch_qt):
    again = install_qt_translations(qapp, "nl")

    assert not qapp.removeTranslator(dutch_qt)  # already taken out by the second install
    assert again is not None and qapp.removeTranslator(again)


def test_in_english_the_standard_buttons_keep_their_text(qtbot, qapp):
    """qtbase_en lacks most texts: they must stay Qt's own, not become empty (blank OK and
    Cancel buttons, nameless to a screen reader)."""
    catalogue = install_qt_translations(qapp, "en")
    assert catalogue is not None
    try:
        Button = QDialogButtonBox.StandardButton
        box = QDialogButtonBox(Button.Ok | Button.Cancel)
        qtbot.addWidget(box)
        assert [box.button(b).text() for b in (Button.Ok, Button.Cancel)] == ["OK", "Cancel"]
    finally:
        qapp.removeTranslator(catalogue)
