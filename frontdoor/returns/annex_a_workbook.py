"""The Annex A workbook: `write_annex_a(as_at, path)` writes every list's rows
(`annex_a.annex_a_rows`) as an .xlsx file, with the sheet names, column headers and value
formats of Ofsted's template; Lists 8-11 have their headers only."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import date
from typing import Any

from frontdoor.core.spreadsheets import xlsx_text_cell

from .annex_a import annex_a_rows
from .annex_a_codes import HEADERS

# Excel's built-in short date (number format 14), as the sample's date cells have it.
DATE_FORMAT = "mm-dd-yy"


def _cells(sheet: Any, row: Iterable[Any]) -> list[Any]:
    from openpyxl.cell import Cell

    cells: list[Any] = []
    for value in row:
        if isinstance(value, date):
            cell = Cell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            cells.append(cell)
        elif isinstance(value, str) and value.startswith("="):
            cells.append(xlsx_text_cell(sheet, value))
        else:
            cells.append(value)
    return cells


def write_annex_a(as_at: date, path: str) -> None:
    """Write the Annex A workbook for an inspection on `as_at` to `path`.

    Everything is read first, then written to a temporary file beside `path` and renamed
    over it, so a failure leaves no partial file (and any earlier file as it was)."""
    from openpyxl import Workbook

    data = annex_a_rows(as_at)
    # In memory, not write-only: write-only sheets stream to temporary files of openpyxl's
    # own, which a failure would leave behind.
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headers in HEADERS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(headers))
        for row in data[name]:
            sheet.append(_cells(sheet, row))
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".annex-a-", suffix=".xlsx.part", dir=directory)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
