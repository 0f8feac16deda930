"""Checking and normalising what a user typed for a contact, field by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlparse

from desktop_crm.domain import contact_fields as cf
from desktop_crm.domain import lead_sources
from desktop_crm.domain.alarms import MAX_CARD_DAYS
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.emails import is_valid_email, normalise_email
from desktop_crm.domain.lazy_pattern import LazyPattern
from desktop_crm.domain.names import clean_text, join_name, split_full_name
from desktop_crm.domain.phones import to_e164
from desktop_crm.domain.stages import parse_stage
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry

_Entry = TypeVar("_Entry", EmailEntry, PhoneEntry)

SAFE_URL_SCHEMES = ("http", "https", "mailto", "tel")
_HAS_SCHEME = LazyPattern(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")


def _short(value: str, field: cf.ContactField) -> str:
    """`value`, or ValidationError when it is longer than the field takes (never cut silently)."""
    if len(value) > field.limit:
        raise ValidationError(
            _("This field takes at most {limit} characters.").format(limit=field.limit),
            field=field.name,
        )
    return value


def normalise_website(value: str) -> str:
    """A bare domain gets https://; other schemes than http(s) are refused."""
    text = strip_controls(value).strip()  # a line break in a URL could forge a vCard line
    if not text:
        return ""
    if not _HAS_SCHEME.match(text):  # a bare domain ("example.com:8080" has a port, not a scheme)
        text = "https://" + text
    parsed = urlparse(text)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc or " " in text:
        raise ValidationError(
            _("“{value}” is not a web address (it should start with http:// or https://).").format(
                value=value.strip()
            ),
            field="website",
        )
    return _short(text, cf.WEBSITE)


def is_safe_link(url: str) -> bool:
    """Only these links may be opened from the app; javascript:, file: and the like never."""
    return urlparse(url.strip()).scheme.lower() in SAFE_URL_SCHEMES


def normalise_draft(draft: ContactDraft, region: str) -> ContactDraft:
    """A cleaned copy of the draft, or ValidationError naming the first bad field."""
    given = _short(clean_text(draft.given_name), cf.GIVEN_NAME)
    middle = _short(clean_text(draft.middle_name), cf.MIDDLE_NAME)
    family = _short(clean_text(draft.family_name), cf.FAMILY_NAME)
    full = _short(clean_text(draft.full_name), cf.FULL_NAME)
    if full and not (given or middle or family):
        given, middle, family = split_full_name(full)
    if not full:
        full = join_name(given, middle, family)

    emails = _emails(draft.emails)
    phones = _phones(draft.phones, region)

    if not full and not emails:
        raise ValidationError(_("Give the contact a name or an email address."), field="full_name")
    try:
        stage = parse_stage(draft.stage or "lead").value
    except ValueError:
        raise ValidationError(
            _(
                "“{value}” is not a stage. Use lead, prospect, customer, repeat_buyer, not_now or disqualified."
            ).format(value=draft.stage),
            field="stage",
        ) from None
    if draft.birthday_card_days is not None and not 0 <= draft.birthday_card_days <= MAX_CARD_DAYS:
        raise ValidationError(
            _("Send the card reminder between 0 and {most} days before the birthday.").format(
                most=MAX_CARD_DAYS
            ),
            field="birthday_card_days",
        )
    return replace(
        draft,
        given_name=given,
        middle_name=middle,
        family_name=family,
        full_name=full,
        company=_short(clean_text(draft.company), cf.COMPANY),
        job_title=_short(clean_text(draft.job_title), cf.JOB_TITLE),
        address=_short(strip_controls(draft.address, multiline=True).strip(), cf.ADDRESS),
        notes=_short(strip_controls(draft.notes, multiline=True).strip(), cf.NOTES),
        website=normalise_website(draft.website),
        lead_source=_short(lead_sources.normalise(draft.lead_source), cf.LEAD_SOURCE),
        stage=stage,
        emails=emails,
        phones=phones,
        tags=_tags(draft.tags),
    )


def _emails(entries: Iterable[EmailEntry]) -> list[EmailEntry]:
    """Valid, lowercased and without repeats; exactly one primary."""
    emails: list[EmailEntry] = []
    for entry in entries:
        address = normalise_email(entry.email)
        if not address:
            continue
        if not is_valid_email(address):
            raise ValidationError(
                _("“{value}” is not a valid email address.").format(value=entry.email.strip()),
                field="email",
            )
        if address not in (e.email for e in emails):
            label = cf.cut(clean_text(entry.label), cf.ENTRY_LABEL_LIMIT)
            emails.append(EmailEntry(address, label, entry.is_primary))
    return _one_primary(emails)


def _phones(entries: Iterable[PhoneEntry], region: str) -> list[PhoneEntry]:
    """Numbers we can dial, as typed and in E.164; exactly one primary."""
    phones: list[PhoneEntry] = []
    for phone in entries:
        raw = clean_text(phone.raw)
        if not raw:
            continue
        _short(raw, cf.PHONE)
        e164 = to_e164(raw, region)
        if e164 is None:
            raise ValidationError(
                _("“{value}” is not a phone number we can dial.").format(value=raw), field="phone"
            )
        label = cf.cut(clean_text(phone.label), cf.ENTRY_LABEL_LIMIT)
        phones.append(PhoneEntry(raw, e164, label, phone.is_primary))
    return _one_primary(phones)


def _tags(names: Iterable[str]) -> list[str]:
    """Cleaned, each within the limit, without repeats that differ only in case."""
    tags: list[str] = []
    for tag in names:
        name = _short(clean_text(tag), cf.TAGS)
        if name and name.casefold() not in (t.casefold() for t in tags):
            tags.append(name)
    return tags


def _one_primary(entries: list[_Entry]) -> list[_Entry]:
    """Exactly one primary entry: the first marked one, else the first."""
    if not entries:
        return entries
    chosen = next((i for i, e in enumerate(entries) if e.is_primary), 0)
    return [replace(e, is_primary=(i == chosen)) for i, e in enumerate(entries)]
