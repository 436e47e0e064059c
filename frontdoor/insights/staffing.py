"""Opening hours and staffing: how many consultant social workers (CSWs) must be free to take
calls, hour by hour, for a share of calls to be answered within a target wait.

Pure functions, no Django: the page reads the recorded call times (report_staffing.py) and
hands plain numbers here.

The model is Erlang C (M/M/N queue, callers wait rather than hang up): calls arrive at
random at `rate` an hour, each takes `handle` on average, `agents` answer them.
  traffic A = rate x handle (in Erlangs: how many CSWs would be busy all the time)
  P(wait) = Erlang C(N, A), computed through the Erlang B recursion (stable for any N):
      B(0) = 1,  B(n) = A B(n-1) / (n + A B(n-1)),  C = N B / (N - A (1 - B))
  share answered within t = 1 - P(wait) exp(-(N - A) t / handle)
  average speed of answer = P(wait) handle / (N - A)
With N <= A the queue grows without end: every caller waits, none within any target.

Erlang C counts people on the phone at once. Breaks, recording after the call, training and
leave ("shrinkage") come on top: the page says so rather than guessing a figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = tuple(range(24))
MAX_AGENTS = 1000


def erlang_b(agents: int, traffic: float) -> float:
    """Probability that all `agents` are busy in a loss system offered `traffic` Erlangs."""
    if agents < 0 or traffic < 0:
        raise ValueError("agents and traffic must not be negative")
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a caller has to wait, with `agents` answering `traffic` Erlangs."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1 - b))


def service_level(agents: int, traffic: float, handle_seconds: float, wait_seconds: float) -> float:
    """Share of calls answered within `wait_seconds`."""
    if traffic <= 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    p_wait = erlang_c(agents, traffic)
    return 1.0 - p_wait * math.exp(-(agents - traffic) * wait_seconds / handle_seconds)


def average_speed_of_answer(agents: int, traffic: float, handle_seconds: float) -> float:
    """Mean wait in seconds over all calls (those answered at once count as 0)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * handle_seconds / (agents - traffic)


def agents_needed(
    calls_per_hour: float, handle_seconds: float, wait_seconds: float, target_share: float
) -> int:
    """Fewest agents for at least `target_share` (0-1) of calls answered within the wait.

    No calls needs nobody (the page says when a line must still be staffed).
    """
    if not 0 < target_share < 1:
        raise ValueError("target_share must be between 0 and 1")
    if calls_per_hour <= 0 or handle_seconds <= 0:
        return 0
    traffic = calls_per_hour * handle_seconds / 3600
    agents = max(1, math.floor(traffic) + 1)
    while service_level(agents, traffic, handle_seconds, wait_seconds) < target_share:
        agents += 1
        if agents > MAX_AGENTS:
            raise ValueError("more than 1,000 agents needed: check the figures")
    return agents


# --- From recorded calls to a plan -----------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One recorded call, in local time."""

    started: datetime
    seconds: float | None  # None when the end was not recorded


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 Monday .. 6 Sunday
    hour: int
    calls: int  # calls recorded in this hour of this weekday over the window
    calls_per_hour: float  # average over the number of such weekdays in the window
    agents: int


@dataclass(frozen=True)
class ClosingEffect:
    close_hour: int
    calls_per_week: float  # weekday calls from close_hour onwards, a week on average
    share: float | None  # of all calls
    csw_hours: int  # CSW hours a week those weekday hours need (the sum of their CSWs needed)


@dataclass(frozen=True)
class StaffingPlan:
    calls: int
    timed_calls: int
    handle_seconds: float | None
    weeks: float
    wait_seconds: int
    target_share: float
    slots: list[list[Slot]]  # 7 x 24, Monday first
    closing: ClosingEffect

    @property
    def calls_per_week(self) -> float:
        return self.calls / self.weeks if self.weeks else 0.0

    @property
    def csw_hours(self) -> int:
        """CSW hours a week on the phones, every hour of every day."""
        return sum(s.agents for row in self.slots for s in row)

    @property
    def peak(self) -> Slot | None:
        busiest = max((s for row in self.slots for s in row), key=lambda s: s.calls_per_hour)
        return busiest if busiest.calls else None


def mean_handle_seconds(calls: Iterable[Call]) -> tuple[float | None, int]:
    """Mean call length over calls with an end after their start, and how many there were."""
    lengths = [c.seconds for c in calls if c.seconds is not None and c.seconds > 0]
    if not lengths:
        return None, 0
    return sum(lengths) / len(lengths), len(lengths)


def weekday_counts(first: date, last: date) -> list[int]:
    """How many Mondays, Tuesdays ... Sundays there are from `first` to `last` inclusive."""
    counts = [0] * 7
    days = (last - first).days + 1
    for offset in range(max(days, 0)):
        counts[(first.weekday() + offset) % 7] += 1
    return counts


def plan(
    calls: Sequence[Call],
    *,
    weekdays_in_window: Sequence[int],
    wait_seconds: int = 20,
    target_share: float = 0.9,
    close_hour: int = 17,
) -> StaffingPlan:
    """Demand and CSWs needed by hour and weekday, and what closing at `close_hour` moves.

    `weekdays_in_window[d]` is how many Mondays (d=0) ... Sundays the window holds, so a
    weekday's hour is averaged over the days that could have had calls.
    """
    if len(weekdays_in_window) != 7:
        raise ValueError("weekdays_in_window needs a count for each of the 7 weekdays")
    handle, timed = mean_handle_seconds(calls)
    grid = [[0] * 24 for _ in range(7)]
    for call in calls:
        grid[call.started.weekday()][call.started.hour] += 1
    slots = []
    for weekday in range(7):
        days = weekdays_in_window[weekday]
        row = []
        for hour in HOURS:
            count = grid[weekday][hour]
            rate = count / days if days else 0.0
            agents = agents_needed(rate, handle or 0, wait_seconds, target_share)
            row.append(Slot(weekday, hour, count, rate, agents))
        slots.append(row)
    weeks = sum(weekdays_in_window) / 7
    late = sum(grid[d][h] for d in range(5) for h in range(close_hour, 24))
    closing = ClosingEffect(
        close_hour=close_hour,
        calls_per_week=late / weeks if weeks else 0.0,
        share=late / len(calls) if calls else None,
        csw_hours=sum(slots[d][h].agents for d in range(5) for h in range(close_hour, 24)),
    )
    return StaffingPlan(
        calls=len(calls),
        timed_calls=timed,
        handle_seconds=handle,
        weeks=weeks,
        wait_seconds=wait_seconds,
        target_share=target_share,
        slots=slots,
        closing=closing,
    )
