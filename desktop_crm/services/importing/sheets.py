"""Spreadsheet contact lists (.xlsx with openpyxl, .ods with odfpy): the first sheet's rows
as text cells, so they go through the same header detection, mapping and rules as a CSV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from desktop_crm.errors import ImportFileError
from desktop_crm.i18n import _

_MAX_REPEAT = 1_000  # ODS writes "1,024 empty columns" as one cell; empties are not expanded


def cell_text(value: Any) -> str:
    """A cell as the text a CSV export of the same sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # A phone number or a year typed into a number cell must not gain a ".0".
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(
            _("{path} is a damaged workbook: {reason}").format(path=path, reason=exc)
        ) from exc
    try:
        sheet = book.worksheets[0]
        first = sheet.min_row or 1
        for offset, values in enumerate(sheet.iter_rows(values_only=True)):
            yield first + offset, [cell_text(v) for v in values]
    finally:
        book.close()


def _ods_cell(cell: Any) -> str:
    from odf.namespaces import OFFICENS

    value_type = cell.attributes.get((OFFICENS, "value-type"))
    if value_type in ("float", "percentage", "currency"):
        raw = cell.attributes.get((OFFICENS, "value"))
        try:
            return cell_text(float(raw))
        except (TypeError, ValueError):
            pass
    if value_type == "date":
        raw = cell.attributes.get((OFFICENS, "date-value")) or ""
        return raw[:10] if raw.endswith("T00:00:00") or len(raw) == 10 else raw.replace("T", " ")
    if value_type == "boolean":
        return "TRUE" if cell.attributes.get((OFFICENS, "boolean-value")) == "true" else "FALSE"
    return "\n".join(_text_of(p) for p in cell.childNodes if p.qname[1] == "p")


def _text_of(node: Any) -> str:
    """The text of a text:p, with text:s (spaces), tabs and line breaks written out."""
    from odf.namespaces import TEXTNS

    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(str(child.data))
        elif child.qname == (TEXTNS, "s"):
            parts.append(" " * int(child.attributes.get((TEXTNS, "c"), "1")))
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif child.qname == (TEXTNS, "line-break"):
            parts.append("\n")
        else:
            parts.append(_text_of(child))
    return "".join(parts)


def _ods_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises many kinds for a damaged file
        raise ImportFileError(
            _("{path} is a damaged workbook: {reason}").format(path=path, reason=exc)
        ) from exc
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        return
    line = 0
    for row in tables[0].getElementsByType(TableRow):
        cells: list[str] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            text = _ods_cell(cell) if cell.qname[1] == "table-cell" else ""
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), "1"))
            cells.extend([text] * (min(repeat, _MAX_REPEAT) if text else min(repeat, 1)))
        while cells and not cells[-1]:
            cells.pop()
        repeat_rows = int(row.attributes.get((TABLENS, "number-rows-repeated"), "1"))
        line += 1
        yield line, cells
        if cells:
            for _extra in range(min(repeat_rows, _MAX_REPEAT) - 1):
                line += 1
                yield line, list(cells)
        else:
            line += repeat_rows - 1  # a run of empty rows: one is enough to say "blank"


def sheet_rows(path: Path, kind: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet; empty rows included so the numbers match."""
    return _xlsx_rows(path) if kind == "xlsx" else _ods_rows(path)
