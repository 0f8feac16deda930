"""Screenshots of the sync account dialog and of the status bar during and after a sync,
in English and Dutch: `python scripts/sync_screenshots.py` (offscreen; writes docs/screenshots)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_crm.domain.clock import SystemClock  # noqa: E402
from desktop_crm.i18n import _, set_language  # noqa: E402
from desktop_crm.services.demo import fill_demo  # noqa: E402
from desktop_crm.store.database import close_database, open_database  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402
from desktop_crm.ui.sync.account_dialog import SyncAccountDialog  # noqa: E402
from desktop_crm.ui.sync.controller import install_sync  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="desktop-crm-sync-shots-"))
    open_database(path=folder / "desktop-crm.sqlite")
    fill_demo(clock=SystemClock(), count=40)
    for language in ("en", "nl"):
        set_language(language)
        dialog = SyncAccountDialog(folder, status=_("Synced at {time}").format(time="09:41"))
        dialog.url.setText("https://cloud.example.nl/remote.php/dav/")
        dialog.user.setText("anna")
        dialog.password.setText("secret")
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / f"sync-account-{language}.png"))
        dialog.close()
        window = MainWindow(clock=SystemClock())
        window.resize(1366, 740)
        controller = install_sync(window, window.bus, folder, region="NL", clock=SystemClock())
        controller.periodic.stop()
        controller.soon.stop()
        window.show()
        for name, text in (
            ("syncing", _("Syncing…")),
            ("synced", _("Synced at {time}").format(time="09:41")),
        ):
            controller.status_changed.emit(text)
            app.processEvents()
            bar = window.statusBar()
            bar.grab().save(str(OUT / f"sync-status-{name}-{language}.png"))
        window.close()
    close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
