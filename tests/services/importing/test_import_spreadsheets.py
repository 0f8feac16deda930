"""An .xlsx or .ods contact list imports exactly as the same table saved as CSV."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from desktop_crm.cli.main import main
from desktop_crm.services.importing import open_import, preview_import
from desktop_crm.services.importing.sheets import cell_text

TABLE = [
    ["Notes:", "exported from the list vendor"],
    [],
    ["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Birthday", "Company"],
    ["Anouk", "de Graaf", "anouk@example.com", "06-12121212", "1985-04-03", "Bakker + Zn"],
    ["Bart", "Dijkstra", "bart@example.com", "020 555 0101", "", ""],
    ["Bart", "Dijkstra", "BART@example.com", "", "", ""],
    ["", "", "", "", "", ""],
    ["Hugo", "Bosch", "hugo@", "", "", ""],
    ["", "", "", "0612345678", "", "Phone Only BV"],
    ["Zoë", "Öztürk", "zoe@example.com", "onbekend", "31-02-1990", 'Café, "De Hoek"'],
]


def _write_csv(path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(TABLE)


def _write_xlsx(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in TABLE:
        sheet.append(row if row else [None])
    book.save(path)


def _write_ods(path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Contacts")
    for row in TABLE:
        table_row = TableRow()
        for value in row or [""]:
            cell = TableCell(valuetype="string") if value else TableCell()
            if value:
                cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def _result(tmp_path, capsys, path) -> dict:
    code = main(["--data-dir", str(tmp_path / path.suffix), "import", str(path), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("file", "format", "flavour", "encoding", "delimiter", "batch_id"):
        result.pop(key)
    for row in result["created"]:
        row.pop("id")
    return result


def test_csv_xlsx_and_ods_of_one_table_give_identical_results(tmp_path, capsys):
    paths = [tmp_path / "list.csv", tmp_path / "list.xlsx", tmp_path / "list.ods"]
    _write_csv(paths[0])
    _write_xlsx(paths[1])
    _write_ods(paths[2])
    csv_result, xlsx_result, ods_result = (_result(tmp_path, capsys, p) for p in paths)
    assert csv_result["contacts_created"] == 3
    assert csv_result["skipped_exact_duplicates"] == 1
    assert csv_result["header_line"] == 3
    assert [r["reason"] for r in csv_result["rejected_rows"]] == [
        "invalid_email",
        "missing_name_and_email",
    ]
    assert xlsx_result == csv_result
    assert ods_result == csv_result


def test_spreadsheet_format_is_reported(tmp_path):
    path = tmp_path / "list.xlsx"
    _write_xlsx(path)
    assert open_import(path).info().format == "xlsx"


def test_number_and_date_cells_read_as_a_csv_would_hold_them(tmp_path):
    import openpyxl

    assert cell_text(612345678.0) == "612345678"
    assert cell_text(date(1985, 4, 3)) == "1985-04-03"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Phone", "Birthday"])
    sheet.append(["Sem de Ruiter", "sem@example.com", 612345678, date(1985, 4, 3)])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    (row,) = preview_import(open_import(path), check_database=False).rows
    assert row.record.phone_e164 == "+31612345678"
    assert row.record.birthday is not None and row.record.birthday.iso() == "1985-04-03"


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_damaged_workbook_is_a_clear_refusal(tmp_path, suffix):
    import zipfile

    from desktop_crm.errors import ImportFileError

    path = tmp_path / f"broken{suffix}"
    with zipfile.ZipFile(path, "w") as archive:
        if suffix == ".xlsx":
            archive.writestr("xl/workbook.xml", b"<not-xml")
        else:
            archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", b"<not-xml")
    with pytest.raises(ImportFileError, match="damaged workbook"):
        preview_import(open_import(path), check_database=False)
