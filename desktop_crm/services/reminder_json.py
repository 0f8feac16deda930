"""A reminder as the JSON object `desktop-crm reminders due --json` prints (its contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only the type: reminders imports this module
    from desktop_crm.services.reminders import Reminder


def reminder_to_json(reminder: Reminder) -> dict[str, Any]:
    return {
        "kind": str(reminder.kind),
        "key": reminder.key,
        "contact_id": reminder.contact_id,
        "full_name": reminder.full_name,
        "due_at": reminder.due_at.isoformat(),
        "expires_at": reminder.expires_at.isoformat() if reminder.expires_at else None,
        "occurs_on": reminder.occurs_on.isoformat() if reminder.occurs_on else None,
        "age": reminder.age,
        "follow_up_id": reminder.follow_up_id,
        "title": reminder.title,
        "text": reminder.text,
        "raised": reminder.raised,
    }
