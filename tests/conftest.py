"""Shared fixtures: a fresh SQLite file per test, a fixed clock, offscreen Qt."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings

# Widgets render offscreen unless a test starts its own X server (tests/e2e).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DESKTOP_CRM_LANG", "en")

from desktop_crm.domain.clock import FixedClock
from desktop_crm.i18n import set_language
from desktop_crm.i18n.formatting import set_preferred
from desktop_crm.paths import DataPaths
from desktop_crm.services import list_pages
from desktop_crm.store.database import close_database, open_database

# No per-example deadline: on a loaded 2-core machine a property would fail on time alone
# (performance figures come from `make bench`, never from the suite).
hypothesis_settings.register_profile("no-deadline", deadline=None)
hypothesis_settings.load_profile("no-deadline")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")
    # A window test applies the user's Settings (phone region, currency) process-wide;
    # the next test starts from the system's region again.
    set_preferred()


@pytest.fixture
def data_paths(tmp_path) -> DataPaths:
    return DataPaths(root=tmp_path / "data").ensure()


@pytest.fixture
def db(data_paths):
    """A real, migrated SQLite database in a temporary folder."""
    database = open_database(path=data_paths.database)
    yield database
    close_database()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM))


@pytest.fixture
def narrowed(monkeypatch) -> list[str]:
    """The searches whose first page was tested among the shown search's matches."""
    searches: list[str] = []
    real = list_pages._narrowed

    def watched(previous, query, size):
        page = real(previous, query, size)
        searches.extend([query.search] if page is not None else [])
        return page

    monkeypatch.setattr(list_pages, "_narrowed", watched)
    return searches
