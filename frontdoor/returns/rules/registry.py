"""The DfE census rules as a registry: one small function per rule, registered with its code.
The wording and type (error or query) of each rule come from the DfE's published table for
the year (`cin2025_26.tsv`), so next year's set is a new table plus the rules that changed.

A child rule is called with one `CensusChild` and the census year, and yields what is at
fault: the child, or the episode, assessment, plan, enquiry it found the fault in (so the
finding links to that record). A return rule is called with the whole `CensusReturn` and
yields the children at fault, or None for a fault of the return as a whole.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from frontdoor.core.working_days import WorkingCalendar
from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusCpPlan,
    CensusEpisode,
    CensusReturn,
    CensusSection47,
    CensusYear,
)

RULESET = "cin2025_26"
TABLE = Path(__file__).with_name(f"{RULESET}.tsv")

Fault = (
    CensusChild | CensusEpisode | CensusAssessment | CensusCinPlan | CensusSection47 | CensusCpPlan
)
ChildCheck = Callable[[CensusChild, CensusYear], Iterable[Fault]]
ReturnCheck = Callable[[CensusReturn], Iterable[CensusChild | None]]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    kind: Literal["error", "query"]
    scope: Literal["child", "return"]
    check: Callable[..., Iterable[Fault | None]]

    @property
    def is_query(self) -> bool:
        return self.kind == "query"


def _published() -> dict[str, tuple[str, Literal["error", "query"]]]:
    """{code: (message, kind)} from the DfE's table: "8670Q<TAB>Please check ... (QUERY)"."""
    table: dict[str, tuple[str, Literal["error", "query"]]] = {}
    with TABLE.open(encoding="utf-8") as rows:
        for code, text in csv.reader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
            message, _, kind = text.strip().rpartition(" (")
            table[code.strip()] = (message.strip(), "query" if kind == "QUERY)" else "error")
    return table


PUBLISHED = _published()

# The DfE's rules count weekends and England's bank holidays only, never a council's own
# closure days.
NATIONAL_CALENDAR = WorkingCalendar()


@functools.cache  # asked of the reference date for every child in the return
def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (the day itself not counted, whether
    or not it is a working day), as the DfE's code subtracts business days."""
    while count > 0:
        day -= timedelta(days=1)
        if NATIONAL_CALENDAR.is_working_day(day):
            count -= 1
    return day


RULES: dict[str, Rule] = {}


def _register(code: str, scope: Literal["child", "return"], check: Callable[..., Iterable]) -> None:
    if code not in PUBLISHED:
        raise KeyError(f"Rule {code} is not in the DfE's {RULESET} table")
    if code in RULES:
        raise KeyError(f"Rule {code} is registered twice")
    message, kind = PUBLISHED[code]
    RULES[code] = Rule(code, message, kind, scope, check)


def child_rule(code: str) -> Callable[[ChildCheck], ChildCheck]:
    def register(check: ChildCheck) -> ChildCheck:
        _register(code, "child", check)
        return check

    return register


def return_rule(code: str) -> Callable[[ReturnCheck], ReturnCheck]:
    def register(check: ReturnCheck) -> ReturnCheck:
        _register(code, "return", check)
        return check

    return register
