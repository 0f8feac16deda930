"""`desktop-crm export FILE --format csv|vcf|ics`."""

from __future__ import annotations

import json

import pytest

from desktop_crm.cli.main import main


@pytest.fixture
def data_with_contacts(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(
        "Name,Email,Birthday\nAl Bo,al@example.com,1990-01-02\nCy Do,cy@example.com,\n",
        encoding="utf-8",
    )
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "import", str(path)]) == 0
    capsys.readouterr()
    return data


@pytest.mark.parametrize(
    ("fmt", "contacts", "events"), [("csv", 2, 0), ("vcf", 2, 0), ("ics", 2, 1)]
)
def test_export_formats(data_with_contacts, tmp_path, capsys, fmt, contacts, events):
    target = tmp_path / f"out.{fmt}"
    code = main(
        ["--data-dir", data_with_contacts, "export", str(target), "--format", fmt, "--json"]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and target.exists()
    assert (result["format"], result["contacts"], result["events"]) == (fmt, contacts, events)


def test_export_human_summary_and_bad_folder(data_with_contacts, tmp_path, capsys):
    assert (
        main(
            ["--data-dir", data_with_contacts, "export", str(tmp_path / "x.csv"), "--format", "csv"]
        )
        == 0
    )
    assert "2 contacts written to" in capsys.readouterr().out
    code = main(
        [
            "--data-dir",
            data_with_contacts,
            "export",
            str(tmp_path / "no" / "x.csv"),
            "--format",
            "csv",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err
