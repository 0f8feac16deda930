"""What the contact list shows, without Qt: columns, sort order, search and filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_crm.domain import contact_fields
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.i18n import N_, _
from desktop_crm.services.contacts import SORT_KEYS, ContactQuery

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


def column_title(key: str) -> str:
    return _(_COLUMN_TITLES[key])


@dataclass(frozen=True)
class Filters:
    stage: str | None = None
    tag: str | None = None
    lead_source: str | None = None
    has_open_questions: bool = False
    follow_up_overdue: bool = False
    possible_duplicates: bool = False

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

    def query(self) -> ContactQuery:
        f = self.filters
        return ContactQuery(
            search=self.search.strip(),
            stage=f.stage,
            tag=f.tag,
            lead_source=f.lead_source,
            has_open_questions=f.has_open_questions,
            follow_up_overdue=f.follow_up_overdue,
            possible_duplicates=f.possible_duplicates,
            sort=self.sort,
            descending=self.descending,
            region=self.region,
        )

    def sort_by(self, column: int, descending: bool) -> None:
        self.sort = COLUMNS[column] if 0 <= column < len(COLUMNS) else "name"
        self.descending = descending

    @property
    def sort_column(self) -> int:
        return COLUMNS.index(self.sort) if self.sort in COLUMNS else 0

    @property
    def narrowed(self) -> bool:
        """A search or filter is on: an empty list means 'nothing matches', not 'no contacts'."""
        return bool(self.search.strip()) or self.filters.active
