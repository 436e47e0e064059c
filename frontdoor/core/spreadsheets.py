"""Cells of the spreadsheets Frontdoor exports, made safe to open: text a person typed (a
name, a team, a reason) must never run as a formula in Excel or LibreOffice."""

from __future__ import annotations

from typing import Any

# What a spreadsheet reads as the start of a formula in a CSV cell (OWASP's CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that would start a formula is quoted with an apostrophe, which
    spreadsheets hide and read as "this is text"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text_cell(sheet: Any, value: str) -> Any:
    """An xlsx cell holding `value` as text, exactly as typed. openpyxl writes a string that
    starts with "=" as a live formula; a cell typed as a string is shown, never run."""
    from openpyxl.cell import Cell

    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    return cell
