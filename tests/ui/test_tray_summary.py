"""The tray balloon's summary of many reminders: each line keeps its date (the name gives
way, not the end of the sentence) and the whole text stays within Windows' 255 characters."""

from __future__ import annotations

from datetime import date, datetime

from desktop_crm.domain.alarms import AlarmKind
from desktop_crm.i18n import set_language
from desktop_crm.services.reminder_text import format_day
from desktop_crm.services.reminders import Reminder
from desktop_crm.ui.tray import _summary

AGREED = date(2026, 8, 14)
NAMES = ["Ruben Kuijpers", "Emma van Leeuwen", "Maximiliaan van Oldenbarnevelt-Kuijpers", "Bo"]


def _recontact(number: int, name: str) -> Reminder:
    return Reminder(
        kind=AlarmKind.RECONTACT,
        key=f"recontact:{number}",
        contact_id=number,
        full_name=name,
        due_at=datetime(2026, 12, 1, 9, 0),
        expires_at=None,
        occurs_on=AGREED,
    )


def test_every_dutch_line_keeps_its_date_within_the_balloon_limit():
    set_language("nl")
    reminders = [_recontact(n, NAMES[n % len(NAMES)]) for n in range(54)]

    text = _summary(reminders)
    lines = text.split("\n")

    assert len(text) <= 255  # Windows cuts a balloon's text there
    assert len(lines) >= 3
    for line in lines[:-1]:
        assert line.endswith(format_day(AGREED)), line
    assert "Ruben Kuij" in lines[0] and "Emma" in lines[1]
    shown = len(lines) - 1
    assert lines[-1] == f"en nog {54 - shown}"


def test_a_follow_up_note_is_cut_at_its_end_and_keeps_the_name():
    note = "Offerte nabellen en vragen of de levering in het voorjaar nog past " * 3
    reminder = Reminder(
        kind=AlarmKind.FOLLOW_UP,
        key="follow_up:1",
        contact_id=1,
        full_name="Ruben Kuijpers",
        due_at=datetime(2026, 12, 1, 9, 0),
        expires_at=None,
        note=note,
    )

    line = _summary([reminder])

    assert line.startswith("• Ruben Kuijpers: Offerte nabellen")
    assert line.endswith("…")
