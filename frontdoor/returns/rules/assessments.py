"""CIN census rules: assessments, their dates and the factors identified at them.

Where the DfE's own code (csc-validator-be-cin 0.1.13) answers differently from the rule as
published, these follow the published rule (the corpus names each difference):

- 8869, 8945Q, 8950Q: the DfE code reads an assessment's factors as one list and compares
  the list with a code, so it never fires on a real file;
- 8898 and 8897Q: the same list makes them crash when a factor is repeated (8898) or is not
  a census code (8897Q), so they report nothing then;
- 8863Q: the DfE code tells an assessment from "another" by its dates, so two assessments
  with the same start and end dates are never compared; here every other assessment is.

8670Q counts working days as the DfE's code does (weekends and England bank holidays, never a
council's own closure days: `registry.working_days_before`): the assessment is late
when it started before the day 44 working days before the reference date, that is more than
45 working days before it counting both days when the reference date is a working day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from frontdoor.core.codes import AssessmentFactor
from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusEpisode,
    CensusYear,
)

from .registry import child_rule, working_days_before

NO_FACTORS = "21"

# The factor codes the DfE's 8897Q accepts as factor information: the published list, with
# 18A and 19A (queried by 8945Q and 8950Q rather than refused).
FACTOR_CODES = frozenset(AssessmentFactor.values) | {"18A", "19A"}

OPEN_ASSESSMENT_WORKING_DAYS = 45


# --- dates ---------------------------------------------------------------------------------


@child_rule("1103")
def assessment_before_referral(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (a for a in episode.assessments if a.start < episode.referral_date)


@child_rule("8608")
def assessment_authorised_before_start(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (
            a for a in episode.assessments if a.authorised is not None and a.start > a.authorised
        )


@child_rule("8696")
def assessment_authorised_outside_year(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (
            a
            for a in episode.assessments
            if a.authorised is not None and not census.within(a.authorised)
        )


@child_rule("8736")
def open_assessment_started_outside_year(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (
            a for a in episode.assessments if a.authorised is None and not census.within(a.start)
        )


@child_rule("8670Q")
def open_assessment_over_45_working_days(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    earliest_in_time = working_days_before(census.end, OPEN_ASSESSMENT_WORKING_DAYS - 1)
    for episode in child.episodes:
        yield from (
            a for a in episode.assessments if a.authorised is None and a.start < earliest_in_time
        )


def _ongoing_on(other: CensusAssessment, day: date, census: CensusYear) -> bool:
    """Whether `other` had started by `day` and was not yet authorised before it."""
    end = other.authorised if other.authorised is not None else census.end
    return other.start <= day <= end


@child_rule("8863Q")
def assessment_started_while_another_ongoing(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        for assessment in episode.assessments:
            if any(
                _ongoing_on(other, assessment.start, census)
                for other in episode.assessments
                if other is not assessment
            ):
                yield assessment


@child_rule("8896")
def several_open_assessments(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    for episode in child.episodes:
        if sum(1 for a in episode.assessments if a.authorised is None) > 1:
            yield episode


@child_rule("8867")
def closed_episode_with_open_assessment(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        if episode.closure_date is not None:
            yield from (a for a in episode.assessments if a.authorised is None)


# --- factors -------------------------------------------------------------------------------


@child_rule("8614")
def factors_on_open_assessment(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (a for a in episode.assessments if a.factors and a.authorised is None)


@child_rule("8897Q")
def factors_missing_from_completed_assessment(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    """A completed assessment (authorised in the year or after it began) with no factors, or
    with a factor that is not a factor code (which is no information either)."""
    for episode in child.episodes:
        for a in episode.assessments:
            if a.authorised is None or a.authorised < census.start:
                continue
            if not a.factors or any(code not in FACTOR_CODES for code in a.factors):
                yield a


@child_rule("8898")
def factor_repeated(child: CensusChild, census: CensusYear) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (a for a in episode.assessments if len(set(a.factors)) < len(a.factors))


@child_rule("8869")
def no_factors_beside_other_factors(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (
            a
            for a in episode.assessments
            if NO_FACTORS in a.factors and any(code != NO_FACTORS for code in a.factors)
        )


@child_rule("8873Q")
def no_factors_but_not_closed_after_assessment(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusEpisode]:
    """The episode's only assessment found no factors (21), yet it was not closed after
    assessment (RC8, RC9): still open, or closed for another reason."""
    for episode in child.episodes:
        if (
            len(episode.assessments) == 1
            and NO_FACTORS in episode.assessments[0].factors
            and episode.closure_reason not in ("RC8", "RC9")
        ):
            yield episode


def _factor_used(child: CensusChild, code: str) -> Iterator[CensusAssessment]:
    for episode in child.episodes:
        yield from (
            a for a in episode.assessments if any(f.strip().upper() == code for f in a.factors)
        )


@child_rule("8945Q")
def factor_18a_used(child: CensusChild, census: CensusYear) -> Iterator[CensusAssessment]:
    """18A (physical abuse) was replaced by 18B (child on child) and 18C (adult on child)."""
    yield from _factor_used(child, "18A")


@child_rule("8950Q")
def factor_19a_used(child: CensusChild, census: CensusYear) -> Iterator[CensusAssessment]:
    """19A (sexual abuse) was replaced by 19B (child on child) and 19C (adult on child)."""
    yield from _factor_used(child, "19A")
