"""Plain value objects that services hand to the GUI and the command line (no Peewee rows)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from desktop_crm.domain.birthdays import Birthday


@dataclass(frozen=True)
class EmailEntry:
    email: str
    label: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class PhoneEntry:
    raw: str
    e164: str | None = None
    label: str = ""
    is_primary: bool = False


@dataclass
class ContactDraft:
    """What a user (or a script) gives to create or change a contact."""

    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    full_name: str = ""  # typed as one string; split into parts when those are empty
    company: str = ""
    job_title: str = ""
    address: str = ""
    website: str = ""
    notes: str = ""
    birthday: Birthday | None = None
    birthday_card_days: int | None = None
    lead_source: str = ""
    stage: str = "lead"
    emails: list[EmailEntry] = field(default_factory=list)
    phones: list[PhoneEntry] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Custom field values by key; None leaves the stored ones as they are (imports, scripts).
    custom_fields: dict[str, str] | None = None


@dataclass(frozen=True)
class ContactSummary:
    """One row of the contact list."""

    id: int
    full_name: str
    company: str
    stage: str
    lead_source: str
    primary_email: str | None
    phone_e164: str | None
    next_follow_up: datetime | None
    last_contact: datetime | None
    archived: bool = False
    possible_duplicate: bool = False  # flagged by an import, a save or the duplicate scan


@dataclass(frozen=True, kw_only=True)
class ContactFieldValues:
    """The contact's own one-value fields, held alike by its details and its export.

    The names are those of `domain.contact_fields` (a test holds the two together) and of
    the contact's columns. Keyword-only, so a subclass adds its fields in any order."""

    given_name: str
    middle_name: str
    family_name: str
    company: str
    job_title: str
    address: str
    website: str
    notes: str
    birthday: Birthday | None
    birthday_card_days: int | None
    lead_source: str
    stage: str

    def field_values(self) -> dict[str, Any]:
        """These fields by name, to build another holder of them (a draft, an export)."""
        return {name: getattr(self, name) for name in FIELD_VALUE_NAMES}


FIELD_VALUE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ContactFieldValues))
# The contact's row has a column of the same name for each, except the birthday's three.
_SAME_NAMED_COLUMNS = tuple(name for name in FIELD_VALUE_NAMES if name != "birthday")


def field_values_of_row(row: Any) -> dict[str, Any]:
    """`ContactFieldValues`' fields read from a contact's row (a Peewee `Contact`)."""
    values = {name: getattr(row, name) for name in _SAME_NAMED_COLUMNS}
    values["birthday"] = Birthday.from_columns(
        row.birthday_month, row.birthday_day, row.birthday_year
    )
    return values


@dataclass(frozen=True)
class ContactDetails(ContactFieldValues):
    """One contact as the detail pane and the command line show it."""

    id: int
    full_name: str
    archived: bool
    recontact_on: date | None
    emails: tuple[EmailEntry, ...]
    phones: tuple[PhoneEntry, ...]
    tags: tuple[str, ...]
    custom_fields: tuple[tuple[str, str], ...]
    possible_duplicate_of: int | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def primary_email(self) -> str | None:
        chosen = next((e for e in self.emails if e.is_primary), None) or next(
            iter(self.emails), None
        )
        return chosen.email if chosen else None

    @property
    def primary_phone(self) -> PhoneEntry | None:
        return next((p for p in self.phones if p.is_primary), None) or next(iter(self.phones), None)

    @property
    def phone_e164(self) -> str | None:
        phone = self.primary_phone
        return phone.e164 if phone else None

    def to_json(self) -> dict:
        """The command line's contract: id, full_name, primary_email, phone_e164, birthday, …"""
        return {
            "id": self.id,
            "full_name": self.full_name,
            "given_name": self.given_name,
            "middle_name": self.middle_name,
            "family_name": self.family_name,
            "primary_email": self.primary_email,
            "phone_e164": self.phone_e164,
            "birthday": self.birthday.iso() if self.birthday else None,
            "stage": self.stage,
            "lead_source": self.lead_source,
            "company": self.company,
            "job_title": self.job_title,
            "tags": list(self.tags),
            "emails": [
                {"email": e.email, "label": e.label, "primary": e.is_primary} for e in self.emails
            ],
            "phones": [
                {"raw": p.raw, "e164": p.e164, "label": p.label, "primary": p.is_primary}
                for p in self.phones
            ],
            "address": self.address,
            "website": self.website,
            "notes": self.notes,
            "archived": self.archived,
            "recontact_on": self.recontact_on.isoformat() if self.recontact_on else None,
            "custom_fields": dict(self.custom_fields),
            "possible_duplicate_of": self.possible_duplicate_of,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }
