"""The Qt part of `--self-test`: tray icons draw, the SVG plugin works, Qt's Dutch loads."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_crm.resource_paths import resource

TRAY_ICONS = ("tray.svg", "tray-due.svg")
TRAY_SIZE = 22  # the usual panel size; a failing SVG plugin gives a null pixmap


def _ensure_platform() -> None:
    # Without a display Qt aborts the whole process; the self-test shows no window,
    # so offscreen is enough and keeps it usable over SSH and in CI.
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _application():
    _ensure_platform()
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def check_tray_icons() -> str:
    """Load each tray icon through QIcon, as the tray does; raise if one cannot be drawn."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QIcon

    app = _application()
    for name in TRAY_ICONS:
        path = resource("icons", name)
        if not path.is_file():
            raise FileNotFoundError(path)
        icon = QIcon(str(path))
        pixmap = icon.pixmap(TRAY_SIZE, TRAY_SIZE)
        if icon.isNull() or pixmap.isNull():
            raise RuntimeError(f"{name} cannot be drawn (is Qt's SVG image plugin missing?)")
        if pixmap.toImage().pixelColor(TRAY_SIZE // 2, TRAY_SIZE - 4).alpha() == 0:
            raise RuntimeError(f"{name} draws as an empty image")
    # Qt's own texts (standard buttons, file dialogs) come from qtbase_nl.qm.
    translator = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_nl", qt_folder):
        raise RuntimeError(f"qtbase_nl.qm not found in {qt_folder}")
    platform = app.platformName()
    return f"{', '.join(TRAY_ICONS)} drawn at {TRAY_SIZE} px; qtbase_nl loaded ({platform})"


def check_main_window(database: Path) -> str:
    """Build the main window (never shown) over an open throw-away database.

    This imports every view, so a module the bundle forgot fails here, not at a user's desk."""
    from desktop_crm.ui.main_window import MainWindow

    _application()
    window = MainWindow(settings=None)
    try:
        tabs = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    finally:
        # The window's reads (the list, the filter's choices) run on the runner's threads:
        # they finish and close their connections before the throw-away folder goes.
        window.runner.shutdown()
        window.deleteLater()
    return f"{len(tabs)} tabs ({', '.join(tabs)}) over {database.name}"


# Sorted by Unicode code points these come out "Frank, Zoë, anna, Émile"; only working
# ICU collation data (QtCore's, trimmed to our languages in the Linux bundle) sorts them
# as a Dutch reader expects.
COLLATION_SAMPLE = ("Frank", "Zoë", "anna", "Émile")
COLLATED = ["anna", "Émile", "Frank", "Zoë"]


def check_collation() -> str:
    """Qt's ICU data loads: a Dutch collator sorts accents and case as a reader expects."""
    from PySide6.QtCore import QCollator, QLocale

    _application()
    collator = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    ordered = sorted(COLLATION_SAMPLE, key=collator.sortKey)
    if ordered != COLLATED:
        raise RuntimeError(f"Dutch collation sorts {ordered} (is Qt's ICU data missing?)")
    return ", ".join(ordered)
