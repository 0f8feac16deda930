"""Contact files dropped on the window or named on the command line start the import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QDialog, QWidget

from desktop_crm.domain.clock import Clock
from desktop_crm.ui.changes_bus import ChangesBus

IMPORTABLE = (".csv", ".vcf", ".vcard", ".xlsx", ".ods")


def importable_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMPORTABLE]


def start_import(
    parent: QWidget,
    path: Path | None,
    *,
    clock: Clock | None = None,
    region: str = "NL",
    bus: ChangesBus | None = None,
) -> bool:
    """Open the import wizard for `path`; its imports and undos go on the bus. True if accepted."""
    from desktop_crm.ui.import_wizard.wizard import ImportWizard  # on first use, not at start

    # The window's local settings: the wizard's file chooser remembers its folder there.
    settings = getattr(parent, "settings", None)
    # The window's runner builds the search index after the import, in the background.
    runner = getattr(parent, "runner", None)
    wizard = ImportWizard(
        path, clock=clock, region=region, settings=settings, parent=parent, runner=runner
    )
    if bus is not None:
        # The service's Changes of the import (and of an undo on its last page).
        wizard.imported.connect(bus.publish)
    return wizard.exec() == QDialog.DialogCode.Accepted
