"""Numbers and dates typed by people or sent in a URL, parsed in one place so that no input
reaches `int()` or `date()` in a shape they would crash on: `str.isdigit()` says yes to
"²" and to other scripts' digits, and `date()` overflows on a 20-digit day."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

DIGITS = re.compile(r"[0-9]+")
# Row ids fit a signed 64-bit column; longer numbers are not ids of anything.
LONGEST_ID = 18
# Dates the service can mean: nobody it records was born before 1900, and nothing is planned
# past 2100 (date arithmetic on the calendar's ends overflows).
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def is_number(text: str, longest: int = LONGEST_ID) -> bool:
    """Whether `text` is a whole number written in ASCII digits, at most `longest` of them."""
    return bool(DIGITS.fullmatch(text)) and len(text) <= longest


def parse_id(text: str | None) -> int | None:
    """The id in `text` (surrounding spaces allowed), or None if it is not one."""
    value = (text or "").strip()
    return int(value) if is_number(value) else None


def parse_ids(values: Iterable[str]) -> list[int]:
    """Every id among `values`, once each, in order; anything else left out."""
    ids: list[int] = []
    for value in values:
        pk = parse_id(value)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def make_date(year: str, month: str, day: str) -> date | None:
    """The date of three typed parts, or None when they are not a real date. (Whether it is
    a date the form allows, like not in the future, is the form's own rule.)"""
    if not (is_number(year, 4) and is_number(month, 2) and is_number(day, 2)):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST
