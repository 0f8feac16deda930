"""What a use case changed, so each view refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    """Returned by every mutating service; the UI publishes it and never builds one."""

    contact_ids: set[int] = field(default_factory=set)
    contacts_added_or_removed: bool = False  # the list's rows changed, not just their content
    stages: bool = False
    follow_ups: bool = False
    deals: bool = False
    questions: bool = False
    conversations: bool = False
    everything: bool = False  # an import, undo or restore: reload all views
    # The record a create or an edit was about (a contact, deal or question), as Anki's
    # OpChangesWithId; 0 when there is no single one.
    id: int = 0

    def merge(self, other: Changes) -> Changes:
        self.contact_ids |= other.contact_ids
        self.id = self.id or other.id
        for name in (
            "contacts_added_or_removed",
            "stages",
            "follow_ups",
            "deals",
            "questions",
            "conversations",
            "everything",
        ):
            setattr(self, name, getattr(self, name) or getattr(other, name))
        return self
