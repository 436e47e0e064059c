"""CIN census rules on child protection: section 47 enquiries, initial conferences, child
protection plans and their reviews, and where they meet child in need plans.

Each rule says what the DfE's published rule means; where the DfE's own code (csc-validator-be-cin
0.1.13) answers differently, the rule's docstring says how and why:

- 8870Q: the DfE code reads the target date as day-month-year, so never fires on a real return;
- 4003, 8841, 8842Q: the DfE code reads only the first review of each plan;
- 4003: the DfE code also asks the plan to have ended and the CIN plan to have an end date (a
  line copied from 4016), and compares plans across episodes although the rule is per episode;
- 8935, 8940: the DfE code tells plans apart by their number within the episode, so it misses
  two open or overlapping plans in the same episode (8935) or in two episodes (8940).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import permutations

from frontdoor.returns.census_data import (
    CensusChild,
    CensusCinPlan,
    CensusCpPlan,
    CensusEpisode,
    CensusReturn,
    CensusSection47,
    CensusYear,
)
from frontdoor.safeguarding.models import AbuseCategory

from .registry import child_rule, return_rule, working_days_before

ABUSE_CATEGORIES = frozenset(AbuseCategory.values)


def fifteen_working_days_before(day: date) -> date:
    """The day 15 working days before `day` as the DfE counts them: `day` is the first of the 15
    (its offset is 14 working days), so 31 March 2026 gives 11 March 2026."""
    return working_days_before(day, 14)


def is_weekend(day: date | None) -> bool:
    return day is not None and day.weekday() >= 5


def _is_open(s47: CensusSection47) -> bool:
    """An enquiry whose conference has neither been held nor been found not to be needed."""
    return s47.icpc_date is None and not s47.icpc_not_required


def _all_plans(child: CensusChild) -> list[CensusCpPlan]:
    return [plan for episode in child.episodes for plan in episode.cp_plans]


def _all_cin_plans(child: CensusChild) -> list[CensusCinPlan]:
    return [plan for episode in child.episodes for plan in episode.cin_plans]


def _starts_within(day: date, start: date, end: date | None, census: CensusYear) -> bool:
    """`day` falls on or after `start` and before `end` (by the reference date if no end)."""
    return start <= day and (day < end if end is not None else day <= census.end)


# --- section 47 enquiries and initial conferences ---------------------------------------------


@child_rule("1104")
def conference_before_referral(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        for s47 in episode.section47s:
            if s47.icpc_date is not None and s47.icpc_date < episode.referral_date:
                yield s47


@child_rule("2889")
def section47_before_referral(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        yield from (s47 for s47 in episode.section47s if s47.start < episode.referral_date)


@child_rule("2884")
def conference_recorded_twice(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """An episode's own conference date that is also a section 47 enquiry's conference date (the
    DfE compares across all the child's episodes)."""
    enquiry_dates = {s47.icpc_date for e in child.episodes for s47 in e.section47s}
    for episode in child.episodes:
        if episode.icpc_date is not None and episode.icpc_date in enquiry_dates:
            yield episode


@child_rule("2991Q")
def section47_without_assessment(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    yield from (e for e in child.episodes if e.section47s and not e.assessments)


@child_rule("8615")
def section47_after_conference(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        for s47 in episode.section47s:
            if s47.icpc_date is not None and s47.start > s47.icpc_date:
                yield s47


@child_rule("8675Q")
def conference_overdue(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    """An enquiry started more than 15 working days before the reference date with no conference
    held and none found not to be needed."""
    latest = fifteen_working_days_before(census.end)
    for episode in child.episodes:
        yield from (s for s in episode.section47s if _is_open(s) and s.start < latest)


@child_rule("8715")
def conference_outside_year(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        for s47 in episode.section47s:
            if s47.icpc_date is not None and not census.within(s47.icpc_date):
                yield s47


@child_rule("8740")
def open_section47_started_outside_year(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        yield from (s for s in episode.section47s if _is_open(s) and not census.within(s.start))


@child_rule("8839")
def two_open_section47s(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    yield from (e for e in child.episodes if sum(map(_is_open, e.section47s)) > 1)


@child_rule("8868")
def closed_with_section47_unresolved(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusSection47]:
    """A closed episode with an enquiry that has neither a conference nor "not required", or
    has both."""
    for episode in child.episodes:
        if episode.closure_date is None:
            continue
        for s47 in episode.section47s:
            if (s47.icpc_date is None) != s47.icpc_not_required:
                yield s47


@child_rule("8870Q")
def conference_target_at_weekend(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusSection47]:
    """The DfE code parses the target date as day-month-year and so never fires on a return."""
    for episode in child.episodes:
        yield from (s47 for s47 in episode.section47s if is_weekend(s47.icpc_target))


@child_rule("8875")
def conference_at_weekend(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    for episode in child.episodes:
        yield from (s47 for s47 in episode.section47s if is_weekend(s47.icpc_date))


@child_rule("8890")
def section47_during_another(child: CensusChild, census: CensusYear) -> Iterator[CensusSection47]:
    """An enquiry starting on or after another in the same episode began and on or before that
    one's conference (or with that one still open). Two enquiries with the same start and
    conference dates are taken as one recorded twice, as the DfE does."""
    for episode in child.episodes:
        for later, other in permutations(episode.section47s, 2):
            if later.start == other.start and later.icpc_date == other.icpc_date:
                continue
            if later.start < other.start:
                continue
            if other.icpc_date is not None:
                ongoing = later.start <= other.icpc_date
            else:
                ongoing = not other.icpc_not_required and later.start <= census.end
            if ongoing:
                yield later


# --- child protection plans -------------------------------------------------------------------


@return_rule("2883")
def more_plans_than_conferences(returned: CensusReturn) -> Iterator[None]:
    census = returned.census
    episodes = [e for child in returned.children for e in child.episodes]
    plans = sum(census.within(plan.start) for e in episodes for plan in e.cp_plans)
    conferences = sum(census.within(e.icpc_date) for e in episodes) + sum(
        census.within(s47.icpc_date) for e in episodes for s47 in e.section47s
    )
    if plans > conferences:
        yield None


@child_rule("2885")
def plan_not_started_at_conference(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCpPlan]:
    """A plan starting in the year must start on the day of a conference in its episode: of a
    section 47 enquiry that needed one, or, when there is no such enquiry, the episode's own."""
    for episode in child.episodes:
        enquiries = [s47 for s47 in episode.section47s if not s47.icpc_not_required]
        conference_days = {s47.icpc_date for s47 in enquiries} if enquiries else {episode.icpc_date}
        for plan in episode.cp_plans:
            if census.within(plan.start) and plan.start not in conference_days:
                yield plan


@child_rule("1105")
def plan_before_referral(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    for episode in child.episodes:
        yield from (plan for plan in episode.cp_plans if plan.start < episode.referral_date)


@child_rule("8720")
def plan_starts_after_reference_date(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCpPlan]:
    yield from (plan for plan in _all_plans(child) if plan.start > census.end)


@child_rule("8730")
def previous_plans_missing(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    for plan in _all_plans(child):
        if plan.previous_plans is None or plan.previous_plans < 0:
            yield plan


@child_rule("8832")
def plan_on_no_further_action(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    yield from (e for e in child.episodes if e.referral_nfa and e.cp_plans)


@child_rule("8840")
def plan_ends_on_start(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    yield from (plan for plan in _all_plans(child) if plan.end == plan.start)


@child_rule("8905")
def initial_category_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    for plan in _all_plans(child):
        if plan.initial_category not in ABUSE_CATEGORIES:
            yield plan


@child_rule("8910")
def latest_category_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    for plan in _all_plans(child):
        if plan.latest_category not in ABUSE_CATEGORIES:
            yield plan


@child_rule("8915")
def plan_starts_after_death(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    died = child.death_date
    if died is not None:
        yield from (plan for plan in _all_plans(child) if plan.start > died)


@child_rule("8920")
def plan_ends_after_death(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    died = child.death_date
    if died is not None:
        yield from (p for p in _all_plans(child) if p.end is not None and p.end > died)


@child_rule("8925")
def plan_ends_before_start(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    yield from (p for p in _all_plans(child) if p.end is not None and p.end < p.start)


@child_rule("8930")
def plan_end_outside_year(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    yield from (p for p in _all_plans(child) if p.end is not None and not census.within(p.end))


@child_rule("8935")
def two_open_plans(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    """More than one plan with no end date, in any of the child's episodes (the DfE code only
    counts plans with the same number within their episodes)."""
    open_plans = [plan for plan in _all_plans(child) if plan.end is None]
    if len(open_plans) > 1:
        yield from open_plans


@child_rule("8940")
def overlapping_plans(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    """A plan starting on or after another of the child's plans began and on or before it ended
    (or while it is still open). The DfE code skips pairs with the same number within their
    episodes, so misses overlapping plans that are each the first of their episode."""
    for later, other in permutations(_all_plans(child), 2):
        if _overlaps_start(later.start, other, census):
            yield later


def _overlaps_start(day: date, other: CensusCpPlan, census: CensusYear) -> bool:
    if other.end is not None:
        return other.start <= day <= other.end
    return other.start <= day <= census.end


# --- reviews ----------------------------------------------------------------------------------


@child_rule("8841")
def review_on_or_before_plan_start(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCpPlan]:
    """Every review is checked (the DfE code reads only a plan's first)."""
    for plan in _all_plans(child):
        if any(day <= plan.start for day in plan.reviews):
            yield plan


@child_rule("8842Q")
def review_date_missing(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    """Frontdoor never returns a review without its date; the check is kept for the rule set."""
    for plan in _all_plans(child):
        if any(day is None for day in plan.reviews):
            yield plan


# --- child in need plans beside child protection plans ----------------------------------------


@child_rule("4001")
def open_cin_and_cp_plans(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """An episode with both a child protection plan and a child in need plan with no end date."""
    for episode in child.episodes:
        if any(p.end is None for p in episode.cp_plans) and any(
            p.end is None for p in episode.cin_plans
        ):
            yield episode


@child_rule("4003")
def review_during_cin_plan(child: CensusChild, census: CensusYear) -> Iterator[CensusCpPlan]:
    """A review held on or after a child in need plan in the same episode began and before it
    ended (or while it is still open), unless the review is the day the protection plan ended.
    Unlike the DfE code: every review, plans still open, and only within the episode."""
    for episode in child.episodes:
        for plan in episode.cp_plans:
            if any(
                day != plan.end and _starts_within(day, cin.start, cin.end, census)
                for day in plan.reviews
                for cin in episode.cin_plans
            ):
                yield plan


@child_rule("4016")
def cin_plan_starts_during_cp_plan(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCinPlan]:
    """A child in need plan starting on or after one of the child's protection plans began and
    before it ended (or while it is open): in any of the child's episodes, as the DfE does."""
    plans = _all_plans(child)
    for cin in _all_cin_plans(child):
        if any(_starts_within(cin.start, cp.start, cp.end, census) for cp in plans):
            yield cin


@child_rule("4017")
def cp_plan_starts_during_cin_plan(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCpPlan]:
    """A protection plan starting on or after one of the child's child in need plans began and
    before it ended (or while it is open): in any of the child's episodes, as the DfE does."""
    cin_plans = _all_cin_plans(child)
    for cp in _all_plans(child):
        if any(_starts_within(cp.start, cin.start, cin.end, census) for cin in cin_plans):
            yield cp
