"""Reading the measures: a value for a window, comparisons, before/after, weekly series,
breakdowns and the hour-of-day heat map.

Every measure is read from one description of its records (`measures.SPECS`). Days up to the
rollup's watermark are read from the daily rollup (`rollups.py`) where the rollup holds what
is asked; later days, and anything the rollup does not hold, are read live, so a record
made now shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.conf import settings

from . import engine, figures
from .catalogue import FILTERS, MEASURES, measure

DEFAULT_CHILD_POPULATION = 180_000
YEAR_AGO_DAYS = 364  # 52 weeks: the same weekdays a year earlier
# Denominators that do not add up over days (staff now; distinct workers): read per window.
NOT_ADDED_BY_DAY = ("advisors", "csws", "workers")


@dataclass(frozen=True)
class Filters:
    """What to narrow a measure to; "" means all."""

    source: str = ""
    channel: str = ""
    locality: str = ""
    team: str = ""
    age_band: str = ""
    ethnicity: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> Filters:
        """Filters from a query string; unknown names and invalid values are ignored."""
        choices = filter_choices()
        kept: dict[str, str] = {}
        for name in FILTERS:
            raw = query.get(name, "")
            value = (raw if isinstance(raw, str) else str(raw)).strip()
            if value and value in {v for v, _ in choices[name]}:
                kept[name] = value
        return cls(**kept)

    def as_query(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def active(self) -> dict[str, str]:
        return self.as_query()


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int | None
    value: float | None


@dataclass(frozen=True)
class Comparison:
    key: str
    start: date
    end: date
    current: Value
    previous: Value
    year_ago: Value
    change_on_previous: float | None
    change_on_year: float | None


@dataclass(frozen=True)
class BeforeAfter:
    key: str
    change_date: date
    weeks: int
    before: Value
    after: Value
    change: float | None
    weekly: list[tuple[date, Value]]


# --- values ------------------------------------------------------------------------------------


def child_population() -> int:
    return int(getattr(settings, "FRONTDOOR_CHILD_POPULATION", DEFAULT_CHILD_POPULATION))


def _value(key: str, numerator: int, denominator: int | None) -> Value:
    unit = measure(key).unit
    if unit == "count":
        return Value(numerator, None, float(numerator))
    if unit == "per_10k":
        population = child_population()
        return Value(numerator, population, numerator * 10_000 / population if population else None)
    if not denominator:
        return Value(numerator, denominator or 0, None)
    if unit == "percent":
        return Value(numerator, denominator, numerator * 100 / denominator)
    return Value(numerator, denominator, numerator / denominator)  # per_worker


def percent_change(now: float | None, before: float | None) -> float | None:
    """The change from `before` to `now` as a percentage of `before` (None when undefined)."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) * 100 / before


def change_of(key: str, now: float | None, before: float | None) -> float | None:
    """How measure `key` moved, as the dashboard, the review and their CSVs all say it: in
    percentage points for a percentage (20% to 30% is +10), as a percentage of the earlier
    value for anything else (20 to 30 is +50); None when it cannot be said."""
    if measure(key).unit != "percent":
        return percent_change(now, before)
    return None if now is None or before is None else now - before


def change_unit(key: str) -> str:
    return "percentage points" if measure(key).unit == "percent" else "percent"


def _check(key: str, filters: Filters) -> None:
    if key not in MEASURES:
        measure(key)  # raises KeyError naming the known measures


def measure_value(key: str, start: date, end: date, filters: Filters = Filters()) -> Value:
    """`key` over the days `start` to `end` inclusive (as at `end` for a point-in-time one)."""
    _check(key, filters)
    totals = figures.totals(key, start, end, filters, group_by=())
    num, den = totals.get((), (0, 0))
    return _value(key, num, den)


def compare(key: str, start: date, end: date, filters: Filters = Filters()) -> Comparison:
    """The window against the previous window of the same length and the same window 52
    weeks earlier."""
    length = (end - start).days + 1
    windows = [
        (start, end),
        (start - timedelta(days=length), end - timedelta(days=length)),
        (start - timedelta(days=YEAR_AGO_DAYS), end - timedelta(days=YEAR_AGO_DAYS)),
    ]
    current, previous, year_ago = _values_in_windows(key, windows, filters)
    return Comparison(
        key=key,
        start=start,
        end=end,
        current=current,
        previous=previous,
        year_ago=year_ago,
        change_on_previous=change_of(key, current.value, previous.value),
        change_on_year=change_of(key, current.value, year_ago.value),
    )


def _values_in_windows(key: str, windows: list[tuple[date, date]], filters: Filters) -> list[Value]:
    """`key` in each window: one query by day across them all where the measure adds up by
    day, one query per window otherwise."""
    _check(key, filters)
    if measure(key).point_in_time or engine.SPECS[key].den in NOT_ADDED_BY_DAY:
        return [measure_value(key, a, b, filters) for a, b in windows]
    first, last = min(a for a, _ in windows), max(b for _, b in windows)
    by_day = figures.totals(key, first, last, filters, group_by=("day",), within=tuple(windows))
    sums = [[0, 0] for _ in windows]
    for (day,), (num, den) in by_day.items():
        for i, (a, b) in enumerate(windows):
            if a <= day <= b:
                sums[i][0] += num
                sums[i][1] += den or 0
    return [_value(key, n, d) for n, d in sums]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_series(
    key: str, start: date, end: date, filters: Filters = Filters()
) -> list[tuple[date, Value]]:
    """One value per whole week, Monday to Sunday, from the week holding `start` to the week
    holding `end`, keyed by the week's Monday. A point-in-time measure is taken as at each
    week's Sunday (or `end`, if sooner)."""
    _check(key, filters)
    first, last = monday_of(start), monday_of(end)
    mondays = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    if measure(key).point_in_time:
        return [
            (m, measure_value(key, m, min(m + timedelta(days=6), end), filters)) for m in mondays
        ]
    if engine.SPECS[key].den in NOT_ADDED_BY_DAY:
        return [(m, measure_value(key, m, m + timedelta(days=6), filters)) for m in mondays]
    by_day = figures.totals(key, first, last + timedelta(days=6), filters, group_by=("day",))
    weeks: dict[date, list[int]] = {m: [0, 0] for m in mondays}
    for (day,), (num, den) in by_day.items():
        week = weeks.get(monday_of(day))
        if week is not None:
            week[0] += num
            week[1] += den or 0
    return [(m, _value(key, n, d)) for m, (n, d) in weeks.items()]


def before_after(
    key: str, change_date: date, weeks: int = 12, filters: Filters = Filters()
) -> BeforeAfter:
    """`weeks` weeks before `change_date` (up to the day before) against `weeks` weeks from
    it, with the weekly series across both."""
    span = timedelta(weeks=weeks)
    before = measure_value(key, change_date - span, change_date - timedelta(days=1), filters)
    after = measure_value(key, change_date, change_date + span - timedelta(days=1), filters)
    weekly = weekly_series(key, change_date - span, change_date + span - timedelta(days=1), filters)
    return BeforeAfter(
        key=key,
        change_date=change_date,
        weeks=weeks,
        before=before,
        after=after,
        change=change_of(key, after.value, before.value),
        weekly=weekly,
    )


def breakdown(
    key: str, dimension: str, start: date, end: date, filters: Filters = Filters()
) -> list[tuple[str, Value]]:
    """`key` split by `dimension` (a filter, "hour" for contact measures, "rag" for MASH
    enquiries, "worker" for workload and early help), largest first. Values are the
    dimension's codes ("" where the record has none)."""
    _check(key, filters)
    if dimension not in engine.dimensions(key):
        raise ValueError(f"{key} cannot be broken down by {dimension!r}")
    rows = figures.totals(key, start, end, filters, group_by=(dimension,))
    values = [
        (str(k[0]) if k[0] is not None else "", _value(key, n, d)) for k, (n, d) in rows.items()
    ]
    return sorted(values, key=lambda kv: (-(kv[1].numerator), kv[0]))


def contacts_by_hour_and_weekday(
    start: date, end: date, filters: Filters = Filters()
) -> list[list[int]]:
    """Recorded contacts received, 7 rows Monday..Sunday by 24 hours (London time)."""
    grid = [[0] * 24 for _ in range(7)]
    rows = figures.totals("contacts", start, end, filters, group_by=("day", "hour"))
    for (day, hour), (num, _den) in rows.items():
        grid[day.weekday()][int(hour)] += num
    return grid


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """(value, label) per filter, for the pages' selects."""
    return engine.filter_choices()
