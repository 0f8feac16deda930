"""Contacts both ways over CardDAV: pull what the server changed (merged field by field
against the last synced version), then push what changed here.

Each contact is written with its sync record in one transaction, and a card we create is
recorded before it is sent, so a sync cut off anywhere resumes without duplicates."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from desktop_crm.domain.clock import Clock
from desktop_crm.domain.stages import Cause
from desktop_crm.errors import NotFoundError
from desktop_crm.i18n import _
from desktop_crm.services.contact_queries import get_contact
from desktop_crm.services.contacts import (
    archive_contacts,
    create_contact,
    draft_from,
    update_contact,
)
from desktop_crm.services.conversations import log_conversation
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.services.sync.cards import (
    SyncedFields,
    birthday_from_iso,
    build_card,
    fields_of_contact,
    fields_of_record,
    parse_card,
)
from desktop_crm.services.sync.listing import fetch_many, list_changes
from desktop_crm.services.sync.merge import merge_fields
from desktop_crm.services.sync.webdav import (
    MAX_BODY_BYTES,
    DavClient,
    PreconditionFailed,
    SyncError,
)
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

log = logging.getLogger(__name__)
PHONE_LEAD_SOURCE = "phone"
VCARD_TYPE = "text/vcard; charset=utf-8"
KIND = "contact"


@dataclass
class ContactCounts:
    sent: int = 0
    received: int = 0
    updated_here: int = 0
    updated_there: int = 0
    archived_here: int = 0
    removed_there: int = 0
    conflicts: int = 0


def _draft(fields: SyncedFields, base: ContactDraft | None = None) -> ContactDraft:
    draft = base or ContactDraft()
    draft.given_name, draft.middle_name = fields.given_name, fields.middle_name
    draft.family_name, draft.full_name = fields.family_name, ""
    draft.company, draft.job_title = fields.company, fields.job_title
    draft.address, draft.website, draft.notes = fields.address, fields.website, fields.notes
    draft.birthday = birthday_from_iso(fields.birthday)
    draft.emails = [EmailEntry(e, is_primary=i == 0) for i, e in enumerate(fields.emails)]
    draft.phones = [PhoneEntry(p, is_primary=i == 0) for i, p in enumerate(fields.phones)]
    draft.tags = list(fields.tags)
    draft.lead_source = fields.lead_source
    return draft


class ContactSync:
    def __init__(
        self, client: DavClient, addressbook: str, *, region: str, clock: Clock, installation: str
    ) -> None:
        self.client = client
        self.addressbook = client.path(addressbook)
        self.region = region
        self.clock = clock
        self.installation = installation
        self.counts = ContactCounts()
        self.skipped = 0  # cards that are not contacts (unreadable, or megabytes large)

    # --- records -------------------------------------------------------------------------

    def _items(self) -> dict[str, m.SyncItem]:
        return {i.href: i for i in m.SyncItem.select().where(m.SyncItem.kind == KIND)}

    def _remember(self, item: m.SyncItem, fields: SyncedFields, version: int) -> None:
        item.snapshot = json.dumps(fields.as_dict())
        item.synced_version = version
        item.save()

    # --- pull ----------------------------------------------------------------------------

    def pull(self, token: str) -> str:
        listing = list_changes(self.client, self.addressbook, token)
        items = self._items()
        wanted = [h for h, etag in listing.etags.items() if h not in items or items[h].etag != etag]
        gone = set(listing.removed)
        if listing.complete:
            gone |= {h for h, item in items.items() if h not in listing.etags and item.etag}
        bodies = fetch_many(self.client, self.addressbook, wanted, "addressbook") if wanted else {}
        for href in wanted:
            if href in bodies:
                body, etag = bodies[href]
                self._apply_remote(href, body, etag or listing.etags[href], items.get(href))
        for href in gone:
            item = items.get(href)
            if item is not None:
                self._removed_there(item)
        return listing.token

    def _apply_remote(self, href: str, body: str, etag: str, item: m.SyncItem | None) -> None:
        if len(body) > MAX_BODY_BYTES:
            log.warning("skipping a card of %d bytes (not a contact): %s", len(body), href)
            self.skipped += 1
            return
        try:
            record, _uid = parse_card(body, self.region)
        except Exception:  # a malformed card must not stop the sync of the others
            log.warning("skipping a card the server sent that cannot be read: %s", href)
            self.skipped += 1
            return
        theirs = fields_of_record(record)
        if item is None:
            self._create_here(href, body, etag, theirs)
            return
        try:
            contact = get_contact(item.local_id)
        except NotFoundError:
            with write_transaction():
                item.delete_instance()
            self._create_here(href, body, etag, theirs)
            return
        base = SyncedFields.from_dict(json.loads(item.snapshot or "{}"))
        result = merge_fields(base, fields_of_contact(contact), theirs)
        with write_transaction():
            version = contact.version
            if result.changed_here:
                update_contact(
                    contact.id, _draft(result.merged, draft_from(contact)), clock=self.clock,
                    region=self.region,
                )  # fmt: skip
                version = get_contact(contact.id).version
                self.counts.updated_here += 1
            if result.conflicts:
                self.counts.conflicts += 1
                log_conversation(
                    contact.id, "note", _conflict_note(result.conflicts), clock=self.clock
                )
            item.etag, item.body = etag, body
            # A merge that the server lacks is pushed next: mark it as not yet synced.
            self._remember(item, theirs, -1 if result.changed_there else version)

    def _create_here(self, href: str, body: str, etag: str, theirs: SyncedFields) -> None:
        draft = _draft(theirs)
        draft.stage = theirs.stage or "lead"
        draft.lead_source = theirs.lead_source or PHONE_LEAD_SOURCE
        with write_transaction():
            made = create_contact(draft, clock=self.clock, region=self.region, cause=Cause.CREATED)
            created = get_contact(made.id)
            item = m.SyncItem(kind=KIND, local_id=created.id, href=href, etag=etag, body=body)
            self._remember(item, fields_of_contact(created), created.version)
        self.counts.received += 1

    def _removed_there(self, item: m.SyncItem) -> None:
        """A card deleted on the server archives the contact: never destroyed here."""
        with write_transaction():
            try:
                archived = get_contact(item.local_id).archived
            except NotFoundError:
                archived = True
            if not archived:
                archive_contacts([item.local_id], clock=self.clock)
                self.counts.archived_here += 1
            item.delete_instance()

    # --- push ----------------------------------------------------------------------------

    def push(self) -> None:
        items = {i.local_id: i for i in m.SyncItem.select().where(m.SyncItem.kind == KIND)}
        rows = m.Contact.select(m.Contact.id, m.Contact.version, m.Contact.archived).tuples()
        for contact_id, version, archived in rows.iterator():
            item = items.get(contact_id)
            if item is None:
                if not archived:
                    self._send_new(contact_id)
            elif archived:
                self._remove_there(item)
            elif item.etag is None:
                self._resume_cut_off(item)
            elif version != item.synced_version:
                self._send_update(item)

    def _uid(self, contact_id: int) -> str:
        return f"desktop-crm-{self.installation}-{contact_id}"

    def _send_new(self, contact_id: int) -> None:
        uid = self._uid(contact_id)
        href = f"{self.addressbook.rstrip('/')}/{uid}.vcf"
        # Recorded before it is sent: a sync cut off after the PUT finds it and adopts it.
        with write_transaction():
            item = m.SyncItem.create(kind=KIND, local_id=contact_id, href=href, etag=None)
        self._resume_cut_off(item)

    def _resume_cut_off(self, item: m.SyncItem) -> None:
        contact = get_contact(item.local_id)
        uid = self._uid(item.local_id)
        body = build_card(contact, uid)
        try:
            etag = self.client.put(item.href, body, VCARD_TYPE, etag=None)
        except PreconditionFailed:
            # It is there already (sent by a sync that was cut off): take it as the base.
            raw, etag = self.client.get(item.href)
            text = raw.decode("utf-8", errors="replace")
            record, _uid = parse_card(text, self.region)
            with write_transaction():
                item.etag, item.body = etag, text
                self._remember(item, fields_of_record(record), -1)
            self._send_update(item)
            return
        self._confirm(item, etag, body, contact.version, fields_of_contact(contact))
        self.counts.sent += 1

    def _confirm(
        self, item: m.SyncItem, etag: str, body: str, version: int, fields: SyncedFields
    ) -> None:
        if not etag:  # some servers send no ETag on PUT: ask for it
            etag = self.client.get(item.href)[1]
        with write_transaction():
            item.etag, item.body = etag, body
            self._remember(item, fields, version)

    def _send_update(self, item: m.SyncItem, attempts: int = 3) -> None:
        for _attempt in range(attempts):
            contact = get_contact(item.local_id)
            uid = _uid_of(item.body) or self._uid(item.local_id)
            body = build_card(contact, uid, item.body)
            try:
                etag = self.client.put(item.href, body, VCARD_TYPE, etag=item.etag)
            except PreconditionFailed:
                # Changed on the server since we read it: fetch, merge, and try again.
                fresh, fresh_etag = self.client.get(item.href)
                self._apply_remote(
                    item.href, fresh.decode("utf-8", errors="replace"), fresh_etag, item
                )
                item = m.SyncItem.get_by_id(item.id)
                continue
            self._confirm(item, etag, body, contact.version, fields_of_contact(contact))
            self.counts.updated_there += 1
            return
        raise SyncError(_("A card kept changing on the server; the sync will try again later."))

    def _remove_there(self, item: m.SyncItem) -> None:
        """Archived here: the card goes from the server (un-archiving puts it back)."""
        if item.etag is not None:
            try:
                self.client.delete(item.href, etag=item.etag)
            except PreconditionFailed:
                self.client.delete(item.href)
            self.counts.removed_there += 1
        with write_transaction():
            item.delete_instance()


def _uid_of(body: str) -> str:
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.upper().startswith("UID:"):
            return line[4:].strip()
    return ""


def _conflict_note(conflicts: dict[str, object]) -> str:
    lines = [_("Changed on both sides while syncing; the phone had:")]
    for name, value in conflicts.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)
