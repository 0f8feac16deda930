"""About Desktop CRM: the version, where the data lives, and the licence."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm import __version__
from desktop_crm.i18n import _
from desktop_crm.ui.screen_fit import fit_to_screen

LICENCE = "Proprietary"  # as pyproject.toml says; shown untranslated, it is a legal name


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("About Desktop CRM"))
        title = QLabel(_("Desktop CRM"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            _("Contacts, follow-ups and deals for solo entrepreneurs. Your data stays with you.")
        )
        blurb.setWordWrap(True)

        form = QFormLayout()
        self.version_label = QLabel(__version__)
        self.folder_label = QLabel(str(data_folder) if data_folder else _("on a database server"))
        self.folder_label.setWordWrap(True)
        self.licence_label = QLabel(LICENCE)
        self.runtime_label = QLabel(
            _("Python {python} · Qt for Python {qt}").format(
                python=platform.python_version(), qt=pyside_version
            )
        )
        for text, label in (
            (_("Version:"), self.version_label),
            (_("Data folder:"), self.folder_label),
            (_("Licence:"), self.licence_label),
            (_("Built with:"), self.runtime_label),
        ):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(text)
            caption.setBuddy(label)
            label.setAccessibleName(text.rstrip(":"))
            form.addRow(caption, label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setAccessibleName(_("Close"))
        self.open_folder = QPushButton(_("Open data folder"))
        self.open_folder.setAccessibleName(_("Open data folder"))
        self.open_folder.setEnabled(data_folder is not None)
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_folder)))
        )
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 300)
