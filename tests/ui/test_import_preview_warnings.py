"""The wizard's preview says per row what the import dropped or could not read, and the
wizard takes a spreadsheet (.xlsx) like a CSV file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_crm.services.importing import open_import, preview_import
from desktop_crm.ui.import_wizard.preview_model import Column, PreviewModel
from tests.ui.test_import_wizard import cell, open_wizard, settings, to_preview  # noqa: F401

DUTCH = (
    "Voornaam;Achternaam;E-mailadres;Telefoon;Geboortedatum\r\n"
    "Jan;Jansen;jan@example.com;06 98765432;31-02-1990\r\n"
    "Piet;Pietersen;piet@example.com;0612345678;05-12\r\n"
)


def test_details_column_names_what_was_dropped_or_not_read(qtbot, tmp_path):
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    model = PreviewModel()
    model.set_rows(preview_import(open_import(path), check_database=False).rows)
    details = model.index(0, Column.DETAILS)
    assert details.data() == "Phone not valid · Birthday left out"
    tooltip = details.data(Qt.ItemDataRole.ToolTipRole)
    assert "“31-02-1990” is not a date" in tooltip and "“06 98765432” is not a valid" in tooltip
    assert tooltip.count("\n") == 1  # one line per warning
    assert model.index(0, Column.DETAILS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, Column.DETAILS).data() == ""  # 05-12: a birthday without a year
    assert model.index(1, Column.BIRTHDAY).data() != ""
    assert model.warned() == 1


def test_counts_line_says_how_many_rows_lost_something(qtbot, open_wizard, tmp_path):  # noqa: F811
    path = tmp_path / "nl.csv"
    path.write_bytes(DUTCH.encode("cp1252"))
    wizard = open_wizard(path)
    to_preview(qtbot, wizard)
    assert "1 with something left out" in wizard.preview_page.counts_label.text()


def test_wizard_previews_an_xlsx_contact_list(qtbot, open_wizard, tmp_path):  # noqa: F811
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Full Name", "Email", "Phone"])
    sheet.append(["Anna Bakker", "anna@example.com", "06-12345678"])
    sheet.append(["Piet Smit", "piet@@example.com", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    wizard = open_wizard(path)
    to_preview(qtbot, wizard)
    assert cell(wizard, 2, Column.PHONE).data() == "+31612345678"
    assert cell(wizard, 3, Column.DETAILS).data() == "Invalid email"
