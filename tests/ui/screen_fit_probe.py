"""Run in a child process on an offscreen screen of a given size: open the main window, every
shell dialog and the import wizard, and print each one's frame and the available area as JSON.

Usage: python -m tests.ui.screen_fit_probe DATA_DIR"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main() -> None:
    app = QApplication(sys.argv[:1])
    from desktop_crm.store.database import open_database
    from desktop_crm.ui.app import DIALOG_VIEWS, open_view_dialog
    from desktop_crm.ui.import_wizard import ImportWizard
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.screen_fit import available_area

    open_database(path=Path(sys.argv[1]) / "desktop-crm.sqlite")
    window = MainWindow()
    window.show()
    app.processEvents()
    area = available_area(window)
    found = {"area": [area.x(), area.y(), area.width(), area.height()], "windows": {}}

    def record(name: str, widget) -> None:
        widget.show()
        app.processEvents()
        frame = widget.frameGeometry()
        found["windows"][name] = [frame.x(), frame.y(), frame.width(), frame.height()]

    record("main", window)
    for view in DIALOG_VIEWS:
        dialog = open_view_dialog(window, view)
        record(view, dialog)
        dialog.done(0)
    wizard = ImportWizard(None, parent=window)
    record("import-wizard", wizard)
    wizard.done(0)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
