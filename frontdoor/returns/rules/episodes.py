"""CIN census rules on the episodes (CINdetails): referral, closure, primary need, the
"referral, no further action" flag, and the child in need plans held in them.

Each rule follows the DfE's published wording for 2025/26 as the DfE's own code
(csc-validator-be-cin) reads it: which dates count, and whether a boundary day counts. Where
that code is plainly wrong the wording wins, and the rule says so (8565, 8569Q).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import permutations

from frontdoor.core.codes import ClosureReason, PrimaryNeed, ReferralSource
from frontdoor.returns.census_data import (
    CensusChild,
    CensusCinPlan,
    CensusEpisode,
    CensusYear,
)

from .registry import child_rule, working_days_before

REFERRAL_SOURCES = frozenset(ReferralSource.values)
PRIMARY_NEEDS = frozenset(PrimaryNeed.values)
CLOSURE_REASONS = frozenset(ClosureReason.values)
CLOSED_AFTER_ASSESSMENT = frozenset({"RC8", "RC9"})
DIED = "RC2"
# Rule 8866 asks for a referral source only for referrals from this day on.
SOURCE_REQUIRED_FROM = date(2013, 4, 1)


def working_day_before(day: date) -> date:
    """The last working day before `day`."""
    return working_days_before(day, 1)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _is_open(episode: CensusEpisode) -> bool:
    """Open on the reference date and more than a referral with no further action."""
    return episode.closure_date is None and not episode.referral_nfa


def _plans(child: CensusChild) -> Iterator[tuple[CensusEpisode, CensusCinPlan]]:
    for episode in child.episodes:
        for plan in episode.cin_plans:
            yield episode, plan


# --- the referral ----------------------------------------------------------------------------


@child_rule("8600")
def referral_date_missing_or_late(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if episode.referral_date is None or episode.referral_date > census.end:
            yield episode


@child_rule("8866")
def referral_source_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if episode.referral_date is None or episode.referral_date < SOURCE_REQUIRED_FROM:
            continue
        if _blank(episode.source) or episode.source not in REFERRAL_SOURCES:
            yield episode


@child_rule("8610")
def primary_need_missing(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if not episode.referral_nfa and _blank(episode.primary_need):
            yield episode


@child_rule("8650")
def primary_need_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if not _blank(episode.primary_need) and episode.primary_need not in PRIMARY_NEEDS:
            yield episode


# --- closure ---------------------------------------------------------------------------------


@child_rule("8620")
def closure_outside_year(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if episode.closure_date is not None and not census.within(episode.closure_date):
            yield episode


@child_rule("8630")
def closed_before_referral(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        closed, referred = episode.closure_date, episode.referral_date
        if closed is not None and referred is not None and closed < referred:
            yield episode


@child_rule("8640")
def closure_reason_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        reason = episode.closure_reason
        if not _blank(reason) and reason not in CLOSURE_REASONS:
            yield episode


@child_rule("8805")
def closed_without_reason(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if episode.closure_date is not None and _blank(episode.closure_reason):
            yield episode


@child_rule("8810")
def reason_without_closure(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if not _blank(episode.closure_reason) and episode.closure_date is None:
            yield episode


@child_rule("8585Q")
def closed_as_died_without_death_date(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusEpisode]:
    if child.death_date is None:
        yield from (e for e in child.episodes if e.closure_reason == DIED)


def _activity_dates(episode: CensusEpisode) -> Iterator[date | None]:
    """Every date of activity rule 8565 compares with the closure date."""
    yield episode.icpc_date
    for assessment in episode.assessments:
        yield assessment.start
        yield assessment.authorised
    for s47 in episode.section47s:
        yield s47.start
        yield s47.icpc_date
    for cp_plan in episode.cp_plans:
        yield cp_plan.end
    for cin_plan in episode.cin_plans:
        yield cin_plan.start
        yield cin_plan.end


@child_rule("8565")
def activity_after_closure(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """The closure date must be on or after every date of activity in the episode: assessment
    start and authorisation, section 47 start, initial conference (on the episode or the
    enquiry), child protection plan end, child in need plan start and end. (The DfE's code
    never compares child protection plan ends, and crashes on a child in need plan after
    closure unless a section 47 is after it too.)"""
    for episode in child.episodes:
        closed = episode.closure_date
        if closed is not None and any(
            d is not None and d > closed for d in _activity_dates(episode)
        ):
            yield episode


@child_rule("8825Q")
def closed_after_assessment_without_one(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if episode.closure_reason in CLOSED_AFTER_ASSESSMENT and not episode.assessments:
            yield episode


@child_rule("2990")
def activity_after_closed_at_assessment(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusEpisode]:
    """An episode closed after assessment (RC8, RC9) has no section 47 enquiry, initial
    conference, child in need plan or child protection plan."""
    for episode in child.episodes:
        if episode.closure_reason in CLOSED_AFTER_ASSESSMENT and (
            episode.icpc_date is not None
            or episode.section47s
            or episode.cin_plans
            or episode.cp_plans
        ):
            yield episode


# --- referral, no further action -------------------------------------------------------------


@child_rule("8568")
def referral_nfa_flag_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """Frontdoor derives the flag, so it is always a yes or no: this guards the derivation."""
    for episode in child.episodes:
        if not isinstance(episode.referral_nfa, bool):
            yield episode


@child_rule("8569Q")
def referral_nfa_from_last_year(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """A referral made before the working day before the year began cannot be a referral with
    no further action. (The DfE's code compares with the first day of the year itself.)"""
    cutoff = working_day_before(census.start)
    for episode in child.episodes:
        if episode.referral_nfa and episode.referral_date < cutoff:
            yield episode


@child_rule("8831")
def activity_on_referral_nfa(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """A referral with no further action has no assessment, section 47 enquiry or initial
    conference (child in need plans are 4000's)."""
    for episode in child.episodes:
        if episode.referral_nfa and (
            episode.icpc_date is not None or episode.assessments or episode.section47s
        ):
            yield episode


@child_rule("4000")
def cin_plan_on_referral_nfa(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    for episode, plan in _plans(child):
        if episode.referral_nfa:
            yield plan


# --- episodes against each other -------------------------------------------------------------


@child_rule("8815")
def more_than_one_open_episode(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    open_episodes = [episode for episode in child.episodes if _is_open(episode)]
    if len(open_episodes) > 1:
        yield from open_episodes


@child_rule("8816")
def open_episode_not_latest(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """An open episode must be the latest referral; of two on the same day, the first."""
    dated = [episode for episode in child.episodes if episode.referral_date is not None]
    if not dated:
        return
    latest = max(dated, key=lambda episode: episode.referral_date)  # the first of equals
    for episode in dated:
        if episode is not latest and _is_open(episode):
            yield episode


@child_rule("8820")
def episodes_overlap(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """No referral falls after the start and before the closure of another episode (or before
    the reference date, if the other is open): one may start on the day another closed."""
    overlapping: list[CensusEpisode] = []
    for later, other in permutations(child.episodes, 2):
        if later.referral_date is None or other.referral_date is None:
            continue
        if later.referral_date < other.referral_date:
            continue
        if other.closure_date is not None:
            overlaps = later.referral_date < other.closure_date
        else:
            overlaps = not other.referral_nfa and later.referral_date < census.end
        if overlaps and not any(later is seen for seen in overlapping):
            overlapping.append(later)
    yield from overlapping


# --- child in need plans ---------------------------------------------------------------------


@child_rule("4004")
def more_than_one_open_cin_plan(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    for episode in child.episodes:
        open_plans = [plan for plan in episode.cin_plans if plan.end is None]
        if len(open_plans) > 1:
            yield from open_plans


@child_rule("4008")
def cin_plan_starts_after_death(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    died = child.death_date
    if died is not None:
        yield from (plan for _, plan in _plans(child) if plan.start > died)


@child_rule("4009Q")
def cin_plan_ends_after_death(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    died = child.death_date
    if died is not None:
        yield from (plan for _, plan in _plans(child) if plan.end is not None and plan.end > died)


@child_rule("4010")
def cin_plan_start_missing_or_late(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCinPlan]:
    for _, plan in _plans(child):
        if plan.start is None or plan.start > census.end:
            yield plan


@child_rule("4011")
def cin_plan_ends_before_start(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    for _, plan in _plans(child):
        if plan.end is not None and plan.start is not None and plan.end < plan.start:
            yield plan


@child_rule("4012Q")
def cin_plan_ends_the_day_it_starts(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusCinPlan]:
    for _, plan in _plans(child):
        if plan.end is not None and plan.end == plan.start:
            yield plan


@child_rule("4013")
def cin_plan_end_outside_year(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    for _, plan in _plans(child):
        if plan.end is not None and not census.within(plan.end):
            yield plan


@child_rule("4014")
def cin_plans_overlap(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    """No child in need plan of the child (in any episode) starts on or after the start of
    another and on or before its end (or the reference date, if it is open)."""
    plans = [plan for _, plan in _plans(child) if plan.start is not None]
    overlapping: list[CensusCinPlan] = []
    for later, other in permutations(plans, 2):
        until = other.end if other.end is not None else census.end
        if other.start <= later.start <= until and not any(later is p for p in overlapping):
            overlapping.append(later)
    yield from overlapping


@child_rule("4015")
def cin_plan_before_referral(child: CensusChild, census: CensusYear) -> Iterator[CensusCinPlan]:
    for episode, plan in _plans(child):
        referred = episode.referral_date
        if plan.start is not None and referred is not None and plan.start < referred:
            yield plan
