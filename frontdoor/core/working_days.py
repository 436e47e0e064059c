"""Due dates counted in working days and working hours.

A working day is Monday to Friday, not an England bank holiday (substitute days and one-off
days such as the 2022 state funeral included) and not a local closure day.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import overload
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
_ONE_DAY = timedelta(days=1)


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England bank holidays in `year`, including substitute ("observed") days."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days and hours; arithmetic is done in local wall-clock time in `tz`."""

    closures: frozenset[date] = frozenset()
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    tz: ZoneInfo = LONDON

    def __post_init__(self) -> None:
        if not self.day_start < self.day_end:
            raise ValueError("day_start must be before day_end")

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day."""
        if isinstance(day, datetime):
            # A datetime never equals a date, so the holiday lookups would silently miss.
            raise TypeError("is_working_day takes a date, not a datetime")
        return (
            day.weekday() < 5 and day not in _bank_holidays(day.year) and day not in self.closures
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    @overload
    def add_working_days(self, start: datetime, days: int) -> datetime: ...
    @overload
    def add_working_days(self, start: date, days: int) -> date: ...
    def add_working_days(self, start: datetime | date, days: int) -> datetime | date:
        """Count `days` working days on from `start`.

        A date gives the `days`-th working day strictly after it (Sat + 1 is Mon; + 0 is
        the date itself). A datetime gives the same local time of day on the `days`-th
        following working day; a start on a non-working day first moves to `day_start` on
        the next working day (Sat 10:00 + 1 is Tue 09:00). Datetimes come back aware in
        `tz`; naive ones are read as local time in `tz`.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        if not isinstance(start, datetime):
            for _ in range(days):
                start = self.next_working_day(start)
            return start
        local = self._local(start)
        day, at = local.date(), local.time()
        if not self.is_working_day(day):
            day, at = self.next_working_day(day), self.day_start
        for _ in range(days):
            day = self.next_working_day(day)
        return self._aware(datetime.combine(day, at))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (Fri to Mon is 1).

        Negative when `end` is before `start`.
        """
        if isinstance(start, datetime) or isinstance(end, datetime):
            raise TypeError("working_days_between takes dates, not datetimes")
        if end < start:
            return -self.working_days_between(end, start)
        weeks, rest = divmod((end - start).days, 7)
        weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (start.weekday() + i) % 7 < 5)
        bank = sum(
            1
            for year in range(start.year, end.year + 1)
            for d in _bank_holidays(year)
            if start < d <= end and d.weekday() < 5
        )
        closed = sum(
            1
            for d in self.closures
            if start < d <= end and d.weekday() < 5 and d not in _bank_holidays(d.year)
        )
        return weekdays - bank - closed

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """Add `hours`, counting only `day_start`..`day_end` on working days.

        A start outside working time begins at the next `day_start` (Tue 20:00 + 4h is
        Wed 13:00); a clock that runs out exactly at `day_end` ends then, not the next
        morning. Returns an aware datetime in `tz`; a naive start is read as local time.
        """
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        local = self._local(start)
        day, at = local.date(), local.time()
        if not self.is_working_day(day) or at >= self.day_end:
            day, at = self.next_working_day(day), self.day_start
        elif at < self.day_start:
            at = self.day_start
        while True:
            cursor = datetime.combine(day, at)
            left_today = datetime.combine(day, self.day_end) - cursor
            if remaining <= left_today:
                return self._aware(cursor + remaining)
            remaining -= left_today
            day, at = self.next_working_day(day), self.day_start

    def is_working_time(self, moment: datetime) -> bool:
        """Whether `moment` falls between `day_start` and `day_end` on a working day."""
        local = self._local(moment)
        return self.is_working_day(local.date()) and self.day_start <= local.time() < self.day_end

    def end_of_working_day(self, moment: datetime) -> datetime:
        """`day_end` on the working day of `moment`; on the next working day when `moment` is
        at or after the close or on a day off (Fri 18:00 gives Mon 17:00)."""
        local = self._local(moment)
        day = local.date()
        if not self.is_working_day(day) or local.time() >= self.day_end:
            day = self.next_working_day(day)
        return self._aware(datetime.combine(day, self.day_end))

    def _local(self, moment: datetime) -> datetime:
        """`moment` as naive local wall-clock time in `tz`."""
        if moment.tzinfo is None:
            return moment
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _aware(self, wall: datetime) -> datetime:
        """Attach `tz` to a naive local time."""
        # The round trip through UTC turns a wall time inside a DST gap into a real one.
        return wall.replace(tzinfo=self.tz).astimezone(UTC).astimezone(self.tz)


def _setting_time(value: str | time) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def calendar() -> WorkingCalendar:
    """The council's calendar: closure days from the database, hours and zone from settings."""
    from django.conf import settings

    from frontdoor.core.models import LocalClosureDay

    return WorkingCalendar(
        closures=frozenset(LocalClosureDay.objects.values_list("date", flat=True)),
        day_start=_setting_time(getattr(settings, "FRONTDOOR_WORKING_DAY_START", "09:00")),
        day_end=_setting_time(getattr(settings, "FRONTDOOR_WORKING_DAY_END", "17:00")),
        tz=ZoneInfo(getattr(settings, "TIME_ZONE", None) or "Europe/London"),
    )


class WorkingDayIndex:
    """A calendar's working days between two dates as a sorted list, so that `add` and `back`
    are a binary search rather than a walk through the days, for a caller that asks many
    thousands of times (the demo). `add` is `WorkingCalendar.add_working_days` for dates
    (tested to agree), and falls back to it outside the range."""

    def __init__(self, cal: WorkingCalendar, first: date, last: date) -> None:
        self.cal = cal
        days, day = [], first
        while day <= last:
            if cal.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        self.days = days

    def add(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`day` itself for 0)."""
        if count <= 0:
            return day
        index = bisect_right(self.days, day) + count - 1
        if index >= len(self.days) or day < self.days[0]:
            return self.cal.add_working_days(day, count)
        return self.days[index]

    def back(self, day: date, count: int) -> date:
        """The `count`-th working day before `day` (`day` itself for 0)."""
        if count <= 0:
            return day
        index = bisect_left(self.days, day) - count
        return self.days[max(index, 0)]


@overload
def add_working_days(start: datetime, days: int) -> datetime: ...
@overload
def add_working_days(start: date, days: int) -> date: ...
def add_working_days(start: datetime | date, days: int) -> datetime | date:
    """`WorkingCalendar.add_working_days` on the council's calendar."""
    return calendar().add_working_days(start, days)
