"""The contact's fields described once: name, kind, the most characters a value may hold, label.

The import readers cut to these limits, the validation behind the editor refuses more
than these limits, so a contact imported at every limit can be saved unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.domain.emails import MAX_LENGTH as EMAIL_LIMIT
from desktop_crm.domain.names import MAX_LENGTH as NAME_LIMIT
from desktop_crm.i18n import N_, _


class FieldKind(StrEnum):
    LINE = "line"  # one line of text
    TEXT = "text"  # several lines (address, notes)
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    TAGS = "tags"  # a list of short names
    BIRTHDAY = "birthday"
    CHOICE = "choice"  # one of a fixed list of codes (the stage)


@dataclass(frozen=True)
class ContactField:
    """One field of a contact: its attribute name on drafts, records and details."""

    name: str
    kind: FieldKind
    limit: int  # most characters in one value (one tag, one email, one phone number)
    source_label: str  # English, marked with N_; `label` gives it in the user's language
    column: str  # the header of its column in our CSV export (which our import reads back)

    @property
    def label(self) -> str:
        return _(self.source_label)


LINE_LIMIT = NAME_LIMIT  # company, job title, lead source: as long as a name
ENTRY_LABEL_LIMIT = 64  # "work", "mobile": the label of one email or phone
TAG_LIMIT = 100
PHONE_LIMIT = 64
ADDRESS_LIMIT = 2_000
URL_LIMIT = 2_000
NOTES_LIMIT = 100_000  # a long history pasted from another CRM, not a novel
STAGE_LIMIT = 32  # the longest stage code, repeat_buyer, with room to spare

FULL_NAME = ContactField("full_name", FieldKind.LINE, NAME_LIMIT, N_("Name"), "Full Name")
GIVEN_NAME = ContactField("given_name", FieldKind.LINE, NAME_LIMIT, N_("First name"), "Given Name")
MIDDLE_NAME = ContactField("middle_name", FieldKind.LINE, NAME_LIMIT, N_("Middle"), "Middle Name")
FAMILY_NAME = ContactField(
    "family_name", FieldKind.LINE, NAME_LIMIT, N_("Last name"), "Family Name"
)
EMAIL = ContactField("email", FieldKind.EMAIL, EMAIL_LIMIT, N_("Email"), "Email")
PHONE = ContactField("phone", FieldKind.PHONE, PHONE_LIMIT, N_("Phone"), "Phone")
FAX = ContactField("fax", FieldKind.PHONE, PHONE_LIMIT, N_("Fax"), "Fax")
BIRTHDAY = ContactField(
    "birthday", FieldKind.BIRTHDAY, len("YYYY-MM-DD"), N_("Birthday"), "Birthday"
)
COMPANY = ContactField("company", FieldKind.LINE, LINE_LIMIT, N_("Company"), "Company")
JOB_TITLE = ContactField("job_title", FieldKind.LINE, LINE_LIMIT, N_("Job title"), "Job Title")
ADDRESS = ContactField("address", FieldKind.TEXT, ADDRESS_LIMIT, N_("Address"), "Address")
WEBSITE = ContactField("website", FieldKind.URL, URL_LIMIT, N_("Website"), "Website")
NOTES = ContactField("notes", FieldKind.TEXT, NOTES_LIMIT, N_("Notes"), "Notes")
STAGE = ContactField("stage", FieldKind.CHOICE, STAGE_LIMIT, N_("Stage"), "Stage")
LEAD_SOURCE = ContactField(
    "lead_source", FieldKind.LINE, LINE_LIMIT, N_("Lead source"), "Lead Source"
)
TAGS = ContactField("tags", FieldKind.TAGS, TAG_LIMIT, N_("Tags"), "Tags")

# In the order of the CSV export's columns.
FIELDS: tuple[ContactField, ...] = (
    FULL_NAME,
    GIVEN_NAME,
    MIDDLE_NAME,
    FAMILY_NAME,
    EMAIL,
    PHONE,
    FAX,
    BIRTHDAY,
    COMPANY,
    JOB_TITLE,
    ADDRESS,
    WEBSITE,
    NOTES,
    STAGE,
    LEAD_SOURCE,
    TAGS,
)
BY_NAME: dict[str, ContactField] = {f.name: f for f in FIELDS}
# Text held the same way on drafts, import records, details and the contact's row, so it is
# copied between them by name.
PLAIN_TEXT_FIELDS: tuple[ContactField, ...] = (COMPANY, JOB_TITLE, ADDRESS, WEBSITE, NOTES)


def cut(value: str, limit: int) -> str:
    """`value` cut to `limit` characters (the import's rule: keep what fits, never refuse)."""
    return value if len(value) <= limit else value[:limit]
