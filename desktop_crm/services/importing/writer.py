"""Writing imported contacts in bulk: pre-allocated ids and `cursor.executemany` per table,
inside the caller's single transaction (Peewee's insert_many is several times slower)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import peewee as pw

from desktop_crm.domain import lead_sources
from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.domain.emails import is_valid_email
from desktop_crm.domain.names import join_name, sort_name
from desktop_crm.domain.stages import Cause
from desktop_crm.services.importing.bulk_indexes import SetAside, worth_it
from desktop_crm.services.importing.phone_forms import phone_search_parts
from desktop_crm.services.importing.records import ContactRecord
from desktop_crm.services.importing.search_build import SearchBuild
from desktop_crm.store import models as m
from desktop_crm.store.database import is_sqlite
from desktop_crm.store.search import contact_document

CHUNK_ROWS = 2000  # rows buffered per table between flushes: bounded memory, few round trips

# The key of the PostgreSQL advisory lock that lets one import at a time write (any
# fixed 64-bit number; this one spells "dcrm-imp" in ASCII).
IMPORT_LOCK_KEY = 0x6463726D2D696D70


def scrub_record(record: ContactRecord) -> ContactRecord:
    """The record with control characters dropped from every text it carries (issue 15.4).

    Readers differ in what they let through; this one pass before a record is
    classified and written holds for all of them. Emails are left to the readers'
    validation, which refuses a bad address rather than repairing it."""
    if _printable(record):
        record.website = record.website.strip()  # all `strip_controls` would change
        return record
    one = strip_controls
    for name in ("full_name", "given_name", "middle_name", "family_name", "company"):
        setattr(record, name, one(getattr(record, name)))
    record.job_title = one(record.job_title)
    record.website = one(record.website).strip()
    record.lead_source = one(record.lead_source)
    record.address = strip_controls(record.address, multiline=True)
    record.notes = strip_controls(record.notes, multiline=True)
    record.email_labels = [one(label) for label in record.email_labels]
    for phone in (*record.phones, *record.faxes):
        phone.raw, phone.label = one(phone.raw), one(phone.label)
    record.tags = [one(tag) for tag in record.tags]
    record.custom = [
        (one(key), strip_controls(value, multiline=True)) for key, value in record.custom
    ]
    return record


def _printable(record: ContactRecord) -> bool:
    """Whether no text of `record` holds a control character, tab or line break, in which
    case `strip_controls` would change none of them (one check instead of one per text)."""
    texts = [
        record.full_name,
        record.given_name,
        record.middle_name,
        record.family_name,
        record.company,
        record.job_title,
        record.website,
        record.lead_source,
        record.address,
        record.notes,
        *record.email_labels,
        *record.tags,
    ]
    for phone in (*record.phones, *record.faxes):
        texts += (phone.raw, phone.label)
    for key, value in record.custom:
        texts += (key, value)
    return "".join(texts).isprintable()


def serialise_imports(db: pw.Database) -> None:
    """Wait until no other import writes to this database; held until the transaction ends.

    Must come before the import reads which contacts exist, so that the second of two
    imports of one file sees the first one's contacts and skips them as duplicates.
    On SQLite the write transaction (BEGIN IMMEDIATE) already lets one writer in."""
    if not is_sqlite(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK_KEY,))


def _insert_sql(db: pw.Database, model: type[m.BaseModel], columns: list[str]) -> str:
    table = model._meta.table_name
    marks = ", ".join([db.param] * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


class ContactWriter:
    """Buffers created contacts and their rows; `flush` sends each table with executemany."""

    def __init__(
        self,
        db: pw.Database,
        *,
        batch_id: int | None,
        now: datetime,
        lead_source: str = "",
        tags: list[str] | tuple[str, ...] = (),
        expected_rows: Callable[[], int] | None = None,
    ):
        self.db = db
        self.expected_rows = expected_rows
        self.batch_id = batch_id
        self.now = now.isoformat(sep=" ") if is_sqlite(db) else now
        self.lead_source = lead_sources.normalise(lead_source) if lead_source else ""
        self.batch_tags = [t.strip() for t in tags if t and t.strip()]
        self._tag_ids: dict[str, int] = {}
        c = m.Contact
        self._contact_columns = [
            c.id.column_name,
            c.given_name.column_name,
            c.middle_name.column_name,
            c.family_name.column_name,
            c.display_name.column_name,
            c.sort_name.column_name,
            c.company.column_name,
            c.job_title.column_name,
            c.address.column_name,
            c.website.column_name,
            c.notes.column_name,
            c.birthday_year.column_name,
            c.birthday_month.column_name,
            c.birthday_day.column_name,
            c.lead_source.column_name,
            c.stage.column_name,
            c.archived.column_name,
            c.possible_duplicate_of.column_name,
            c.import_batch.column_name,
            c.version.column_name,
            c.created_at.column_name,
            c.updated_at.column_name,
        ]
        self._sql_contact = _insert_sql(db, m.Contact, self._contact_columns)
        self._sql_email = _insert_sql(
            db, m.ContactEmail, ["contact_id", "email", "label", "is_primary", "position"]
        )
        self._sql_phone = _insert_sql(
            db, m.ContactPhone, ["contact_id", "raw", "e164", "label", "is_primary", "position"]
        )
        self._sql_stage = _insert_sql(
            db,
            m.StageChange,
            ["contact_id", "from_stage", "to_stage", "changed_at", "cause", "note"],
        )
        self._sql_custom = _insert_sql(db, m.CustomField, ["contact_id", "key", "value"])
        self._sql_tag = _insert_sql(db, m.ContactTag, ["contact_id", "tag_id"])
        self._contacts: list[tuple] = []
        self._emails: list[tuple] = []
        self._phones: list[tuple] = []
        self._stages: list[tuple] = []
        self._custom: list[tuple] = []
        self._contact_tags: list[tuple] = []
        self._documents: list[tuple[int, str]] = []
        if not is_sqlite(db):
            # Ids are chosen here, so no other writer may take one meanwhile.
            db.execute_sql("LOCK TABLE contact IN EXCLUSIVE MODE")
        row = db.execute_sql("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM contact").fetchone()
        self._next_id = self._first_id = int(row[0]) + 1
        self._existing = int(row[1])
        self._search = SearchBuild(db)
        self._set_aside: SetAside | None = None
        self.written = 0

    def allocate_id(self) -> int:
        contact_id = self._next_id
        self._next_id += 1
        return contact_id

    def _tag_id(self, name: str) -> int:
        key = name.casefold()
        if key not in self._tag_ids:
            existing = m.Tag.get_or_none(pw.fn.LOWER(m.Tag.name) == name.lower())
            self._tag_ids[key] = existing.id if existing else m.Tag.create(name=name).id
        return self._tag_ids[key]

    def add(
        self,
        record: ContactRecord,
        contact_id: int,
        *,
        stage: str,
        possible_duplicate_of: int | None = None,
    ) -> None:
        b = record.birthday
        source = self.lead_source or record.lead_source
        self._contacts.append(
            (
                contact_id,
                record.given_name,
                record.middle_name,
                record.family_name,
                record.full_name,
                sort_name(
                    record.given_name,
                    record.middle_name,
                    record.family_name,
                    record.full_name or record.company or record.primary_email,
                ),
                record.company,
                record.job_title,
                record.address,
                record.website,
                record.notes,
                b.year if b else None,
                b.month if b else None,
                b.day if b else None,
                source,
                stage,
                False,
                possible_duplicate_of,
                self.batch_id,
                1,
                self.now,
                self.now,
            )
        )
        seen_emails: set[str] = set()
        kept_emails: list[str] = []  # in position order, as a reindex reads them back
        position = 0
        for email, label in zip(record.emails, record.email_labels, strict=False):
            # The primary one is valid (R4); further ones are kept only when they are too.
            if email in seen_emails or (position and not is_valid_email(email)):
                continue
            seen_emails.add(email)
            kept_emails.append(email)
            self._emails.append((contact_id, email, label, position == 0, position))
            position += 1
        position = 0
        for phone in record.phones:
            self._phones.append(
                (contact_id, phone.raw, phone.e164, phone.label, position == 0, position)
            )
            position += 1
        for fax in record.faxes:
            self._phones.append(
                (contact_id, fax.raw, fax.e164, fax.label or "fax", False, position)
            )
            position += 1
        self._stages.append((contact_id, None, stage, self.now, Cause.IMPORTED.value, ""))
        for key, value in record.custom:
            self._custom.append((contact_id, key, value))
        tags: list[str] = []
        for tag in (*self.batch_tags, *record.tags):
            if tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
                self._contact_tags.append((contact_id, self._tag_id(tag)))
        # The phones' parts follow the emails in `contact_document`'s text; they come from
        # the cached forms here (a test holds both texts equal).
        phone_parts = phone_search_parts([(p.raw, p.e164) for p in (*record.phones, *record.faxes)])
        self._documents.append(
            (
                contact_id,
                contact_document(
                    display_name=record.full_name
                    or join_name(record.given_name, record.family_name),
                    company=record.company,
                    job_title=record.job_title,
                    emails=[*kept_emails, *phone_parts],
                    tags=tags,
                    address=record.address,
                ),
            )
        )
        if len(self._contacts) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._contacts:
            return
        if not self.written and self.expected_rows is not None:
            self._set_indexes_aside(self.expected_rows())
        cursor = self.db.cursor()
        cursor.executemany(self._sql_contact, self._contacts)
        for sql, rows in (
            (self._sql_email, self._emails),
            (self._sql_phone, self._phones),
            (self._sql_stage, self._stages),
            (self._sql_custom, self._custom),
            (self._sql_tag, self._contact_tags),
        ):
            if rows:
                cursor.executemany(sql, rows)
        self._search.add(self._documents)
        self.written += len(self._contacts)
        for rows in (
            self._contacts,
            self._emails,
            self._phones,
            self._stages,
            self._custom,
            self._contact_tags,
            self._documents,
        ):
            rows.clear()

    def _set_indexes_aside(self, expected: int) -> None:
        if self._set_aside is None and worth_it(self._existing, expected):
            self._set_aside = SetAside(self.db)

    def finish(self) -> None:
        self.flush()
        if self._set_aside is not None:
            self._set_aside.restore()
        self._search.finish(self._first_id)
        if not is_sqlite(self.db):
            self.db.execute_sql(
                "SELECT setval(pg_get_serial_sequence('contact', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM contact))"
            )
