"""Every public sample file gives exactly its expected result through `import --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_crm.cli.main import main

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples" / "import"
if not SAMPLES.is_dir():  # CI lays shared/ beside the clone
    SAMPLES = Path("/work/shared/samples/import")
EXPECTED = sorted(SAMPLES.glob("*.expected.json"))
COUNTS = ("contacts_created", "skipped_exact_duplicates", "flagged_possible_duplicates", "rejected")


@pytest.mark.skipif(not EXPECTED, reason="the shared sample files are not here")
@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".expected")[0])
def test_sample_file_gives_exactly_its_expected_result(expected_file, tmp_path, capsys):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    sample = expected_file.with_name(expected_file.name[: -len(".expected.json")])

    code = main(["--data-dir", str(tmp_path / "data"), "import", str(sample), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    result = json.loads(out)

    for key in COUNTS:
        assert result[key] == expected["counts"][key], key
    for key in ("records_total", "blank_rows_ignored", "non_contact_records_ignored"):
        assert result[key] == expected["counts"][key], key
    assert [(r["line"], r["reason"]) for r in result["rejected_rows"]] == [
        (r["line"], r["reason"]) for r in expected["rejected_rows"]
    ]
    assert [(d["line"], d["duplicate_of_line"]) for d in result["exact_duplicates"]] == [
        (d["line"], d["duplicate_of_line"]) for d in expected["exact_duplicates"]
    ]
    assert [(d["line"], d["duplicate_of_line"]) for d in result["possible_duplicates"]] == [
        (d["line"], d["possible_duplicate_of_line"]) for d in expected["possible_duplicates"]
    ]
    created = {row["line"]: row for row in result["created"]}
    for sample_row in expected["sample_rows"]:
        row = created[sample_row["line"]]
        for key, value in sample_row.items():
            if key in ("line", "card"):
                continue
            assert row[key] == value, (sample_row["line"], key)
