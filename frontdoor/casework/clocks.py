"""The casework clocks: how long each step may take, in working days, from settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from frontdoor.core.working_days import WorkingCalendar, calendar


def clock_length(name: str) -> int:
    """Working days allowed for clock `name` (a key of FRONTDOOR_CLOCKS)."""
    return int(settings.FRONTDOOR_CLOCKS[name])


def due_on(start: date, name: str, cal: WorkingCalendar | None = None) -> date:
    """The date clock `name` runs out when started on `start`."""
    return (cal or calendar()).add_working_days(start, clock_length(name))


def today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class DayRag:
    colour: str  # "red", "amber" or "green"
    label: str


def rag_for_day(due: date, on: date, cal: WorkingCalendar | None = None) -> DayRag:
    """Red once `due` has passed; amber from FRONTDOOR_AMBER_WORKING_DAYS working days before
    it (and on the day itself); green before that."""
    if due < on:
        return DayRag("red", "Overdue")
    if due == on:
        return DayRag("amber", "Due today")
    left = (cal or calendar()).working_days_between(on, due)
    if left <= settings.FRONTDOOR_AMBER_WORKING_DAYS:
        return DayRag("amber", "Due soon")
    return DayRag("green", "On time")
