"""Broken-return cases for the episodes rules (see the package docstring).

Rules these records cannot break, because Frontdoor's records or the census reading never
hold the fault (they are unit-tested in `test_rules_episodes.py`): 4000 and 8831 (ReferralNFA
is derived: an episode with any activity is never one), 8568 (the flag is always written as
1 or 0), 4010, 4013, 8600 and 8620 (a date after the reference date is left out of the
return, and a plan or episode that ended before the year is not in it), 4011 and 8630 (the
database refuses an end before the start), 8810 (a reason is only returned with its closure
date).
"""

from __future__ import annotations

from datetime import date

from frontdoor.accounts.models import User
from frontdoor.casework.models import Referral
from frontdoor.returns.tests.records import (
    assessment,
    cin_plan,
    clean_child,
    conference,
    cp_plan,
    referral,
    review,
    section47,
)

from . import case


def _assessed(episode: Referral, worker: User, started_on: date, authorised_on: date) -> None:
    assessment(
        episode, worker, started_on, status="authorised", authorised_on=authorised_on,
        factors=["3A"],
    )  # fmt: skip


@case("2990")
def closed_after_assessment_with_a_plan(worker: User) -> None:
    """Closed as "after assessment, no further action" (RC8), yet a CIN plan ran."""
    person = clean_child("ID2990A", 2990)
    episode = referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N1",
        closed_on=date(2025, 9, 30), closure_reason="RC8",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21), end_date=date(2025, 9, 30))


@case("4004", "4014")
def two_open_cin_plans(worker: User) -> None:
    """Two CIN plans with no end date in one episode (so they overlap too)."""
    person = clean_child("ID4004A", 4004)
    episode = referral(person, worker, date(2025, 6, 2), source="2A", primary_need="N1")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21))
    cin_plan(episode, worker, date(2025, 9, 1))


@case("4014")
def cin_plan_starts_the_day_the_last_ended(worker: User) -> None:
    """The second episode's plan starts the day the first episode and its plan ended: the
    episodes may touch (8820), the plans may not (4014 counts the end day)."""
    person = clean_child("ID4014A", 4014)
    first = referral(
        person, worker, date(2025, 5, 1), source="2A", primary_need="N1",
        closed_on=date(2025, 8, 1), closure_reason="RC7",
    )  # fmt: skip
    _assessed(first, worker, date(2025, 5, 2), date(2025, 6, 10))
    cin_plan(first, worker, date(2025, 6, 16), end_date=date(2025, 8, 1))
    second = referral(person, worker, date(2025, 8, 1), source="5A", primary_need="N1")
    _assessed(second, worker, date(2025, 8, 1), date(2025, 8, 1))
    cin_plan(second, worker, date(2025, 8, 1))


@case("4008")
def cin_plan_starts_after_death(worker: User) -> None:
    person = clean_child("ID4008A", 4008, date_of_death=date(2025, 10, 10))
    episode = referral(person, worker, date(2025, 6, 2), source="2A", primary_need="N2")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 10, 20))


@case("4009Q")
def cin_plan_ends_after_death(worker: User) -> None:
    """The plan ended (and the episode closed as died) three weeks after the death."""
    person = clean_child("ID4009A", 4009, date_of_death=date(2025, 10, 10))
    episode = referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N2",
        closed_on=date(2025, 11, 1), closure_reason="RC2",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21), end_date=date(2025, 11, 1))


@case("4012Q")
def cin_plan_of_one_day(worker: User) -> None:
    person = clean_child("ID4012A", 4012)
    episode = referral(person, worker, date(2025, 6, 2), source="2A", primary_need="N1")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21), end_date=date(2025, 7, 21))


@case("4015")
def cin_plan_before_referral(worker: User) -> None:
    person = clean_child("ID4015A", 4015)
    episode = referral(person, worker, date(2025, 6, 2), source="2A", primary_need="N1")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 5, 30))


@case(
    "8565",
    reference_wrong={
        "8565": "the DfE code replaces the CP plans with a test row: never checks CPPendDate"
    },
)
def cp_plan_ends_after_closure(worker: User) -> None:
    """The episode closed while its child protection plan ran on for three days."""
    person = clean_child("ID8565A", 8565)
    episode = referral(
        person, worker, date(2025, 6, 2), source="6", primary_need="N1",
        closed_on=date(2025, 11, 28), closure_reason="RC7",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 2), date(2025, 7, 15))
    s47 = section47(
        episode, worker, date(2025, 6, 4), conference_due_on=date(2025, 6, 25),
        outcome="icpc", outcome_on=date(2025, 6, 18),
    )  # fmt: skip
    plan = cp_plan(
        episode, worker, date(2025, 6, 20), conference=conference(s47, worker, date(2025, 6, 20)),
        end_date=date(2025, 12, 1),
    )  # fmt: skip
    review(plan, worker, date(2025, 9, 10))


@case("8565")
def assessment_authorised_after_closure(worker: User) -> None:
    person = clean_child("ID8565B", 8566)
    episode = referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N1",
        closed_on=date(2025, 7, 10), closure_reason="RC8",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))


@case("8569Q")
def referral_nfa_from_last_year(worker: User) -> None:
    """Referred in March 2025, closed with no further action in April: last year's NFA."""
    person = clean_child("ID8569A", 8569)
    referral(
        person, worker, date(2025, 3, 3), source="1A",
        closed_on=date(2025, 4, 10), closure_reason="RC7",
    )  # fmt: skip


@case(
    reference_wrong={
        "8569Q": "the DfE code takes 0 working days off the year's start, not 1: flags 31 March"
    }
)
def referral_nfa_on_the_last_working_day(worker: User) -> None:
    """Referred on Monday 31 March 2025, the working day before the year began, and closed
    with no further action on 1 April: allowed, as the rule's wording says."""
    person = clean_child("ID8569B", 8570)
    referral(
        person, worker, date(2025, 3, 31), source="1A",
        closed_on=date(2025, 4, 1), closure_reason="RC7",
    )  # fmt: skip


@case("8585Q")
def closed_as_died_without_death_date(worker: User) -> None:
    person = clean_child("ID8585A", 8585)
    episode = referral(
        person, worker, date(2025, 6, 2), source="3A", primary_need="N2",
        closed_on=date(2025, 12, 1), closure_reason="RC2",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21), end_date=date(2025, 12, 1))


@case("8610")
def primary_need_missing(worker: User) -> None:
    person = clean_child("ID8610A", 8610)
    episode = referral(person, worker, date(2025, 6, 2), source="2A", primary_need="")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))


@case("8640", "8650", "8866")
def codes_not_in_the_code_set(worker: User) -> None:
    """A referral source, primary need and closure reason that are not census codes."""
    person = clean_child("ID8640A", 8640)
    episode = referral(
        person, worker, date(2025, 6, 2), source="5E", primary_need="N",
        closed_on=date(2025, 12, 1), closure_reason="RC",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))


@case("8866")
def referral_source_missing(worker: User) -> None:
    person = clean_child("ID8866A", 8866)
    episode = referral(person, worker, date(2025, 6, 2), source="", primary_need="N1")
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))


@case("8805")
def closed_without_reason(worker: User) -> None:
    person = clean_child("ID8805A", 8805)
    episode = referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N1",
        closed_on=date(2025, 8, 1),
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))


@case("8815", "8816", "8820")
def two_open_episodes(worker: User) -> None:
    """The first episode closes after the reference date, so on it both are open."""
    person = clean_child("ID8815A", 8815)
    first = referral(
        person, worker, date(2025, 5, 1), source="2A", primary_need="N1",
        closed_on=date(2026, 5, 1), closure_reason="RC7",
    )  # fmt: skip
    _assessed(first, worker, date(2025, 5, 2), date(2025, 6, 10))
    second = referral(person, worker, date(2025, 8, 1), source="6", primary_need="N1")
    _assessed(second, worker, date(2025, 8, 1), date(2025, 9, 1))


@case("8820")
def referred_again_before_closure(worker: User) -> None:
    """A second referral a month before the first episode closed."""
    person = clean_child("ID8820A", 8820)
    first = referral(
        person, worker, date(2025, 5, 1), source="2A", primary_need="N1",
        closed_on=date(2025, 9, 1), closure_reason="RC8",
    )  # fmt: skip
    _assessed(first, worker, date(2025, 5, 2), date(2025, 6, 10))
    second = referral(person, worker, date(2025, 8, 1), source="6", primary_need="N1")
    _assessed(second, worker, date(2025, 8, 1), date(2025, 9, 1))


@case("8825Q")
def closed_after_assessment_without_one(worker: User) -> None:
    person = clean_child("ID8825A", 8825)
    referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N4",
        closed_on=date(2025, 6, 20), closure_reason="RC9",
    )  # fmt: skip


@case(
    "8565",
    reference_wrong={
        "8565": "the DfE code crashes on a CIN plan after closure (ERROR_ID from S47s)"
    },
)
def cin_plan_ends_after_closure(worker: User) -> None:
    person = clean_child("ID8565C", 8567)
    episode = referral(
        person, worker, date(2025, 6, 2), source="2A", primary_need="N1",
        closed_on=date(2025, 11, 28), closure_reason="RC7",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 3), date(2025, 7, 15))
    cin_plan(episode, worker, date(2025, 7, 21), end_date=date(2025, 12, 1))


@case("8565")
def section47_after_closure(worker: User) -> None:
    person = clean_child("ID8565D", 8568)
    episode = referral(
        person, worker, date(2025, 6, 2), source="6", primary_need="N1",
        closed_on=date(2025, 6, 30), closure_reason="RC7",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 2), date(2025, 6, 27))
    section47(
        episode, worker, date(2025, 7, 1), conference_due_on=date(2025, 7, 22),
        outcome="nfa", outcome_on=date(2025, 7, 10),
    )  # fmt: skip


@case("2990")
def closed_after_assessment_with_an_enquiry(worker: User) -> None:
    """Closed as "after assessment, referred to early help" (RC9) after a section 47 enquiry
    that found no need for a conference."""
    person = clean_child("ID2990B", 2991)
    episode = referral(
        person, worker, date(2025, 6, 2), source="6", primary_need="N1",
        closed_on=date(2025, 7, 31), closure_reason="RC9",
    )  # fmt: skip
    _assessed(episode, worker, date(2025, 6, 2), date(2025, 7, 10))
    section47(
        episode, worker, date(2025, 6, 4), conference_due_on=date(2025, 6, 25),
        outcome="nfa", outcome_on=date(2025, 6, 20),
    )  # fmt: skip
