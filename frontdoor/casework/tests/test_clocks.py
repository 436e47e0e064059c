"""The casework clocks: lengths from settings, due dates on the council's calendar, and the
red/amber/green of a due date. Every date was counted by hand on a printed calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.clocks import DayRag, clock_length, due_on, rag_for_day, today
from frontdoor.core.models import LocalClosureDay
from frontdoor.core.working_days import WorkingCalendar

CAL = WorkingCalendar()  # weekends and England bank holidays only


def test_clock_lengths_come_from_settings(settings: Any) -> None:
    assert clock_length("assessment_working_days") == 45
    assert clock_length("child_seen_urgent_working_days") == 1
    settings.FRONTDOOR_CLOCKS = {**settings.FRONTDOOR_CLOCKS, "assessment_working_days": "20"}
    assert clock_length("assessment_working_days") == 20


def test_an_unknown_clock_is_an_error() -> None:
    with pytest.raises(KeyError):
        clock_length("tea_break_working_days")


@pytest.mark.parametrize(
    ("start", "clock", "expected"),
    [
        # Fri 6 Nov 2026 + 1 = Mon 9 Nov.
        (date(2026, 11, 6), "allocation_working_days", date(2026, 11, 9)),
        # Fri 6 Nov + 5 = Fri 13 Nov.
        (date(2026, 11, 6), "child_seen_working_days", date(2026, 11, 13)),
        # Fri 6 Nov + 45: Nov 9-30 (16), Dec 1-24 (34); skip Fri 25 Dec and Mon 28 Dec
        # (Boxing Day's substitute); Dec 29-31 (37); skip Fri 1 Jan; Jan 4-8 (42), 11, 12,
        # 13 -> Wed 13 Jan 2027.
        (date(2026, 11, 6), "assessment_working_days", date(2027, 1, 13)),
        # Thu 24 Dec 2026 + 1: skip 25, 26, 27, 28 -> Tue 29 Dec.
        (date(2026, 12, 24), "child_seen_urgent_working_days", date(2026, 12, 29)),
        # Wed 24 Mar 2027 + 5, over Easter (Good Friday 26 Mar, Easter Monday 29 Mar):
        # Thu 25 (1), Tue 30 (2), Wed 31 (3), Thu 1 Apr (4), Fri 2 Apr (5).
        (date(2027, 3, 24), "risk_review_working_days", date(2027, 4, 2)),
        # Fri 24 Dec 2027 + 5, over both 2027 substitute days (Christmas on Mon 27,
        # Boxing Day on Tue 28): Wed 29 (1), Thu 30 (2), Fri 31 (3); New Year's Day 2028 is
        # a Saturday, so Mon 3 Jan 2028 is its substitute; Tue 4 (4), Wed 5 Jan 2028 (5).
        (date(2027, 12, 24), "early_help_allocation_working_days", date(2028, 1, 5)),
    ],
)
def test_due_on_counts_working_days(start: date, clock: str, expected: date) -> None:
    assert due_on(start, clock, CAL) == expected


@pytest.mark.django_db
def test_due_on_skips_the_councils_closure_days() -> None:
    LocalClosureDay.objects.create(date=date(2026, 11, 9), reason="Staff training")
    # Fri 6 Nov + 1, Mon 9 Nov closed -> Tue 10 Nov.
    assert due_on(date(2026, 11, 6), "allocation_working_days") == date(2026, 11, 10)
    # A calendar passed in is used as it is.
    assert due_on(date(2026, 11, 6), "allocation_working_days", CAL) == date(2026, 11, 9)


def test_today_is_the_date_in_london(monkeypatch: Any) -> None:
    # 23:30 UTC on Fri 5 Jun 2026 is 00:30 on Sat 6 Jun in London (summer time).
    freeze(monkeypatch, datetime(2026, 6, 5, 23, 30, tzinfo=UTC))
    assert today() == date(2026, 6, 6)
    freeze(monkeypatch, london(2026, 12, 31, 23, 59))
    assert today() == date(2026, 12, 31)


# --- red, amber, green -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "on", "colour", "label"),
    [
        # Overdue the day after it was due.
        (date(2026, 12, 10), date(2026, 12, 11), "red", "Overdue"),
        # A due date on a weekend is overdue on Monday.
        (date(2026, 12, 13), date(2026, 12, 14), "red", "Overdue"),
        (date(2026, 12, 10), date(2026, 12, 10), "amber", "Due today"),
        # Thu 10 Dec, due Fri 11: 1 working day left.
        (date(2026, 12, 11), date(2026, 12, 10), "amber", "Due soon"),
        # Thu 10 Dec, due Mon 14: Fri 11, Mon 14 = 2 left (the default amber limit).
        (date(2026, 12, 14), date(2026, 12, 10), "amber", "Due soon"),
        # Thu 10 Dec, due Tue 15: Fri 11, Mon 14, Tue 15 = 3 left.
        (date(2026, 12, 15), date(2026, 12, 10), "green", "On time"),
        # Over Christmas: Wed 23 Dec, due Tue 29 Dec: Thu 24, Tue 29 = 2 left, though six
        # calendar days away.
        (date(2026, 12, 29), date(2026, 12, 23), "amber", "Due soon"),
        # Wed 23 Dec, due Wed 30 Dec: Thu 24, Tue 29, Wed 30 = 3 left.
        (date(2026, 12, 30), date(2026, 12, 23), "green", "On time"),
        # Looked at on a Saturday, due Tuesday: Mon, Tue = 2 left.
        (date(2026, 12, 15), date(2026, 12, 12), "amber", "Due soon"),
        # Due on a Sunday, looked at on the Friday before: no working day left.
        (date(2026, 12, 13), date(2026, 12, 11), "amber", "Due soon"),
    ],
)
def test_rag_for_day(due: date, on: date, colour: str, label: str) -> None:
    assert rag_for_day(due, on, CAL) == DayRag(colour, label)


def test_amber_limit_comes_from_settings(settings: Any) -> None:
    settings.FRONTDOOR_AMBER_WORKING_DAYS = 0
    # Thu 10 Dec, due Fri 11: 1 left, more than 0.
    assert rag_for_day(date(2026, 12, 11), date(2026, 12, 10), CAL).colour == "green"
    assert rag_for_day(date(2026, 12, 10), date(2026, 12, 10), CAL).colour == "amber"
    settings.FRONTDOOR_AMBER_WORKING_DAYS = 5
    # Thu 10 Dec, due Thu 17: Fri 11, Mon 14 .. Thu 17 = 5 left.
    assert rag_for_day(date(2026, 12, 17), date(2026, 12, 10), CAL).colour == "amber"
    # Due Fri 18: 6 left.
    assert rag_for_day(date(2026, 12, 18), date(2026, 12, 10), CAL).colour == "green"


@pytest.mark.django_db
def test_rag_counts_closure_days_when_no_calendar_is_given() -> None:
    LocalClosureDay.objects.create(date=date(2026, 12, 14), reason="Office move")
    LocalClosureDay.objects.create(date=date(2026, 12, 15), reason="Office move")
    # Thu 10 Dec, due Wed 16: Fri 11, (Mon 14, Tue 15 closed), Wed 16 = 2 left: amber.
    # Without the closures it would be 4 left and green.
    assert rag_for_day(date(2026, 12, 16), date(2026, 12, 10)).colour == "amber"
    assert rag_for_day(date(2026, 12, 16), date(2026, 12, 10), CAL).colour == "green"
