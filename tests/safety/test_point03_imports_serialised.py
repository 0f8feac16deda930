"""Point 3: two imports of one file at the same time create its contacts once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import POSTGRES_URL, reset_postgres
from tests.safety.cli import cli_env, contact_count, write_csv

ROWS = 2_000


def _import(data: Path, source: Path, extra: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_crm", *extra, "--data-dir", str(data)]
        + ["import", str(source), "--source", "race"],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_imports_of_one_file_at_once_create_each_contact_once(
    tmp_path: Path, backend: str
) -> None:
    extra: list[str] = []
    if backend == "postgres":
        if not POSTGRES_URL:
            pytest.skip("needs a PostgreSQL server (DESKTOP_CRM_TEST_POSTGRES)")
        reset_postgres(POSTGRES_URL)
        extra = ["--database", POSTGRES_URL]
    source = write_csv(
        tmp_path / "people.csv", [(f"Twin {i}", f"twin{i}@example.com") for i in range(ROWS)]
    )
    data = tmp_path / "data"
    # The schema first, so both imports race over the rows and not over creating tables.
    assert contact_count(data, *extra) == 0
    runs = [_import(data, source, extra) for _ in range(2)]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert contact_count(data, *extra) == ROWS
