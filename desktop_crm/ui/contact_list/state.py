"""What the contact list shows, without Qt: columns, sort order, search and filters."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from desktop_crm.domain import contact_fields
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import N_, _
from desktop_crm.services.contact_queries import SORT_KEYS, ContactQuery

# Column keys double as the service's sort keys, so a header click is a query.
COLUMNS: tuple[str, ...] = SORT_KEYS
_COLUMN_TITLES = {
    "name": contact_fields.FULL_NAME.source_label,
    "company": contact_fields.COMPANY.source_label,
    "stage": contact_fields.STAGE.source_label,
    "next_follow_up": N_("Next follow-up"),
    "last_contact": N_("Last contact"),
    "lead_source": contact_fields.LEAD_SOURCE.source_label,
}


# Custom fields are columns too (hidden until chosen): "custom:VAT number".
_CUSTOM_PREFIX = "custom:"


def custom_key(name: str) -> str:
    return _CUSTOM_PREFIX + name


def custom_name(key: str) -> str | None:
    """The custom field a column shows, or None for a built-in column."""
    return key[len(_CUSTOM_PREFIX) :] if key.startswith(_CUSTOM_PREFIX) else None


def followed_renames(old: tuple[str, ...], new: tuple[str, ...]) -> dict[str, str]:
    """{old name: new name} when `new` is `old` with one field renamed in place (the
    definitions keep their order), else nothing: a removal and an addition stay that."""
    if len(old) != len(new):
        return {}
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return dict(changed) if len(changed) == 1 else {}


def column_title(key: str) -> str:
    name = custom_name(key)
    return name if name is not None else _(_COLUMN_TITLES[key])


@dataclass(frozen=True)
class Filters:
    stage: str | None = None
    tag: str | None = None
    lead_source: str | None = None
    has_open_questions: bool = False
    follow_up_overdue: bool = False
    possible_duplicates: bool = False
    archived_only: bool = False  # the archive instead of the live list

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass
class ListState:
    """Remembered between resets of the model; `query()` is what the service runs."""

    sort: str = "name"
    descending: bool = False
    search: str = ""
    filters: Filters = field(default_factory=Filters)
    region: str = DEFAULT_REGION  # the user's phone region, for a typed number
    custom_fields: tuple[str, ...] = ()  # the defined custom fields, offered as columns

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS + tuple(custom_key(name) for name in self.custom_fields)

    def query(self) -> ContactQuery:
        return ContactQuery(
            search=self.search.strip(),
            **asdict(self.filters),  # each filter is a field of the query, by the same name
            sort=self.sort,
            descending=self.descending,
            region=self.region,
        )

    def sort_by(self, column: int, descending: bool) -> bool:
        """Sort by a built-in column; False for a custom field's (not sortable: the value
        of each contact would be looked up and sorted at every reload, with no index)."""
        if not 0 <= column < len(COLUMNS):
            return False
        self.sort = COLUMNS[column]
        self.descending = descending
        return True

    @property
    def sort_column(self) -> int:
        return COLUMNS.index(self.sort) if self.sort in COLUMNS else 0

    @property
    def narrowed(self) -> bool:
        """A search or filter is on: an empty list means 'nothing matches', not 'no contacts'."""
        return bool(self.search.strip()) or self.filters.active

    @property
    def whole_archive(self) -> bool:
        """The archive, with no search or other filter on: empty means nothing is archived."""
        return not self.search.strip() and self.filters == Filters(archived_only=True)
