"""The DfE Children in Need census rules run on the records: over a whole return, or over
one child when their record is saved. See `registry` for how a rule is written."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusCpPlan,
    CensusEpisode,
    CensusReturn,
    CensusSection47,
    CensusYear,
    census_children,
)

from . import assessments, episodes, identity, protection  # noqa: F401  (they register)
from .registry import RULES, Fault, Rule

log = logging.getLogger(__name__)

# The record each kind of fault is found in, for the link to where it is put right.
_RECORD_KINDS: dict[type, tuple[str, str]] = {
    CensusChild: ("person", "person_id"),
    CensusEpisode: ("referral", "referral_id"),
    CensusAssessment: ("assessment", "assessment_id"),
    CensusCinPlan: ("cin_plan", "plan_id"),
    CensusSection47: ("section47", "section47_id"),
    CensusCpPlan: ("cp_plan", "plan_id"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    kind: str  # "error" or "query"
    la_child_id: str | None = None  # None: the return as a whole
    person_id: int | None = None
    record: tuple[str, int] | None = None  # ("assessment", 12): where to put it right

    @property
    def is_query(self) -> bool:
        return self.kind == "query"


def _finding(rule: Rule, child: CensusChild | None, fault: Fault | None) -> Finding:
    record = None
    if fault is not None:
        kind, attribute = _RECORD_KINDS[type(fault)]
        record = (kind, getattr(fault, attribute))
    return Finding(
        rule.code,
        rule.message,
        rule.kind,
        child.la_child_id if child else None,
        child.person_id if child else None,
        record,
    )


def _crashed(rule: Rule, child: CensusChild | None) -> Finding:
    log.exception("CIN census rule %s failed", rule.code)
    message = f"This rule could not be checked ({rule.message}): please tell the system's support"
    return Finding(
        rule.code, message, "error", child.la_child_id if child else None,
        child.person_id if child else None,
    )  # fmt: skip


def check_children(
    children: Iterable[CensusChild], census: CensusYear, codes: Collection[str] | None = None
) -> list[Finding]:
    """What the child rules find in each of `children` (all rules, or those of `codes`)."""
    rules = [r for r in RULES.values() if r.scope == "child" and (codes is None or r.code in codes)]
    found: list[Finding] = []
    # This loop runs once per child and rule (1.6 million times for a large council's return),
    # and most rules find nothing: keep it lean.
    for child in children:
        for rule in rules:
            try:
                faults = list(rule.check(child, census))
            except Exception:
                found.append(_crashed(rule, child))
                continue
            if faults:
                found.extend(_finding(rule, child, fault) for fault in faults)
    return found


def check_return(returned: CensusReturn, codes: Collection[str] | None = None) -> list[Finding]:
    """Every rule over the whole return: the child rules on each child, then the rules that
    compare children or count over the return."""
    found = check_children(returned.children, returned.census, codes)
    for rule in RULES.values():
        if rule.scope != "return" or (codes is not None and rule.code not in codes):
            continue
        try:
            children: list[CensusChild | None] = list(rule.check(returned))  # type: ignore[arg-type]
            found.extend(_finding(rule, child, child) for child in children)
        except Exception:
            found.append(_crashed(rule, None))
    return found


def check_person(person_id: int, census: CensusYear | None = None) -> list[Finding]:
    """The child rules on one child's part of the census (this year's by default), as the
    record stands: nothing if they are not in it."""
    census = census or CensusYear.current()
    return check_children(census_children(census, [person_id]), census)
