"""The normalised contact record every reader produces, and the fields a column can map to."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.contact_fields import NAME_LIMIT as NAME_MAX
from desktop_crm.domain.duplicates import Keys
from desktop_crm.domain.emails import normalise_email
from desktop_crm.domain.names import clean_text, join_name, split_full_name
from desktop_crm.services.importing.limits import MAX_EMAIL_CHARS
from desktop_crm.services.importing.row_warnings import RowWarning, WarningCode


class Field(StrEnum):
    """What a CSV column holds; the wizard offers these in its mapping table."""

    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"
    MIDDLE_NAME = "middle_name"
    FAMILY_NAME = "family_name"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    EMAIL = "email"
    PHONE = "phone"
    FAX = "fax"
    LABEL = "label"  # the type/label of the email or phone column with the same number
    BIRTHDAY = "birthday"
    BIRTH_YEAR = "birth_year"
    BIRTH_MONTH = "birth_month"
    BIRTH_DAY = "birth_day"
    COMPANY = "company"
    JOB_TITLE = "job_title"
    ADDRESS = "address"
    STREET = "street"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    WEBSITE = "website"
    NOTES = "notes"
    TAGS = "tags"
    LEAD_SOURCE = "lead_source"
    STAGE = "stage"
    LIFECYCLE_STAGE = "lifecycle_stage"
    LEAD_STATUS = "lead_status"
    CUSTOM = "custom"  # kept as a custom field under the column's header
    IGNORE = "ignore"


# Fields that can identify a person; a header row must have at least one of them.
IDENTITY_FIELDS = frozenset({Field.FULL_NAME, Field.GIVEN_NAME, Field.FAMILY_NAME, Field.EMAIL})


@dataclass(slots=True)
class PhoneValue:
    raw: str
    e164: str | None
    label: str = ""


@dataclass(slots=True)
class ContactRecord:
    """One contact as read from a file, already normalised (R3); not yet classified."""

    line: int
    full_name: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    email_raw: str = ""  # the primary email as written in the file (trimmed), for messages
    emails: list[str] = field(default_factory=list)  # lowercased; [0] is the primary one
    email_labels: list[str] = field(default_factory=list)
    phones: list[PhoneValue] = field(default_factory=list)  # [0] is the primary one
    faxes: list[PhoneValue] = field(default_factory=list)
    birthday: Birthday | None = None
    company: str = ""
    job_title: str = ""
    address: str = ""
    website: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    lead_source: str = ""
    stage: str | None = None  # our own stage, when the file carries one (our CSV/vCard export)
    lifecycle_stage: str | None = None  # HubSpot internal value
    lead_status: str | None = None  # HubSpot internal value
    custom: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)  # what was dropped or not read

    def warn(self, code: WarningCode, value: str = "") -> None:
        self.warnings.append(RowWarning.of(code, value))

    def add_phone(self, raw: str, e164: str | None, label: str, *, fax: bool = False) -> None:
        """A phone (or fax) as written and in E.164; one that does not parse is reported."""
        (self.faxes if fax else self.phones).append(PhoneValue(raw, e164, label))
        if e164 is None:
            self.warn(WarningCode.PHONE_UNREADABLE, raw)

    def set_names(self, full: str, given: str, middle: str, family: str) -> None:
        """R3 for every reader: the whole name if given, else the parts joined; a whole
        name alone is split into parts for sorting. Each part is cleaned and capped."""
        # Empty parts (most files lack two of the four) skip the call.
        full, given, middle, family = (
            clean_text(full) if full else "",
            clean_text(given) if given else "",
            clean_text(middle) if middle else "",
            clean_text(family) if family else "",
        )
        if not full:
            full = join_name(given, middle, family)
        if full and not (given or middle or family):
            given, middle, family = split_full_name(full)
        self.full_name = full[:NAME_MAX]
        self.given_name, self.middle_name, self.family_name = (
            given[:NAME_MAX],
            middle[:NAME_MAX],
            family[:NAME_MAX],
        )

    def add_email(self, value: str, label: str) -> None:
        """R3 for every reader: a mailto: link is its address; the first one is the primary,
        also kept as written for messages. An over-long one is kept whole enough to be refused."""
        if value.lower().startswith("mailto:"):
            value = value[7:].strip()
        if not value:
            return
        if not self.emails:
            self.email_raw = value[:MAX_EMAIL_CHARS]
        self.emails.append(normalise_email(value)[:MAX_EMAIL_CHARS])
        self.email_labels.append(label)

    @property
    def primary_email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def phone_e164(self) -> str | None:
        return self.phones[0].e164 if self.phones else None

    def keys(self) -> Keys:
        """The R5 duplicate keys."""
        return Keys.of(self.full_name, self.primary_email, self.phone_e164)

    def summary(self) -> dict:
        """The normalised fields as plain values (the import report and the wizard's preview)."""
        return summary_of(
            self.line, self.full_name, self.primary_email, self.phone_e164, self.birthday
        )


def summary_of(
    line: int, full_name: str, email: str, phone_e164: str | None, birthday: Birthday | None
) -> dict:
    """A record's summary from its values (the report keeps these, not the records)."""
    return {
        "line": line,
        "full_name": full_name or None,
        "primary_email": email or None,
        "phone_e164": phone_e164,
        "birthday": birthday.iso() if birthday else None,
    }


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something in the file that is not a record: a blank row or a group card."""

    line: int
    kind: str  # "blank" or "non_contact"


ReadItem = ContactRecord | SkippedItem
