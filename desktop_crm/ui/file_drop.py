"""Contact files dropped on the window or named on the command line start the import."""

from __future__ import annotations

import inspect
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.changes import Changes

IMPORTABLE = (".csv", ".vcf")


def importable_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMPORTABLE]


def wizard_class():
    try:
        from desktop_crm.ui.import_wizard import ImportWizard
    except ImportError:
        return None
    return ImportWizard


def start_import(
    parent: QWidget, path: Path | None, *, clock=None, region: str = "NL", bus=None
) -> bool:
    """Open the import wizard for `path`; before it exists, say so plainly. True if it ran."""
    wizard_type = wizard_class()
    if wizard_type is None:
        QMessageBox.information(
            parent,
            _("Import"),
            _(
                "Import arrives in the next version. Until then, add contacts with Ctrl+N "
                "or try the sample data: desktop-crm demo"
            ),
        )
        return False
    available = {
        "parent": parent,
        "path": path,
        "clock": clock,
        "region": region,
        "bus": bus,
        # The window's local settings: the wizard's file chooser remembers its folder there.
        "settings": getattr(parent, "settings", None),
    }
    parameters = inspect.signature(wizard_type).parameters
    accepts_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    wizard = wizard_type(**{k: v for k, v in available.items() if accepts_any or k in parameters})
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    if accepted and bus is not None:
        bus.publish(Changes(everything=True))
    return accepted
