"""What the import wizard calls fields, statuses, actions, formats and reasons on screen."""

from __future__ import annotations

from desktop_crm.i18n import N_, _
from desktop_crm.services.importing import Action, Field, RejectReason, RowStatus

# The order of the mapping combo box: the fields people look for first come first.
FIELD_LABELS: dict[Field, str] = {
    Field.FULL_NAME: N_("Full name"),
    Field.GIVEN_NAME: N_("First name"),
    Field.MIDDLE_NAME: N_("Middle name / tussenvoegsel"),
    Field.FAMILY_NAME: N_("Last name"),
    Field.EMAIL: N_("Email"),
    Field.PHONE: N_("Phone"),
    Field.COMPANY: N_("Company"),
    Field.JOB_TITLE: N_("Job title"),
    Field.BIRTHDAY: N_("Birthday"),
    Field.BIRTH_YEAR: N_("Birthday: year"),
    Field.BIRTH_MONTH: N_("Birthday: month"),
    Field.BIRTH_DAY: N_("Birthday: day"),
    Field.ADDRESS: N_("Address"),
    Field.STREET: N_("Street"),
    Field.POSTAL_CODE: N_("Postal code"),
    Field.CITY: N_("City"),
    Field.REGION: N_("Province / state"),
    Field.COUNTRY: N_("Country"),
    Field.WEBSITE: N_("Website"),
    Field.NOTES: N_("Notes"),
    Field.TAGS: N_("Tags"),
    Field.LEAD_SOURCE: N_("Lead source"),
    Field.STAGE: N_("Stage"),
    Field.LIFECYCLE_STAGE: N_("HubSpot lifecycle stage"),
    Field.LEAD_STATUS: N_("HubSpot lead status"),
    Field.LABEL: N_("Label of the email or phone beside it"),
    Field.PREFIX: N_("Title / prefix (left out of the name)"),
    Field.SUFFIX: N_("Suffix (left out of the name)"),
    Field.FAX: N_("Fax"),
    Field.CUSTOM: N_("Keep as custom field"),
    Field.IGNORE: N_("Ignore"),
}

FLAVOUR_LABELS = {
    "google": N_("Google Contacts"),
    "google_legacy": N_("Google Contacts (older export)"),
    "hubspot": N_("HubSpot"),
    "linkedin": N_("LinkedIn connections"),
    "outlook": N_("Outlook"),
    "thunderbird": N_("Thunderbird"),
    "dutch": N_("Spreadsheet with Dutch column names"),
    "generic": N_("Spreadsheet"),
    "vcard": N_("vCard"),
    "sample": N_("Sample data"),
}

STATUS_LABELS = {
    RowStatus.NEW: N_("New"),
    RowStatus.EXACT_DUPLICATE: N_("Exact duplicate"),
    RowStatus.POSSIBLE_DUPLICATE: N_("Possible duplicate"),
    RowStatus.REJECTED: N_("Rejected"),
}

# (light, dark) backgrounds of a status cell; the text says the status too.
STATUS_COLOURS = {
    RowStatus.NEW: ("#d7f0d9", "#1e4d24"),
    RowStatus.EXACT_DUPLICATE: ("#e3e6ea", "#3c4148"),
    RowStatus.POSSIBLE_DUPLICATE: ("#fde9c4", "#5c4312"),
    RowStatus.REJECTED: ("#f8d3d0", "#6b2622"),
}


def field_label(field: Field) -> str:
    return _(FIELD_LABELS.get(field, field.value))


def flavour_label(flavour: str) -> str:
    if flavour.startswith("vcard"):
        version = flavour.partition("_")[2]
        return _("vCard {version}").format(version=version) if version else _("vCard")
    return _(FLAVOUR_LABELS.get(flavour, FLAVOUR_LABELS["generic"]))


def format_label(file_format: str) -> str:
    if file_format == "xlsx":
        return _("Excel workbook")
    if file_format == "ods":
        return _("OpenDocument spreadsheet")
    return _("vCard file") if file_format == "vcard" else _("CSV file")


def delimiter_label(delimiter: str | None) -> str:
    if delimiter == ",":
        return _("Comma ( , )")
    if delimiter == ";":
        return _("Semicolon ( ; )")
    if delimiter == "\t":
        return _("Tab")
    return _("Not applicable")


def encoding_label(encoding: str) -> str:
    if encoding == "UTF-8 with BOM":
        return _("UTF-8 with BOM")
    if encoding == "Windows-1252":
        return _("Windows-1252 (older Excel)")
    return encoding


def status_label(status: RowStatus) -> str:
    return _(STATUS_LABELS[status])


def action_label(action: Action, status: RowStatus) -> str:
    if action == Action.CREATE:
        if status == RowStatus.POSSIBLE_DUPLICATE:
            return _("Create and flag")
        return _("Create")
    if action == Action.MERGE:
        return _("Merge")
    return _("Skip")


def actions_for(status: RowStatus) -> list[Action]:
    """The choices a row offers; the first is the default."""
    if status == RowStatus.EXACT_DUPLICATE:
        return [Action.SKIP, Action.MERGE]
    if status == RowStatus.POSSIBLE_DUPLICATE:
        return [Action.CREATE, Action.MERGE]
    if status == RowStatus.NEW:
        return [Action.CREATE, Action.SKIP]
    return []


def reason_label(reason: str | None, value: str | None = None) -> str:
    """Why a row is rejected, with the offending email when given."""
    if reason == RejectReason.INVALID_EMAIL:
        return _("Invalid email address: {value}").format(value=value or "")
    if reason == RejectReason.MISSING_NAME_AND_EMAIL:
        return _("No name and no email address")
    return ""


def short_reason_label(reason: str | None) -> str:
    """The same, short enough for a table cell."""
    if reason == RejectReason.INVALID_EMAIL:
        return _("Invalid email")
    if reason == RejectReason.MISSING_NAME_AND_EMAIL:
        return _("No name or email")
    return ""
