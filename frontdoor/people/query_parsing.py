"""Reading the search box: an NHS number, a date of birth, a postcode, an LA child ID and the
name, typed in any order; and postcodes as people are stored with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .search_keys import normalise

NAME_MAX_LENGTH = 100
_NHS = re.compile(r"(?<![\d])(?:\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?![\d])")
_LONG_NUMBER = re.compile(r"(?<![\d])\d{9,}(?![\d])")
_DATE_DMY = re.compile(r"(?<![\d])(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})(?![\d])")
_DATE_ISO = re.compile(r"(?<![\d])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_WORDS = re.compile(
    r"(?<![\d])(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(_MONTHS)
    + r")[a-z]*\.?,?\s+(\d{4})(?![\d])",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
_FULL_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")
_LA_CHILD_ID = re.compile(r"\bFD\d{7}\b", re.IGNORECASE)


@dataclass(frozen=True)
class QueryParts:
    """What one search box holds. `problem` says what could not be read, in words."""

    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""
    la_child_id: str = ""
    problem: str = ""


def postcode_key(text: str) -> str:
    """A postcode as people are stored with it: upper case, one space before the last three."""
    compact = re.sub(r"\s+", "", text).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_postcode(text: str) -> bool:
    return bool(_FULL_POSTCODE.fullmatch(postcode_key(text)))


def postcode_in(text: str) -> str:
    """The postcode somewhere in an address, or ""."""
    found = _POSTCODE.search(text)
    return postcode_key(found.group(0)) if found else ""


def _year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def parse_query(text: str, *, today: date | None = None) -> QueryParts:
    """Split the search box into an NHS number (10 digits, spaces allowed), a date of birth
    (3/4/2016, 03-04-2016, 3 4 16, 2016-04-03, 3 April 2016: day first), a postcode, an LA
    child ID and, what is left, the name."""
    today = today or timezone.localdate()
    rest = " " + text.replace("\x00", " ") + " "
    problem = ""
    nhs = ""
    if found := _NHS.search(rest):
        nhs = re.sub(r"\D", "", found.group(0))
        rest = rest[: found.start()] + " " + rest[found.end() :]
    if _LONG_NUMBER.search(rest):
        problem = problem or "NHS number must be 10 digits, like 999 000 0018"
        rest = _LONG_NUMBER.sub(" ", rest)
    born = None
    for pattern, order in ((_DATE_ISO, "ymd"), (_DATE_WORDS, "dmy"), (_DATE_DMY, "dmy")):
        found = pattern.search(rest)
        if not found:
            continue
        values = dict(zip(order, found.groups(), strict=True))
        month = values["m"]
        number_month = _MONTHS.index(month[:3].lower()) + 1 if month.isalpha() else int(month)
        year, day = _year(values["y"], today), int(values["d"])
        try:
            born = date(year, number_month, day)
        except ValueError:
            born = _month_first(year, day, number_month)
            if born is None:
                problem = problem or "Date of birth must be a real date, like 27/3/2015"
        rest = rest[: found.start()] + " " + rest[found.end() :]
        break
    postcode = ""
    if found := _POSTCODE.search(rest):
        postcode = postcode_key(found.group(1) + found.group(2))
        rest = rest[: found.start()] + " " + rest[found.end() :]
    la_child_id = ""
    if found := _LA_CHILD_ID.search(rest):
        la_child_id = found.group(0).upper()
        rest = rest[: found.start()] + " " + rest[found.end() :]
    name = " ".join(re.sub(r"[^\w\s,'\-]|[\d_]", " ", rest).split())
    return QueryParts(name, born, nhs, postcode, la_child_id, problem)


def _month_first(year: int, first: int, second: int) -> date | None:
    """2/20/2014 has no 20th month: read it the American way, as 20 February, if it is a date."""
    try:
        return date(year, first, second) if first <= 12 < second else None
    except ValueError:
        return None


def has_letters(text: str) -> bool:
    return bool(normalise(text))
