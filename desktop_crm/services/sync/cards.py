"""Contacts as vCards for sync: the fields both sides share, a card built from a contact
(keeping the server card's properties we don't manage), and a card read back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services.exporting.rows import ExportContact
from desktop_crm.services.exporting.vcard_export import card_lines, fold
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.services.importing.vcard_reader import Card, card_to_record, parse_property
from desktop_crm.services.records import ContactDetails

# What the app writes; every other property of a server card is left as the phone wrote it.
MANAGED = {
    "BEGIN", "END", "VERSION", "PRODID", "UID", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL",
    "BDAY", "ADR", "URL", "NOTE", "CATEGORIES", "X-CRM-STAGE", "X-CRM-LEAD-SOURCE",
    "X-CRM-CUSTOM", "REV",
}  # fmt: skip


@dataclass
class SyncedFields:
    """The fields that travel both ways, in a form that compares equal when unchanged."""

    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    company: str = ""
    job_title: str = ""
    address: str = ""
    website: str = ""
    notes: str = ""
    birthday: str | None = None  # ISO, "--MM-DD" without a year
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164 where known, else as written
    tags: list[str] = field(default_factory=list)
    stage: str | None = None
    lead_source: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SyncedFields:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


# Text that reads the same on a contact's details and on an import record: copied by name.
_SAME_NAMED_TEXT = tuple(
    f.name for f in (cf.GIVEN_NAME, cf.MIDDLE_NAME, cf.FAMILY_NAME, *cf.PLAIN_TEXT_FIELDS)
) + (cf.LEAD_SOURCE.name,)


def _common(source: ContactDetails | ContactRecord) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(source, name) for name in _SAME_NAMED_TEXT}
    values["birthday"] = source.birthday.iso() if source.birthday else None
    values["tags"] = list(source.tags)
    return values


def fields_of_contact(contact: ContactDetails) -> SyncedFields:
    return SyncedFields(
        **_common(contact),  # type: ignore[arg-type]  # the names above are its fields
        emails=[e.email.lower() for e in contact.emails],
        phones=[p.e164 or p.raw for p in contact.phones],
        stage=contact.stage,
    )


def fields_of_record(record: ContactRecord) -> SyncedFields:
    return SyncedFields(
        **_common(record),  # type: ignore[arg-type]  # the names above are its fields
        emails=list(record.emails),
        phones=[p.e164 or p.raw for p in record.phones],
        stage=record.stage,
    )


def unfold(text: str) -> list[str]:
    """Logical lines of a card (RFC 6350 §3.2)."""
    lines: list[str] = []
    for physical in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1] += physical[1:]
        elif physical.strip():
            lines.append(physical)
    return lines


def _name_of(line: str) -> str:
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()  # "item1.TEL" → TEL


def parse_card(text: str, region: str) -> tuple[ContactRecord, str]:
    """The contact a server card holds, and its UID."""
    card = Card(line=1, number=1)
    uid = ""
    for line in unfold(text):
        name = _name_of(line)
        if name in ("BEGIN", "END"):
            continue
        prop = parse_property(line)
        if prop is None:
            continue
        if prop.name == "UID":
            uid = prop.value.strip()
        card.properties.append(prop)
    return card_to_record(card, region), uid


def build_card(contact: ContactDetails, uid: str, previous_body: str = "") -> str:
    """The card for `contact`; unmanaged properties of `previous_body` (a photo, a
    nickname, the phone's own X- properties) are carried over untouched."""
    export = ExportContact(
        id=contact.id,
        display_name=contact.full_name,
        **contact.field_values(),
        emails=[(e.email, e.label) for e in contact.emails],
        phones=[(p.raw, p.e164, p.label) for p in contact.phones],
        faxes=[],
        tags=list(contact.tags),
        custom=list(contact.custom_fields),
    )
    lines = card_lines(export)
    lines = [f"UID:{uid}" if _name_of(line) == "UID" else line for line in lines]
    kept = [line for line in unfold(previous_body) if _name_of(line) not in MANAGED]
    lines = lines[:-1] + kept + lines[-1:]
    return "".join(fold(line) for line in lines)


def birthday_from_iso(text: str | None) -> Birthday | None:
    if not text:
        return None
    if text.startswith("--"):
        return Birthday(int(text[2:4]), int(text[5:7]))
    return Birthday(int(text[5:7]), int(text[8:10]), int(text[0:4]))
