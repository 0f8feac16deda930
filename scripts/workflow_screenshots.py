"""Render the detail pane and the command palette with demo data, in English and Dutch,
to docs/screenshots/{detail,palette}-{en,nl}.png (window at 1366×768).

Usage: python scripts/workflow_screenshots.py [OUTPUT_DIR]. Runs offscreen in a temporary
database with a fixed clock, so the pictures are the same on every run."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from desktop_crm.domain.clock import FixedClock
from desktop_crm.i18n import set_language
from desktop_crm.services.demo import fill_demo
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

SIZE = (1366, 768)
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def render(app: QApplication, language: str, target: Path) -> None:
    from desktop_crm.ui.main_window import MainWindow

    set_language(language)
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "demo.sqlite")
        fill_demo(clock=clock, count=60)
        window = MainWindow(clock=clock)
        window.resize(*SIZE)
        window.show()
        settle(app)
        busy = m.Contact.select().where(m.Contact.job_title != "").order_by(m.Contact.id).first()
        window.contact_list.select_contact(busy.id if busy else 1)
        settle(app)
        window.detail.fields.job_title_edit.setFocus()
        settle(app)
        window.grab().save(str(target / f"detail-{language}.png"), "PNG")

        palette = window.command_palette()
        palette.show()
        palette.query_edit.setText("de")
        palette.contact_search.search("de")  # now, not after the typing pause
        palette.contact_search.pool.waitForDone()
        settle(app)
        palette.grab().save(str(target / f"palette-{language}.png"), "PNG")
        palette.reject()
        window.close()
        window.deleteLater()
        settle(app)
        close_database()


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for language in ("en", "nl"):
        render(app, language, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
