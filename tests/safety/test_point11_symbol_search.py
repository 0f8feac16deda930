"""Point 11: a search for words that are symbols finds the contact ("Procter & Gamble")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backends import POSTGRES_URL, reset_postgres
from tests.safety.cli import run_cli

COMPANIES = ["Procter & Gamble", "Bakker + Zn", "A / B", "Plain Company"]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_search_for_symbols(tmp_path: Path, backend: str) -> None:
    extra: list[str] = ["--data-dir", str(tmp_path)]
    if backend == "postgres":
        if not POSTGRES_URL:
            pytest.skip("needs a PostgreSQL server (DESKTOP_CRM_TEST_POSTGRES)")
        reset_postgres(POSTGRES_URL)
        extra += ["--database", POSTGRES_URL]
    for i, company in enumerate(COMPANIES):
        done = run_cli(*extra, "contacts", "add", f"Person {i}", "--company", company)
        assert done.returncode == 0, done.stderr
    for i, company in enumerate(COMPANIES[:3]):
        for query in (company, company.lower(), company.split(" ")[1]):
            done = run_cli(*extra, "contacts", "list", "--search", query, "--json")
            assert done.returncode == 0, done.stderr
            found = [row["full_name"] for row in json.loads(done.stdout)]
            assert found == [f"Person {i}"], (query, found)
