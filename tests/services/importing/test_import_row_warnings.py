"""Per row, the import says what it dropped or could not read (issue 20): birthdays that are
no date, phone numbers it could not normalise; day-month birthdays are read as the form does."""

from __future__ import annotations

import json

from desktop_crm.cli.main import main
from desktop_crm.services.importing import open_import, preview_import
from desktop_crm.services.importing.row_warnings import RowWarning, WarningCode

DUTCH = (
    "Voornaam;Achternaam;E-mailadres;Telefoon;Geboortedatum\r\n"
    "Jan;Jansen;jan@example.com;06 98765432;31-02-1990\r\n"
    "Piet;Pietersen;piet@example.com;0612345678;05-12\r\n"
    "Kees;Klaas;kees@example.com;;0/0/00\r\n"
    "Els;Bos;els@example.com;;14-03\r\n"
)


def test_unreadable_birthday_and_phone_are_reported_per_row(tmp_path):
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    rows = preview_import(open_import(path), check_database=False).rows
    by_line = {row.line: row.record for row in rows}
    assert by_line[2].birthday is None
    assert by_line[2].warnings == [
        RowWarning(WarningCode.PHONE_UNREADABLE, "06 98765432"),
        RowWarning(WarningCode.BIRTHDAY_UNREADABLE, "31-02-1990"),
    ]
    assert by_line[2].phones[0].raw == "06 98765432"  # kept as written
    assert by_line[4].warnings == []  # 0/0/00 means "no date" (R3), nothing was lost


def test_day_month_birthday_is_a_birthday_without_a_year(tmp_path):
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    rows = preview_import(open_import(path), check_database=False).rows
    by_line = {row.line: row.record for row in rows}
    assert by_line[3].birthday is not None and by_line[3].birthday.iso() == "--12-05"
    assert by_line[5].birthday is not None and by_line[5].birthday.iso() == "--03-14"
    assert by_line[3].warnings == by_line[5].warnings == []


def test_english_slash_day_month_is_month_first(tmp_path):
    path = tmp_path / "en.csv"
    path.write_text("Name,Email,Birthday\nAl Green,al@example.com,05/12\n", encoding="utf-8")
    (row,) = preview_import(open_import(path), check_database=False).rows
    assert row.record.birthday is not None and row.record.birthday.iso() == "--05-12"


def test_vcard_text_birthday_is_reported(tmp_path):
    path = tmp_path / "c.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:4.0\nFN:Old Timer\nBDAY;VALUE=text:circa 1800\n"
        "TEL:n.v.t.\nEND:VCARD\n",
        encoding="utf-8",
    )
    (row,) = preview_import(open_import(path), check_database=False).rows
    assert [w.code for w in row.record.warnings] == [
        WarningCode.PHONE_UNREADABLE,
        WarningCode.BIRTHDAY_UNREADABLE,
    ]


def test_import_json_lists_row_warnings(tmp_path, capsys):
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    code = main(["--data-dir", str(tmp_path / "d"), "import", str(path), "--dry-run", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["row_warnings"] == [
        {"line": 2, "code": "phone_unreadable", "value": "06 98765432"},
        {"line": 2, "code": "birthday_unreadable", "value": "31-02-1990"},
    ]


def test_warning_text_is_translated():
    from desktop_crm.i18n import set_language

    warning = RowWarning.of(WarningCode.BIRTHDAY_UNREADABLE, "31-02-1990")
    try:
        set_language("nl")
        assert warning.describe() == "Verjaardag “31-02-1990” is geen datum; die is weggelaten."
    finally:
        set_language("en")
    assert warning.describe() == "Birthday “31-02-1990” is not a date; it was left out."


def test_import_text_summary_lists_what_was_left_out(tmp_path, capsys):
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    code = main(["--data-dir", str(tmp_path / "d"), "import", str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "line 2: Birthday “31-02-1990” is not a date; it was left out." in out
