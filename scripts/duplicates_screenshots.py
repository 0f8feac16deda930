"""Render the Duplicates view and the side-by-side merge to docs/screenshots/
duplicates-{en,nl}.png and merge-{en,nl}.png.

Usage: python scripts/duplicates_screenshots.py [OUTPUT_DIR]. Runs offscreen in a temporary
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

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import FixedClock
from desktop_crm.i18n import set_language
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.store.database import close_database, open_database

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
PEOPLE = [
    # name, email, phone, company, job, stage, lead source, birthday
    ("Jan de Vries", "jan.devries@gmail.com", "", "", "", "lead", "bought_list", None),
    (
        "Vries, Jan de",
        "JanDeVries@gmail.com",
        "06 12345678",
        "De Vries Bouw B.V.",
        "Eigenaar",
        "prospect",
        "phone_book",
        Birthday(3, 14, 1971),
    ),
    ("J. de Vries", "", "+31 6 12345678", "De Vries Bouw", "", "lead", "internet", None),
    (
        "Sanne Jansen",
        "sanne@bloemen-jansen.nl",
        "",
        "Bloemen Jansen",
        "Inkoper",
        "customer",
        "in_person",
        None,
    ),
    ("Sanne Janssen", "", "020 7654321", "Bloemen Jansen", "", "lead", "bought_list", None),
    ("Fatima el Amrani", "fatima@example.org", "", "", "", "lead", "internet", Birthday(7, 2)),
    (
        "Fatima El Amrani",
        "",
        "06 55511122",
        "",
        "Adviseur",
        "lead",
        "referral",
        Birthday(7, 2, 1985),
    ),
    ("Pieter Bakker", "pieter@bakker-ict.nl", "", "Bakker ICT", "", "lead", "internet", None),
    ("Anna Bakker", "anna@bakker-ict.nl", "", "Bakker ICT", "", "lead", "internet", None),
]


def fill() -> list[int]:
    clock = FixedClock(NOW)
    ids = []
    for name, email, phone, company, job, stage, source, birthday in PEOPLE:
        draft = ContactDraft(
            full_name=name,
            company=company,
            job_title=job,
            stage=stage,
            lead_source=source,
            birthday=birthday,
            emails=[EmailEntry(email, is_primary=True)] if email else [],
            phones=[PhoneEntry(phone, is_primary=True)] if phone else [],
        )
        ids.append(create_contact(draft, clock=clock).id)
    return ids


def render(language: str, out: Path, ids: list[int]) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_crm.ui.changes_bus import ChangesBus
    from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
    from desktop_crm.ui.duplicates.view import DuplicatesWindow
    from desktop_crm.ui.duplicates.worker import scan

    set_language(language)
    app = QApplication.instance() or QApplication([])
    window = DuplicatesWindow(ChangesBus(), clock=FixedClock(NOW))
    window.resize(1100, 600)
    window.show()  # starts the scan on its worker thread
    window.view.wait_for_scan()
    app.processEvents()
    window.view.show_result(scan())  # the worker's function again, for a settled picture
    window.view.tree.expandAll()
    app.processEvents()
    window.grab().save(str(out / f"duplicates-{language}.png"))
    window.view.wait_for_scan()
    window.hide()
    dialog = MergeDialog(ids[:3], clock=FixedClock(NOW))
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / f"merge-{language}.png"))
    dialog.close()
    window.close()
    app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "duplicates.sqlite3")
        try:
            ids = fill()
            for language in ("en", "nl"):
                render(language, out, ids)
        finally:
            close_database()
    print(f"Saved duplicates-en/nl.png and merge-en/nl.png in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
