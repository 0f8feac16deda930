"""The tables. Every model binds to one `DatabaseProxy`, filled by `store.database.open_database`.

Conventions: datetimes are stored in UTC without a zone; money in minor units with
an ISO currency code; enum-like columns hold the domain's string codes."""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from desktop_crm.domain.contact_fields import ENTRY_LABEL_LIMIT, STAGE_LIMIT
from desktop_crm.domain.local_time import utc_now_naive
from desktop_crm.store.datetime_field import DateTimeField

database_proxy = pw.DatabaseProxy()


def utc_now() -> datetime:
    return utc_now_naive()


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class AppMeta(BaseModel):
    """Key/value facts about the database itself, such as the schema version."""

    key = pw.CharField(primary_key=True, max_length=64)
    value = pw.TextField()


class ImportBatch(BaseModel):
    file_name = pw.TextField()
    file_format = pw.CharField(max_length=64)
    lead_source = pw.TextField(default="")
    tags = pw.TextField(default="")  # comma-separated, as given for the batch
    created_at = DateTimeField(default=utc_now)
    contacts_created = pw.IntegerField(default=0)
    undone_at = DateTimeField(null=True)


class Contact(BaseModel):
    given_name = pw.TextField(default="")
    middle_name = pw.TextField(default="")  # middle name or Dutch tussenvoegsel
    family_name = pw.TextField(default="")
    display_name = pw.TextField(default="")  # no index: no query seeks or sorts by it
    sort_name = pw.TextField(default="", index=True)  # folded family-first, for ordering
    company = pw.TextField(default="")
    job_title = pw.TextField(default="")
    address = pw.TextField(default="")
    website = pw.TextField(default="")
    notes = pw.TextField(default="")
    birthday_year = pw.IntegerField(null=True)
    birthday_month = pw.IntegerField(null=True)
    birthday_day = pw.IntegerField(null=True)
    birthday_card_days = pw.IntegerField(null=True)  # per-contact lead time for the card
    lead_source = pw.TextField(default="", index=True)
    stage = pw.CharField(max_length=STAGE_LIMIT, default="lead", index=True)
    recontact_on = pw.DateField(null=True, index=True)
    archived = pw.BooleanField(default=False)  # contact_list_order leads with it
    possible_duplicate_of = pw.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", backref="possible_duplicates"
    )
    import_batch = pw.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    # Set on a contact merged into another (it is kept, archived, so the merge can be undone).
    merged_into = pw.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", backref="merged_contacts"
    )
    version = pw.IntegerField(default=1)  # bumped on every save: detects conflicting edits
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now, index=True)

    class Meta:
        indexes = ((("birthday_month", "birthday_day"), False),)


class ContactEmail(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    email = pw.TextField(index=True)
    label = pw.CharField(max_length=ENTRY_LABEL_LIMIT, default="")
    is_primary = pw.BooleanField(default=False)
    position = pw.IntegerField(default=0)


class ContactPhone(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    raw = pw.TextField()
    e164 = pw.CharField(max_length=32, null=True, index=True)
    label = pw.CharField(max_length=ENTRY_LABEL_LIMIT, default="")
    is_primary = pw.BooleanField(default=False)
    position = pw.IntegerField(default=0)


class Tag(BaseModel):
    name = pw.CharField(max_length=200, unique=True)


class ContactTag(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = pw.ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True),)


class CustomField(BaseModel):
    """A column an import did not know, kept as key/value so nothing is lost."""

    contact = pw.ForeignKeyField(Contact, backref="custom_fields", on_delete="CASCADE")
    key = pw.TextField()
    value = pw.TextField()


class Conversation(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="conversations", on_delete="CASCADE")
    kind = pw.CharField(max_length=32)  # call, meeting, email, presentation, note
    happened_at = DateTimeField(default=utc_now, index=True)
    text = pw.TextField(default="")
    outcome = pw.CharField(max_length=32, null=True)  # yes, not_ready, no (presentations)


class Question(BaseModel):
    """An open question or concern of a contact, answered later."""

    contact = pw.ForeignKeyField(Contact, backref="questions", on_delete="CASCADE")
    text = pw.TextField()
    raised_at = DateTimeField(default=utc_now)
    answered_at = DateTimeField(null=True, index=True)
    answer = pw.TextField(default="")


class FollowUp(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="follow_ups", on_delete="CASCADE")
    due_at = DateTimeField(index=True)
    text = pw.TextField(default="")
    done_at = DateTimeField(null=True)
    snoozed_until = DateTimeField(null=True)
    created_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("done_at", "due_at"), False),)


class Criterion(BaseModel):
    """A qualification criterion; the list is ordered and user-editable."""

    key = pw.CharField(max_length=64, null=True, unique=True)  # set for the defaults
    name = pw.TextField()
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class ContactCriterion(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="criteria_answers", on_delete="CASCADE")
    criterion = pw.ForeignKeyField(Criterion, backref="answers", on_delete="CASCADE")
    answer = pw.CharField(max_length=16, default="unknown")  # met, not_met, unknown
    note = pw.TextField(default="")
    answered_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("contact", "criterion"), True),)


class Pipeline(BaseModel):
    name = pw.TextField()
    position = pw.IntegerField(default=0)


class PipelineStage(BaseModel):
    pipeline = pw.ForeignKeyField(Pipeline, backref="stages", on_delete="CASCADE")
    name = pw.TextField()
    position = pw.IntegerField(default=0)
    kind = pw.CharField(max_length=16, default="open")  # open, won, lost
    probability = pw.IntegerField(default=0)  # percent, the default for deals here


class Deal(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="deals", on_delete="CASCADE")
    pipeline = pw.ForeignKeyField(Pipeline, backref="deals", on_delete="CASCADE")
    stage = pw.ForeignKeyField(PipelineStage, backref="deals", on_delete="RESTRICT")
    title = pw.TextField()
    value_minor = pw.BigIntegerField(default=0)
    currency = pw.CharField(max_length=3, default="EUR")
    expected_close = pw.DateField(null=True, index=True)
    probability = pw.IntegerField(default=0)
    status = pw.CharField(max_length=8, default="open", index=True)  # open, won, lost
    close_reason = pw.TextField(default="")
    closed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)


class StageChange(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="stage_changes", on_delete="CASCADE")
    from_stage = pw.CharField(max_length=32, null=True)
    to_stage = pw.CharField(max_length=32, index=True)
    changed_at = DateTimeField(default=utc_now, index=True)
    cause = pw.CharField(max_length=32)
    note = pw.TextField(default="")


class ContactMerge(BaseModel):
    """One merge of duplicates, with what is needed to undo it after a restart."""

    kept = pw.ForeignKeyField(Contact, backref="merges", on_delete="CASCADE")
    merged_ids = pw.TextField()  # comma-separated ids of the contacts merged into `kept`
    created_at = DateTimeField(default=utc_now)
    undone_at = DateTimeField(null=True)
    snapshot = pw.TextField()  # JSON: the rows before and after (services.merge_snapshot)


class DuplicateIgnore(BaseModel):
    """A pair the user said is not a duplicate; `contact_low` < `contact_high`."""

    contact_low = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    contact_high = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    created_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("contact_low", "contact_high"), True),)


class AlarmDelivery(BaseModel):
    """An alarm that was raised once: a restart, or a second app, must not raise it again."""

    alarm_key = pw.CharField(max_length=128, unique=True)  # kind:ref:occurrence
    delivered_at = DateTimeField(default=utc_now)
    acknowledged_at = DateTimeField(null=True)
    snoozed_until = DateTimeField(null=True)


class Setting(BaseModel):
    """Settings that belong to the data (shared by every install on this database)."""

    key = pw.CharField(primary_key=True, max_length=128)
    value = pw.TextField()


class SyncItem(BaseModel):
    """One contact, follow-up or birthday as last synced with the CardDAV/CalDAV server.

    `snapshot` holds the synced fields (JSON) so that a change on both sides can be merged
    field by field; `body` is the server's card, whose properties we don't manage are kept."""

    kind = pw.CharField(max_length=16)  # contact, task, event
    local_id = pw.IntegerField()
    href = pw.TextField(unique=True)
    etag = pw.TextField(null=True)  # None: written, not yet confirmed (a sync was cut off)
    snapshot = pw.TextField(default="{}")
    synced_version = pw.IntegerField(default=0)
    body = pw.TextField(default="")

    class Meta:
        indexes = ((("kind", "local_id"), True),)


ALL_MODELS = [
    AppMeta,
    ImportBatch,
    Contact,
    ContactEmail,
    ContactPhone,
    Tag,
    ContactTag,
    CustomField,
    Conversation,
    Question,
    FollowUp,
    Criterion,
    ContactCriterion,
    Pipeline,
    PipelineStage,
    Deal,
    StageChange,
    AlarmDelivery,
    Setting,
    ContactMerge,
    DuplicateIgnore,
    SyncItem,
]
