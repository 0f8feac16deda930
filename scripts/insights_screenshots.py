"""Render the Insights tab with demo data to docs/screenshots/insights-{en,nl}.png (1280×760).

Usage: python scripts/insights_screenshots.py [OUTPUT_DIR]. Runs offscreen in a temporary
database with a fixed clock, so the pictures are the same on every run."""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_crm.domain.clock import FixedClock
from desktop_crm.i18n import set_language
from desktop_crm.services.demo import fill_demo
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

SIZE = (1280, 760)
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def add_done_follow_ups(seed: int = 11) -> None:
    """The demo only schedules follow-ups; mark a believable share of past ones done."""
    rng = random.Random(seed)
    contacts = [c.id for c in m.Contact.select(m.Contact.id).limit(120)]
    for week in range(52):
        for _ in range(rng.randint(0, 4)):
            due = NOW - timedelta(weeks=week, days=rng.randint(0, 6), hours=rng.randint(0, 6))
            lateness = timedelta(days=rng.choice([0, 0, 0, 0, 1, 3])) - timedelta(hours=2)
            done = min(due + lateness, NOW - timedelta(hours=1))
            m.FollowUp.create(
                contact=rng.choice(contacts),
                due_at=to_storage(due),
                done_at=to_storage(done),
                text="Bellen",
                created_at=to_storage(due - timedelta(days=14)),
            )


def spread_clamped_conversations(seed: int = 13) -> None:
    """The demo clamps conversations it dates after today to one hour ago, which piles
    them into the current week; spread those over the past year as real use would."""
    rng = random.Random(seed)
    pile_start = to_storage(NOW - timedelta(hours=2))
    for talk in m.Conversation.select().where(m.Conversation.happened_at >= pile_start):
        talk.happened_at = to_storage(
            NOW - timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 9))
        )
        talk.save()


def render(language: str, target: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_crm.ui.insights import InsightsView

    set_language(language)
    app = QApplication.instance() or QApplication([])
    view = InsightsView(FixedClock(NOW))
    view.resize(*SIZE)
    view.show()
    view.refresh()
    app.processEvents()
    view.grab().save(str(target))
    view.close()
    view.deleteLater()
    app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "demo.sqlite3")
        try:
            fill_demo(clock=FixedClock(NOW), count=240)
            add_done_follow_ups()
            spread_clamped_conversations()
            for language in ("en", "nl"):
                render(language, out / f"insights-{language}.png")
        finally:
            close_database()
    print(f"Saved insights-en.png and insights-nl.png in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
