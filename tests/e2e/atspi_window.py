"""The real main window for the AT-SPI check: opens DATA_DIR, selects the first contact,
prints "ready" once the window is on screen, and runs until it is terminated.

Run by tests/e2e/atspi_probe.py as `python atspi_window.py DATA_DIR` on X with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 inside a D-Bus session."""

from __future__ import annotations

import sys

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_crm.cli.context import CliContext
from desktop_crm.i18n import set_language
from desktop_crm.paths import resolve
from desktop_crm.ui.app import _application
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.qt_translations import install_qt_translations


def show_window(data_dir: str, language: str) -> tuple[QApplication, MainWindow] | None:
    """The app (named for the probes) and its main window on screen; None if it never showed."""
    set_language(language)
    context = CliContext(paths=resolve(data_dir))
    app = _application()
    install_qt_translations(app, language)  # Qt's own buttons (Yes, Cancel) as the app has them
    app.setApplicationName("desktop-crm-atspi-check")
    context.open()
    window = MainWindow(clock=context.clock, region=context.region)
    window.resize(1280, 720)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("never exposed", flush=True)
        return None
    return app, window


def main(data_dir: str) -> int:
    shown = show_window(data_dir, "en")
    if shown is None:
        return 1
    app, window = shown
    window.contact_list.select_first()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
