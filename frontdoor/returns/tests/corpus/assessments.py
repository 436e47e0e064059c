"""Broken-return cases for the assessments rules (see the package docstring).

Three rules cannot be broken from records: 8608 (authorised before it started: the database
refuses it, constraint assessment_authorised_after_start), and two the return leaves out
what would break: 8614 (factors on an assessment not completed: factors are returned only
for an assessment authorised by the reference date) and 8696 (authorised outside the year:
an assessment authorised before the year is not returned, an authorisation after the
reference date is not shown)."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.casework.models import Referral
from frontdoor.returns.tests.records import assessment, child, cin_plan, referral

from . import case

LIST_NOT_CODE = "the DfE code compares each assessment's list of factors with one code"


def _episode(la_id: str, worker: User, referred: date, **fields: Any) -> Referral:
    person = child(
        la_id, date_of_birth=date(2015, 3, 9), sex="M", ethnicity="WBRI", disabilities=["NONE"]
    )
    return referral(person, worker, referred, source="2A", primary_need="N1", **fields)


def _completed(
    episode: Referral, worker: User, started: date, authorised: date, factors: list[str]
) -> None:
    assessment(
        episode, worker, started, status="authorised", authorised_on=authorised, factors=factors
    )


@case("1103")
def assessment_started_before_referral(worker: User) -> None:
    """An assessment started the day before the referral it belongs to."""
    episode = _episode("ID1103A", worker, date(2025, 7, 1))
    _completed(episode, worker, date(2025, 6, 30), date(2025, 8, 1), ["3A"])
    cin_plan(episode, worker, date(2025, 8, 4))


@case("8736", "8670Q")
def open_assessment_from_last_year(worker: User) -> None:
    """An assessment started in March 2025, before the year, and still not authorised."""
    episode = _episode("ID8736A", worker, date(2025, 3, 3))
    assessment(episode, worker, date(2025, 3, 4))


@case("8670Q")
def open_assessment_at_45_working_days(worker: User) -> None:
    """Three open assessments around the 45 working days to the reference date (31 March
    2026, a Tuesday): started 27 January (46 working days counting both ends: a query), 28
    January (45: in time) and 29 January (44: in time)."""
    for la_id, started in (
        ("ID8670A", date(2026, 1, 27)),
        ("ID8670B", date(2026, 1, 28)),
        ("ID8670C", date(2026, 1, 29)),
    ):
        episode = _episode(la_id, worker, started)
        assessment(episode, worker, started)


@case("8867")
def episode_closed_with_assessment_open(worker: User) -> None:
    """Closed after assessment while the assessment was never authorised."""
    episode = _episode(
        "ID8867A", worker, date(2026, 2, 2), closed_on=date(2026, 3, 20), closure_reason="RC8"
    )
    assessment(episode, worker, date(2026, 2, 3))


@case("8896", "8863Q")
def two_open_assessments(worker: User) -> None:
    """A second assessment started while the first is still open."""
    episode = _episode("ID8896A", worker, date(2026, 2, 9))
    assessment(episode, worker, date(2026, 2, 10))
    assessment(episode, worker, date(2026, 3, 2))


@case("8863Q")
def assessment_started_on_the_day_another_ended(worker: User) -> None:
    """The second assessment started the day the first was authorised."""
    episode = _episode("ID8863A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["3A"])
    _completed(episode, worker, date(2025, 7, 15), date(2025, 8, 26), ["4A"])
    cin_plan(episode, worker, date(2025, 9, 1))


@case(
    "8863Q",
    reference_wrong={
        "8863Q": "the DfE code takes two assessments with the same dates for one assessment"
    },
)
def identical_assessments(worker: User) -> None:
    """Two assessments started and authorised on the same days in one episode."""
    episode = _episode("ID8863B", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["3A"])
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["4A"])
    cin_plan(episode, worker, date(2025, 9, 1))


@case("8897Q")
def completed_assessment_without_factors(worker: User) -> None:
    episode = _episode("ID8897A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), [])
    cin_plan(episode, worker, date(2025, 7, 21))


@case(
    "8897Q",
    reference_wrong={"8897Q": "the DfE code crashes on a factor that is not a census code"},
)
def factor_not_a_census_code(worker: User) -> None:
    episode = _episode("ID8897B", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["3A", "99Z"])
    cin_plan(episode, worker, date(2025, 7, 21))


@case("8898", reference_wrong={"8898": "the DfE code crashes when a factor is repeated"})
def factor_given_twice(worker: User) -> None:
    episode = _episode("ID8898A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["3A", "16A", "3A"])
    cin_plan(episode, worker, date(2025, 7, 21))


@case("8869", reference_wrong={"8869": LIST_NOT_CODE})
def no_factors_beside_a_factor(worker: User) -> None:
    """Factor 21 (no factors identified) beside a factor; closed after assessment (RC8), so
    8873Q holds."""
    episode = _episode(
        "ID8869A", worker, date(2025, 6, 2), closed_on=date(2025, 7, 16), closure_reason="RC8"
    )
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["21", "4A"])


@case("8873Q")
def no_factors_but_kept_open(worker: User) -> None:
    """The only assessment found no factors, yet the episode goes on with a plan."""
    episode = _episode("ID8873A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["21"])
    cin_plan(episode, worker, date(2025, 7, 21))


@case("8873Q")
def no_factors_closed_for_another_reason(worker: User) -> None:
    """The only assessment found no factors and the episode closed with RC7, not RC8/RC9;
    beside it, one closed RC9 that is in order."""
    episode = _episode(
        "ID8873B", worker, date(2025, 6, 2), closed_on=date(2025, 7, 16), closure_reason="RC7"
    )
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["21"])
    fine = _episode(
        "ID8873C", worker, date(2025, 6, 2), closed_on=date(2025, 7, 16), closure_reason="RC9"
    )
    _completed(fine, worker, date(2025, 6, 3), date(2025, 7, 15), ["21"])


@case("8945Q", "8950Q", reference_wrong={"8945Q": LIST_NOT_CODE, "8950Q": LIST_NOT_CODE})
def retired_abuse_factor_codes(worker: User) -> None:
    """18A and 19A, replaced by 18B/18C and 19B/19C, on two children."""
    episode = _episode("ID8945A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["18A", "3A"])
    cin_plan(episode, worker, date(2025, 7, 21))
    episode = _episode("ID8950A", worker, date(2025, 6, 2))
    _completed(episode, worker, date(2025, 6, 3), date(2025, 7, 15), ["19A"])
    cin_plan(episode, worker, date(2025, 7, 21))
