"""The real main window for the AT-SPI check: opens DATA_DIR, selects the first contact,
prints "ready" once the window is on screen, and runs until it is terminated.

Run by tests/e2e/atspi_probe.py as `python atspi_window.py DATA_DIR` on X with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 inside a D-Bus session."""

from __future__ import annotations

import sys

from PySide6.QtTest import QTest

from desktop_crm.cli.context import CliContext
from desktop_crm.i18n import set_language
from desktop_crm.paths import resolve
from desktop_crm.ui.app import _application
from desktop_crm.ui.main_window import MainWindow


def main(data_dir: str) -> int:
    set_language("en")
    context = CliContext(paths=resolve(data_dir))
    app = _application()
    app.setApplicationName("desktop-crm-atspi-check")
    context.open()
    window = MainWindow(clock=context.clock, region=context.region)
    window.resize(1280, 720)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("never exposed", flush=True)
        return 1
    window.contact_list.select_first()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
