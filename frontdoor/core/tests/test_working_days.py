"""Working-day clocks. Every expected value was worked out by hand from a printed calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from frontdoor.core.working_days import WorkingCalendar, WorkingDayIndex

LONDON = ZoneInfo("Europe/London")
CAL = WorkingCalendar()


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- which days are working days ---------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2021, 12, 27),  # Mon, substitute for Christmas Day (Sat)
        date(2021, 12, 28),  # Tue, substitute for Boxing Day (Sun)
        date(2022, 1, 3),  # Mon, substitute for New Year's Day (Sat)
        date(2022, 9, 19),  # Mon, state funeral of Elizabeth II
        date(2022, 12, 26),  # Mon, Boxing Day
        date(2022, 12, 27),  # Tue, substitute for Christmas Day (Sun)
        date(2023, 5, 8),  # Mon, coronation of Charles III
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 8, 31),  # summer bank holiday
        date(2026, 12, 28),  # Mon, substitute for Boxing Day (Sat)
        date(2026, 6, 6),  # Saturday
        date(2026, 6, 7),  # Sunday
    ],
)
def test_non_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2021, 12, 29), date(2022, 1, 4), date(2022, 9, 20), date(2026, 12, 29)]
)
def test_working_days(day: date) -> None:
    assert CAL.is_working_day(day)


def test_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2026, 12, 25))


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 6, 8)) == date(2026, 6, 9)  # Mon -> Tue
    assert CAL.next_working_day(date(2026, 6, 5)) == date(2026, 6, 8)  # Fri -> Mon
    assert CAL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)


# --- add_working_days with datetimes -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Fri -> Mon, same time of day.
        (london(2026, 6, 5, 15, 0), 1, london(2026, 6, 8, 15, 0)),
        # Thu 24 Dec 2026: Fri 25 Christmas, Sat 26, Sun 27, Mon 28 substitute Boxing Day.
        (london(2026, 12, 24, 11, 0), 1, london(2026, 12, 29, 11, 0)),
        # Fri 24 Dec 2021: Mon 27 and Tue 28 are both substitute days.
        (london(2021, 12, 24, 11, 0), 1, london(2021, 12, 29, 11, 0)),
        # Fri 23 Dec 2022: Mon 26 Boxing Day, Tue 27 substitute Christmas Day.
        (london(2022, 12, 23, 10, 0), 1, london(2022, 12, 28, 10, 0)),
        # Fri 31 Dec 2021: Sat 1 Jan, Sun 2, Mon 3 substitute New Year's Day.
        (london(2021, 12, 31, 16, 30), 1, london(2022, 1, 4, 16, 30)),
        # Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr.
        (london(2026, 4, 2, 14, 0), 1, london(2026, 4, 7, 14, 0)),
        # State funeral, Mon 19 Sep 2022.
        (london(2022, 9, 16, 9, 30), 1, london(2022, 9, 20, 9, 30)),
        # Coronation, Mon 8 May 2023.
        (london(2023, 5, 5, 12, 0), 1, london(2023, 5, 9, 12, 0)),
        # Weekend start: the clock starts Mon 09:00, so + 1 is Tue 09:00.
        (london(2026, 6, 6, 10, 0), 1, london(2026, 6, 9, 9, 0)),
        (london(2026, 6, 6, 10, 0), 0, london(2026, 6, 8, 9, 0)),
        # Bank holiday start: Good Friday 3 Apr 2026 -> starts Tue 7 Apr 09:00.
        (london(2026, 4, 3, 11, 0), 1, london(2026, 4, 8, 9, 0)),
        # A working-day start with days=0 is unchanged.
        (london(2026, 6, 9, 20, 0), 0, london(2026, 6, 9, 20, 0)),
        # Outside hours on a working day keeps its time of day.
        (london(2026, 6, 9, 20, 0), 1, london(2026, 6, 10, 20, 0)),
    ],
)
def test_add_working_days_datetime(start: datetime, days: int, expected: datetime) -> None:
    result = CAL.add_working_days(start, days)
    assert result == expected
    assert result.tzinfo == LONDON
    assert (result.hour, result.minute) == (expected.hour, expected.minute)


def test_local_closure_day_is_skipped() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 6, 12)}))  # Fri 12 Jun 2026
    assert not cal.is_working_day(date(2026, 6, 12))
    assert cal.add_working_days(london(2026, 6, 11, 10, 0), 1) == london(2026, 6, 15, 10, 0)
    assert cal.add_working_days(date(2026, 6, 11), 1) == date(2026, 6, 15)
    # Thu 11 -> Mon 15 Jun: Fri 12 closed, then the weekend.
    assert cal.working_days_between(date(2026, 6, 11), date(2026, 6, 15)) == 1


def test_closure_on_a_bank_holiday_is_not_double_counted() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 12, 28), date(2026, 12, 29)}))
    # Thu 24 -> Thu 31 Dec 2026: only Wed 30 and Thu 31 are working days.
    assert cal.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 2


def test_bst_to_gmt_keeps_wall_clock_time() -> None:
    # Clocks go back Sun 25 Oct 2026.
    result = CAL.add_working_days(london(2026, 10, 23, 9, 0), 1)
    assert result == london(2026, 10, 26, 9, 0)
    assert result.astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)


def test_gmt_to_bst_keeps_wall_clock_time() -> None:
    # Clocks go forward Sun 29 Mar 2026.
    result = CAL.add_working_days(london(2026, 3, 27, 9, 0), 1)
    assert result.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert (result.hour, result.minute) == (9, 0)


def test_utc_start_is_read_in_london_time() -> None:
    # 23:30 UTC on Fri 5 Jun 2026 is 00:30 BST on Sat 6 Jun: a weekend start.
    result = CAL.add_working_days(datetime(2026, 6, 5, 23, 30, tzinfo=UTC), 1)
    assert result == london(2026, 6, 9, 9, 0)


def test_naive_datetime_is_read_as_london_time() -> None:
    result = CAL.add_working_days(datetime(2026, 6, 5, 15, 0), 1)
    assert result == london(2026, 6, 8, 15, 0)
    assert result.tzinfo == LONDON


def test_negative_days_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 6, 1), -1)


# --- add_working_days with dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 6, 6), 1, date(2026, 6, 8)),  # Sat + 1 -> Mon
        (date(2026, 6, 6), 0, date(2026, 6, 6)),  # + 0 is the date itself
        (date(2021, 12, 24), 1, date(2021, 12, 29)),
        (date(2021, 12, 31), 1, date(2022, 1, 4)),
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        # Referral Mon 1 Jun 2026 + 45: Jun 2-30 gives 21, Jul 1-31 gives 23 (44), Mon 3 Aug.
        (date(2026, 6, 1), 45, date(2026, 8, 3)),
        # Referral Mon 3 Aug 2026 + 45, across the summer bank holiday Mon 31 Aug:
        # Aug 4-28 gives 19, Sep 1-30 gives 22 (41), Oct 1, 2, 5, 6 -> Tue 6 Oct.
        (date(2026, 8, 3), 45, date(2026, 10, 6)),
    ],
)
def test_add_working_days_date(start: date, days: int, expected: date) -> None:
    result = CAL.add_working_days(start, days)
    assert result == expected
    assert type(result) is date


# --- working_days_between --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 6, 5), date(2026, 6, 8), 1),  # Fri -> Mon
        (date(2026, 6, 8), date(2026, 6, 8), 0),
        (date(2026, 6, 6), date(2026, 6, 7), 0),  # Sat -> Sun
        # Thu 24 -> Thu 31 Dec 2026: 25 holiday, 26-27 weekend, 28 substitute; 29, 30, 31.
        (date(2026, 12, 24), date(2026, 12, 31), 3),
        (date(2026, 12, 31), date(2026, 12, 24), -3),
        # Fri 24 Dec 2021 -> Tue 4 Jan 2022: 29, 30, 31 Dec and 4 Jan.
        (date(2021, 12, 24), date(2022, 1, 4), 4),
        (date(2026, 8, 3), date(2026, 10, 6), 45),
        (date(2026, 6, 1), date(2026, 8, 3), 45),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


# --- add_working_hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Fri 16:00 + 4: one hour Friday, three on Monday.
        (london(2026, 6, 5, 16, 0), 4, london(2026, 6, 8, 12, 0)),
        # Tue 20:00 + 4: starts Wed 09:00.
        (london(2026, 6, 9, 20, 0), 4, london(2026, 6, 10, 13, 0)),
        # Before opening: Wed 07:00 + 2 -> Wed 11:00.
        (london(2026, 6, 10, 7, 0), 2, london(2026, 6, 10, 11, 0)),
        # Running out exactly at close stays at close.
        (london(2026, 6, 5, 16, 0), 1, london(2026, 6, 5, 17, 0)),
        # Saturday start + 2.5 -> Mon 11:30.
        (london(2026, 6, 6, 10, 0), 2.5, london(2026, 6, 8, 11, 30)),
        # Three full working days from Thu 24 Dec 2026 09:00: Thu, Tue 29, Wed 30 -> Wed 17:00.
        (london(2026, 12, 24, 9, 0), 24, london(2026, 12, 30, 17, 0)),
        # Thu 24 Dec 2026 16:00 + 2: one hour Thu, one hour Tue 29 Dec.
        (london(2026, 12, 24, 16, 0), 2, london(2026, 12, 29, 10, 0)),
    ],
)
def test_add_working_hours(start: datetime, hours: float, expected: datetime) -> None:
    result = CAL.add_working_hours(start, hours)
    assert result == expected
    assert result.tzinfo == LONDON


def test_add_working_hours_across_bst_to_gmt() -> None:
    # Fri 23 Oct 2026 15:00 BST (14:00 UTC) + 4: two hours Friday, two Monday -> 11:00 GMT.
    result = CAL.add_working_hours(london(2026, 10, 23, 15, 0), 4)
    assert result == london(2026, 10, 26, 11, 0)
    assert result.astimezone(UTC) == datetime(2026, 10, 26, 11, 0, tzinfo=UTC)


def test_add_working_hours_with_custom_day() -> None:
    cal = WorkingCalendar(day_start=time(8, 30), day_end=time(16, 30))
    # Fri 16:00 + 1: half an hour Friday, half an hour Monday from 08:30.
    assert cal.add_working_hours(london(2026, 6, 5, 16, 0), 1) == london(2026, 6, 8, 9, 0)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Inside the day: that day's close.
        (london(2026, 6, 10, 11, 0), london(2026, 6, 10, 17, 0)),
        # Before opening still closes that day.
        (london(2026, 6, 10, 7, 30), london(2026, 6, 10, 17, 0)),
        # At the close or after: the next working day's close.
        (london(2026, 6, 10, 17, 0), london(2026, 6, 11, 17, 0)),
        # Friday evening: Monday's close.
        (london(2026, 6, 5, 18, 0), london(2026, 6, 8, 17, 0)),
        # Christmas Eve 2026 (Thu) 20:00: Christmas, Boxing Day substitute (Mon 28) and the
        # weekend are off, so Tue 29 Dec.
        (london(2026, 12, 24, 20, 0), london(2026, 12, 29, 17, 0)),
    ],
)
def test_end_of_working_day(moment: datetime, expected: datetime) -> None:
    assert CAL.end_of_working_day(moment) == expected


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (london(2026, 6, 10, 9, 0), True),  # opening
        (london(2026, 6, 10, 16, 59), True),
        (london(2026, 6, 10, 17, 0), False),  # the close is closed
        (london(2026, 6, 10, 8, 59), False),
        (london(2026, 6, 6, 11, 0), False),  # Saturday
        (london(2026, 12, 25, 11, 0), False),  # Christmas Day
    ],
)
def test_is_working_time(moment: datetime, working: bool) -> None:
    assert CAL.is_working_time(moment) is working


def test_negative_hours_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_hours(london(2026, 6, 8, 9, 0), -1)


def test_day_must_start_before_it_ends() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(day_start=time(17, 0), day_end=time(9, 0))


# --- properties ---------------------------------------------------------------------------------


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=0, max_value=300),
)
def test_add_then_count_round_trips(start: date, days: int) -> None:
    result = CAL.add_working_days(start, days)
    assert CAL.working_days_between(start, result) == days
    assert CAL.working_days_between(result, start) == -days
    if days:
        assert CAL.is_working_day(result)
        # No working day is skipped: the day before the result needs one fewer.
        assert CAL.working_days_between(start, result - timedelta(days=1)) == days - 1


# England bank holidays 2025-2028 as published on GOV.UK, copied by hand (not from the
# `holidays` package the calendar uses), so the properties below check it independently.
ENGLAND_BANK_HOLIDAYS = frozenset(
    {
        # 2025: Christmas Thu 25 and Boxing Day Fri 26 Dec.
        date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 5),
        date(2025, 5, 26), date(2025, 8, 25), date(2025, 12, 25), date(2025, 12, 26),
        # 2026: Boxing Day is a Saturday, so its substitute is Mon 28 Dec.
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
        date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
        # 2027: Christmas (Sat) and Boxing Day (Sun) move to Mon 27 and Tue 28 Dec.
        date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3),
        date(2027, 5, 31), date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),
        # 2028: New Year's Day is a Saturday, so its substitute is Mon 3 Jan.
        date(2028, 1, 3), date(2028, 4, 14), date(2028, 4, 17), date(2028, 5, 1),
        date(2028, 5, 29), date(2028, 8, 28), date(2028, 12, 25), date(2028, 12, 26),
    }
)  # fmt: skip


def _open_by_hand(day: date, closures: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in ENGLAND_BANK_HOLIDAYS and day not in closures


# Starts in 2025-2027 and at most 150 working days (about 30 weeks): every result falls
# inside the table above.
_STARTS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
_DAYS = st.integers(min_value=1, max_value=150)


@hypothesis_settings(max_examples=100)
@given(start=_STARTS, days=_DAYS)
def test_a_due_date_is_never_a_weekend_or_bank_holiday(start: date, days: int) -> None:
    result = CAL.add_working_days(start, days)
    assert result.weekday() < 5
    assert result not in ENGLAND_BANK_HOLIDAYS


@hypothesis_settings(max_examples=100)
@given(
    start=_STARTS,
    days=_DAYS,
    closures=st.frozensets(
        st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 8, 31)), max_size=15
    ),
)
def test_counting_back_from_the_due_date_gives_n(
    start: date, days: int, closures: frozenset[date]
) -> None:
    """Walk back from the due date a calendar day at a time, counting open days by hand."""
    result = WorkingCalendar(closures=closures).add_working_days(start, days)
    assert result not in closures
    counted, day = 0, result
    while day > start:
        counted += _open_by_hand(day, closures)
        day -= timedelta(days=1)
    assert day == start
    assert counted == days
    assert _open_by_hand(result, closures)  # the count ends on an open day


@hypothesis_settings(max_examples=100)
@given(start=_STARTS, first=st.integers(0, 80), then=st.integers(0, 80))
def test_adding_in_two_steps_is_adding_once(start: date, first: int, then: int) -> None:
    once = CAL.add_working_days(start, first + then)
    assert CAL.add_working_days(CAL.add_working_days(start, first), then) == once


@hypothesis_settings(max_examples=100)
@given(a=_STARTS, b=_STARTS, c=_STARTS)
def test_counts_between_add_up(a: date, b: date, c: date) -> None:
    assert CAL.working_days_between(a, b) + CAL.working_days_between(
        b, c
    ) == CAL.working_days_between(a, c)


# --- tables across Christmas and New Year, Easter and substitute days ----------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 25),  # Thu, Christmas Day
        date(2025, 12, 26),  # Fri, Boxing Day
        date(2027, 3, 26),  # Good Friday 2027
        date(2027, 3, 29),  # Easter Monday 2027
        date(2027, 12, 27),  # Mon, substitute for Christmas Day (Sat)
        date(2027, 12, 28),  # Tue, substitute for Boxing Day (Sun)
        date(2028, 1, 3),  # Mon, substitute for New Year's Day (Sat)
        date(2028, 4, 14),  # Good Friday 2028
        date(2028, 4, 17),  # Easter Monday 2028
    ],
)
def test_more_non_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 29),  # Mon after Christmas 2025: no substitute needed
        date(2027, 1, 4),  # Mon after New Year's Day 2027 (a Friday): no substitute
        date(2027, 12, 29),
        date(2028, 1, 4),
        date(2028, 12, 27),  # Christmas 2028 is Mon-Tue: no substitute
    ],
)
def test_more_working_days(day: date) -> None:
    assert CAL.is_working_day(day)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Christmas and New Year 2026-27 (25 Dec Fri, 28 Dec Mon substitute, 1 Jan Fri).
        # Fri 6 Nov 2026 + 45: Nov 9-30 (16), Dec 1-24 (34), skip 25 and 28, Dec 29-31
        # (37), skip 1 Jan, Jan 4-8 (42), 11, 12, 13 -> Wed 13 Jan 2027.
        (date(2026, 11, 6), 45, date(2027, 1, 13)),
        # Mon 14 Dec + 10: Dec 15-18 (4), 21-24 (8), skip 25 and 28, Tue 29 (9), Wed 30.
        (date(2026, 12, 14), 10, date(2026, 12, 30)),
        # ... + 12: Thu 31 (11), skip Fri 1 Jan and the weekend, Mon 4 Jan 2027 (12).
        (date(2026, 12, 14), 12, date(2027, 1, 4)),
        # Thu 24 Dec 2026 + 5: Tue 29, Wed 30, Thu 31, Mon 4, Tue 5 Jan 2027.
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        # Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar).
        # Mon 22 Mar + 5: Tue 23, Wed 24, Thu 25, Tue 30, Wed 31 Mar.
        (date(2027, 3, 22), 5, date(2027, 3, 31)),
        (date(2027, 3, 26), 1, date(2027, 3, 30)),  # from Good Friday itself
        # Easter 2028: Thu 13 Apr + 1, skipping Fri 14 to Mon 17 -> Tue 18 Apr.
        (date(2028, 4, 13), 1, date(2028, 4, 18)),
        # Christmas 2027, both substitute days: Fri 24 Dec + 1, skipping Sat 25 to Tue 28
        # -> Wed 29 Dec.
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        # New Year 2028 substitute: Fri 31 Dec 2027 + 1, skipping Sat 1 to Mon 3 Jan ->
        # Tue 4 Jan 2028.
        (date(2027, 12, 31), 1, date(2028, 1, 4)),
        # All three substitutes in one count: Thu 23 Dec 2027 + 5: Fri 24, Wed 29, Thu 30,
        # Fri 31, Tue 4 Jan 2028.
        (date(2027, 12, 23), 5, date(2028, 1, 4)),
        # Christmas 2025 (Thu-Fri): Wed 24 Dec + 1 -> Mon 29 Dec.
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        # Christmas 2028 (Mon-Tue): Fri 22 Dec + 1 -> Wed 27 Dec.
        (date(2028, 12, 22), 1, date(2028, 12, 27)),
    ],
)
def test_add_working_days_over_holidays(start: date, days: int, expected: date) -> None:
    assert CAL.add_working_days(start, days) == expected
    # ... and counting back from the due date gives the same number of days.
    assert CAL.working_days_between(start, expected) == days


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Wed 23 Dec 2026 -> Tue 5 Jan 2027: Thu 24, Tue 29, Wed 30, Thu 31, Mon 4, Tue 5.
        (date(2026, 12, 23), date(2027, 1, 5), 6),
        # Thu 23 Dec 2027 -> Tue 4 Jan 2028: Fri 24, Wed 29, Thu 30, Fri 31, Tue 4.
        (date(2027, 12, 23), date(2028, 1, 4), 5),
        (date(2028, 1, 4), date(2027, 12, 23), -5),
        # Thu 25 Mar 2027 -> Tue 30 Mar 2027: only Tue 30.
        (date(2027, 3, 25), date(2027, 3, 30), 1),
        # Starting on a holiday: Mon 27 Dec 2027 -> Wed 29 Dec 2027: Wed 29 only.
        (date(2027, 12, 27), date(2027, 12, 29), 1),
    ],
)
def test_working_days_between_over_holidays(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


# --- the council's calendar from the database ---------------------------------------------------


@pytest.mark.django_db
def test_calendar_loads_closures_and_settings(settings) -> None:  # type: ignore[no-untyped-def]
    from frontdoor.core.models import LocalClosureDay
    from frontdoor.core.working_days import add_working_days, calendar

    settings.FRONTDOOR_WORKING_DAY_START = "09:00"
    settings.FRONTDOOR_WORKING_DAY_END = "17:00"
    settings.TIME_ZONE = "Europe/London"
    LocalClosureDay.objects.create(date=date(2026, 6, 12), reason="Staff training day")

    cal = calendar()
    assert cal.closures == frozenset({date(2026, 6, 12)})
    assert (cal.day_start, cal.day_end) == (time(9, 0), time(17, 0))
    # Thu 11 Jun 10:00: Fri 12 closed, weekend -> Mon 15 Jun 10:00.
    assert add_working_days(london(2026, 6, 11, 10, 0), 1) == london(2026, 6, 15, 10, 0)
    assert add_working_days(date(2026, 6, 11), 1) == date(2026, 6, 15)

    settings.FRONTDOOR_WORKING_DAY_START = "08:30"
    assert calendar().day_start == time(8, 30)


# --- the index of working days (the demo's fast path) ------------------------------------------


def test_the_index_counts_over_christmas_and_a_closure_day_as_the_calendar_does() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 6, 12)}))  # Fri 12 Jun 2026 closed
    index = WorkingDayIndex(cal, date(2026, 1, 1), date(2027, 3, 1))
    # Thu 24 Dec 2026 + 1: Fri 25 (Christmas), Mon 28 (Boxing Day's substitute): Tue 29 Dec.
    assert index.add(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # + 3: Tue 29, Wed 30, Thu 31 (Fri 1 Jan 2027 a bank holiday); + 4: Mon 4 Jan 2027.
    assert index.add(date(2026, 12, 24), 4) == date(2027, 1, 4)
    assert index.back(date(2026, 12, 29), 1) == date(2026, 12, 24)
    assert index.add(date(2026, 6, 11), 1) == date(2026, 6, 15)  # Fri 12 closed, the weekend
    assert index.add(date(2026, 6, 11), 0) == date(2026, 6, 11)
    # Past the end of the index, it asks the calendar: Fri 26 Feb 2027 + 5 is Fri 5 Mar.
    assert index.add(date(2027, 2, 26), 5) == date(2027, 3, 5)


def test_the_index_agrees_with_the_calendar_on_every_day_of_two_years() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 6, 12)}))
    first = date(2025, 1, 1)
    index = WorkingDayIndex(cal, first, date(2027, 6, 1))
    day = first
    while day < date(2027, 1, 1):
        for count in (0, 1, 5, 30, 45):
            assert index.add(day, count) == cal.add_working_days(day, count), (day, count)
        day += timedelta(days=1)
