"""Schema versions: a fresh database is created at the latest one; an older one walks
the steps in order, all in one transaction, after a backup made with the SQLite
backup API. A database from a newer version of the app is refused."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from desktop_crm.domain.qualification import DEFAULT_CRITERIA
from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _
from desktop_crm.store import models as m
from desktop_crm.store.handle import is_sqlite
from desktop_crm.store.search import add_word_prefixes, create_search_tables
from desktop_crm.store.search_pending import create_pending_table
from desktop_crm.store.sqlite_backup import backup_to

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"

DEFAULT_DEAL_STAGES = (
    # name (English source, translated where shown), kind, default probability %
    ("Qualified", "open", 10),
    ("Presentation", "open", 30),
    ("Proposal", "open", 50),
    ("Negotiation", "open", 70),
    ("Won", "won", 100),
    ("Lost", "lost", 0),
)


def _migrator(db: pw.Database) -> SchemaMigrator:
    return SqliteMigrator(db) if is_sqlite(db) else PostgresqlMigrator(db)


def _v2_alarms_and_versions(db: pw.Database) -> None:
    """v2: alarm deliveries (each alarm raised once), per-contact card lead time,
    and a version column on contacts for conflicting edits on a shared database."""
    mig = _migrator(db)
    migrate(
        mig.add_column("contact", "birthday_card_days", pw.IntegerField(null=True)),
        mig.add_column("contact", "version", pw.IntegerField(default=1)),
    )
    db.create_tables([m.AlarmDelivery])


def _v3_list_and_card_indexes(db: pw.Database) -> None:
    """v3: a covering index in list order (the 100k list opens without a sort), and one on
    the per-contact card lead time (the notifier asks for its largest value)."""
    for index in LIST_INDEXES:
        db.execute_sql(index)


def _v4_merges(db: pw.Database) -> None:
    """v4: merging duplicates: the pointer of a merged-away contact, the merges (for undo)
    and the pairs the user said are not duplicates."""
    mig = _migrator(db)
    migrate(mig.add_column("contact", "merged_into_id", m.Contact.merged_into))
    db.create_tables([m.ContactMerge, m.DuplicateIgnore])


LIST_INDEXES = (
    "CREATE INDEX IF NOT EXISTS contact_list_order ON contact (archived, sort_name, id)",
    "CREATE INDEX IF NOT EXISTS contact_birthday_card_days ON contact (birthday_card_days)",
)


def _v5_sync_items(db: pw.Database) -> None:
    """v5: the CardDAV/CalDAV sync state (what was last synced, per contact and follow-up)."""
    db.create_tables([m.SyncItem])


def _v6_sort_and_filter_indexes(db: pw.Database) -> None:
    """v6: one index per sort and filter the contact list offers, each in the list's order
    (tie-broken by name, then id), so none of them sorts 100,000 rows in a temporary tree;
    and the two the date sorts' per-contact lookups seek in."""
    for index in SORT_INDEXES:
        db.execute_sql(index)


SORT_INDEXES = (
    # Sort by company, stage or lead source; a stage or lead-source filter in name order.
    "CREATE INDEX IF NOT EXISTS contact_by_company"
    " ON contact (archived, lower(company), sort_name, id)",
    "CREATE INDEX IF NOT EXISTS contact_by_stage ON contact (archived, stage, sort_name, id)",
    "CREATE INDEX IF NOT EXISTS contact_by_lead_source"
    " ON contact (archived, lead_source, sort_name, id)",
    # Next follow-up and last contact: a seek per contact instead of a scan of its rows.
    "CREATE INDEX IF NOT EXISTS followup_open_by_contact ON follow_up (contact_id, done_at, due_at)",
    "CREATE INDEX IF NOT EXISTS conversation_by_contact ON conversation (contact_id, happened_at)",
)


def _v7_search_word_prefixes(db: pw.Database) -> None:
    """v7: prefix indexes on the search's word table, so a one- or two-letter search
    reads one doclist (the list's first page of a broad search within a frame)."""
    add_word_prefixes(db)


# Indexes no query uses (EXPLAIN QUERY PLAN in tests/store/test_unused_indexes.py): each
# slowed every contact write, and an import rebuilt them.
UNUSED_INDEXES = ("contact_display_name", "contact_archived")


def drop_unused_indexes(db: pw.Database) -> None:
    for name in UNUSED_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def _v8_search_pending_and_fewer_indexes(db: pw.Database) -> None:
    """v8: the search texts an import committed before indexing them (found by a scan
    until indexed), and two contact indexes no query uses dropped."""
    create_pending_table(db)
    drop_unused_indexes(db)


# Step N brings a database from version N-1 to N. Never edit a released step: add one.
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _v2_alarms_and_versions,
    3: _v3_list_and_card_indexes,
    4: _v4_merges,
    5: _v5_sync_items,
    6: _v6_sort_and_filter_indexes,
    7: _v7_search_word_prefixes,
    8: _v8_search_pending_and_fewer_indexes,
}
LATEST = max(STEPS)
# The tables each step created: a backup of an older version is whole without them.
TABLES_ADDED: dict[int, tuple[type[m.BaseModel], ...]] = {
    2: (m.AlarmDelivery,),
    4: (m.ContactMerge, m.DuplicateIgnore),
    5: (m.SyncItem,),
}


def tables_at(version: int) -> set[str]:
    """The model tables a database of schema `version` has."""
    names = {model._meta.table_name for model in m.ALL_MODELS}
    for step, models in TABLES_ADDED.items():
        if version < step:
            names -= {model._meta.table_name for model in models}
    return names


def schema_version(db: pw.Database) -> int | None:
    """The stored version; None for an empty database."""
    if "app_meta" not in db.get_tables():
        return None
    row = m.AppMeta.get_or_none(m.AppMeta.key == SCHEMA_KEY)
    return int(row.value) if row else None


def _set_version(version: int) -> None:
    m.AppMeta.insert(key=SCHEMA_KEY, value=str(version)).on_conflict(
        conflict_target=[m.AppMeta.key], update={m.AppMeta.value: str(version)}
    ).execute()


def seed_defaults() -> None:
    """The three default criteria and the default deal pipeline."""
    for position, criterion in enumerate(DEFAULT_CRITERIA):
        m.Criterion.create(key=criterion.key, name=criterion.name, position=position)
    pipeline = m.Pipeline.create(name="Sales", position=0)
    for position, (name, kind, probability) in enumerate(DEFAULT_DEAL_STAGES):
        m.PipelineStage.create(
            pipeline=pipeline, name=name, position=position, kind=kind, probability=probability
        )


def create_fresh(db: pw.Database) -> None:
    with db.atomic():
        db.create_tables(m.ALL_MODELS)
        for index in LIST_INDEXES + SORT_INDEXES:
            db.execute_sql(index)
        create_search_tables(db)
        seed_defaults()
        _set_version(LATEST)


def ensure_schema(db: pw.Database, *, backup_dir: Path | None) -> int:
    """Bring `db` to the latest schema; returns the version it was at (0 when new)."""
    found = schema_version(db)
    if found is None:
        create_fresh(db)
        return 0
    if found > LATEST:
        raise DatabaseError(
            _(
                "This database was made by a newer version of Desktop CRM (schema {found}; "
                "this version knows up to {latest}). Update the app to open it."
            ).format(found=found, latest=LATEST)
        )
    if found == LATEST:
        return found
    if backup_dir is not None and is_sqlite(db):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_to(db, backup_dir / f"before-migration-v{found}-{stamp}.sqlite")
    sqlite = is_sqlite(db)
    if sqlite:
        # Changing a column makes SQLite rebuild the table; with foreign keys on, dropping
        # the old table would cascade to every e-mail, phone, deal … of every contact.
        # The pragma is ignored inside a transaction, so it is switched around the steps.
        db.execute_sql("PRAGMA foreign_keys=OFF")
    try:
        # The whole upgrade is one transaction (each step a savepoint in it): a crash or a
        # refused step leaves the version the user had, never one halfway.
        with db.atomic():
            for version in range(found + 1, LATEST + 1):
                log.info("migrating database schema to version %d", version)
                with db.atomic():
                    STEPS[version](db)
                    if sqlite and db.execute_sql("PRAGMA foreign_key_check").fetchall():
                        raise DatabaseError(
                            _(
                                "Upgrading the database would break links between records; nothing was changed."
                            )
                        )
                    _set_version(version)
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys=ON")
    return found
