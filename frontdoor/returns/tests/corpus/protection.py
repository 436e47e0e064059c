"""Broken-return cases for the protection rules (see the package docstring).

Rules these records cannot break, because Frontdoor's records or the census reading never
hold the fault (they are unit-tested in `test_rules_protection.py`): 8720 and 8930 (a plan
that starts or ends after the reference date is returned without that date, and one that
ended before the year is not in the return), 8740 (an enquiry from before the year is only
returned with its conference held in the year), 8730 (the number of previous plans is
required and never negative), 8840 and 8925 (the database refuses a plan ending on or before
its start), 8832 (ReferralNFA is derived: an episode with a plan is never one), 8842Q (a
review always has its date).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.casework.models import Referral
from frontdoor.people.models import Person
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
from frontdoor.safeguarding.models import CpPlan, Section47

from . import case


def _episode(person: Person, worker: User, referred: date, **fields: Any) -> Referral:
    """A referral from the police, assessed from the day it came in and authorised 4 weeks on."""
    episode = referral(person, worker, referred, source="6", primary_need="N1", **fields)
    assessment(
        episode, worker, referred, status="authorised",
        authorised_on=date.fromordinal(referred.toordinal() + 28), factors=["3A"],
    )  # fmt: skip
    return episode


def _enquiry(episode: Referral, worker: User, started: date, **fields: Any) -> Section47:
    """An enquiry that decided on a conference, due 15 working days on (given by the case)."""
    fields.setdefault("conference_due_on", started)
    fields.setdefault("outcome", "icpc")
    fields.setdefault("outcome_on", started)
    return section47(episode, worker, started, **fields)


def _plan_from_conference(
    episode: Referral, worker: User, s47: Section47, held: date, **fields: Any
) -> CpPlan:
    """A conference on `held` and the plan it made, starting that day."""
    return cp_plan(episode, worker, held, conference=conference(s47, worker, held), **fields)


# --- section 47 enquiries and conferences ------------------------------------------------------


@case("1104", "1105", "2889")
def protection_before_referral(worker: User) -> None:
    """The enquiry, its conference and the plan are all dated before the referral."""
    person = clean_child("ID1104A", 4701)
    episode = _episode(person, worker, date(2025, 9, 10))
    s47 = _enquiry(episode, worker, date(2025, 8, 26), conference_due_on=date(2025, 9, 16))
    _plan_from_conference(episode, worker, s47, date(2025, 9, 5))


@case("2884", "2885")
def conference_recorded_on_both_levels(worker: User) -> None:
    """The plan in the second episode comes from the conference of the first episode's
    enquiry, so its date is returned both on that enquiry and on the second episode; the
    plan starts with the second episode, not on the day of that conference."""
    person = clean_child("ID2884A", 4702)
    first = _episode(
        person, worker, date(2025, 5, 1), closed_on=date(2025, 6, 2), closure_reason="RC7"
    )
    s47 = _enquiry(first, worker, date(2025, 5, 6), conference_due_on=date(2025, 5, 28))
    held = conference(s47, worker, date(2025, 5, 27))
    second = _episode(person, worker, date(2025, 6, 3))
    cp_plan(second, worker, date(2025, 6, 3), conference=held)


@case("2885")
def plan_starts_days_after_conference(worker: User) -> None:
    """The conference was on a Tuesday; the plan is recorded as starting the Monday after."""
    person = clean_child("ID2885A", 4703)
    episode = _episode(person, worker, date(2025, 9, 29))
    s47 = _enquiry(episode, worker, date(2025, 9, 30), conference_due_on=date(2025, 10, 21))
    held = conference(s47, worker, date(2025, 10, 14))
    cp_plan(episode, worker, date(2025, 10, 20), conference=held)


@case("2883", "2885")
def plan_without_any_conference(worker: User) -> None:
    """A plan started with no enquiry or conference anywhere: more plans than conferences in
    the return."""
    person = clean_child("ID2883A", 4704)
    episode = _episode(person, worker, date(2025, 11, 3))
    cp_plan(episode, worker, date(2025, 11, 24))


@case("2991Q")
def section47_without_assessment(worker: User) -> None:
    """An enquiry and its conference on an episode with no assessment."""
    person = clean_child("ID2991A", 4705)
    episode = referral(person, worker, date(2025, 10, 6), source="6", primary_need="N1")
    s47 = _enquiry(episode, worker, date(2025, 10, 7), conference_due_on=date(2025, 10, 28))
    _plan_from_conference(episode, worker, s47, date(2025, 10, 27))


@case("8615", "8715")
def conference_before_the_enquiry(worker: User) -> None:
    """An enquiry started in the year whose conference is dated before it, before the year."""
    person = clean_child("ID8615A", 4706)
    episode = _episode(person, worker, date(2025, 3, 17))
    s47 = _enquiry(episode, worker, date(2025, 4, 10), conference_due_on=date(2025, 5, 2))
    conference(s47, worker, date(2025, 3, 20))


@case("8675Q")
def conference_overdue_at_year_end(worker: User) -> None:
    """An enquiry started on 10 March 2026 with no conference by 31 March: more than 15 working
    days. Another child's started on 11 March, exactly 15 working days before, is in time."""
    late = clean_child("ID8675A", 4707)
    episode = _episode(late, worker, date(2026, 3, 9))
    section47(episode, worker, date(2026, 3, 10), conference_due_on=date(2026, 3, 31))
    in_time = clean_child("ID8675B", 4708)
    episode = _episode(in_time, worker, date(2026, 3, 9))
    section47(episode, worker, date(2026, 3, 11), conference_due_on=date(2026, 4, 1))


@case("8839", "8890")
def two_open_enquiries(worker: User) -> None:
    """A second enquiry started while the first still waits for its conference."""
    person = clean_child("ID8839A", 4709)
    episode = _episode(person, worker, date(2026, 3, 2))
    section47(episode, worker, date(2026, 3, 16), conference_due_on=date(2026, 4, 7))
    section47(episode, worker, date(2026, 3, 20), conference_due_on=date(2026, 4, 13))


@case("8890")
def enquiry_started_on_the_last_ones_conference_day(worker: User) -> None:
    """A second enquiry started on the day of the first's conference (the DfE counts that day
    as still within the first), with no conference needed."""
    person = clean_child("ID8890A", 4710)
    episode = _episode(person, worker, date(2025, 6, 2))
    first = _enquiry(episode, worker, date(2025, 6, 3), conference_due_on=date(2025, 6, 24))
    _plan_from_conference(episode, worker, first, date(2025, 6, 23))
    _enquiry(
        episode, worker, date(2025, 6, 23), conference_due_on=date(2025, 7, 14),
        outcome="nfa", outcome_on=date(2025, 7, 1),
    )  # fmt: skip


@case("8868", "8675Q")
def closed_with_an_enquiry_open(worker: User) -> None:
    """The episode was closed while its enquiry had neither a conference nor an outcome."""
    person = clean_child("ID8868A", 4711)
    episode = _episode(
        person, worker, date(2025, 12, 1), closed_on=date(2026, 2, 10), closure_reason="RC7"
    )
    section47(episode, worker, date(2026, 1, 12), conference_due_on=date(2026, 2, 2))


@case(
    "8870Q",
    reference_wrong={
        "8870Q": "the DfE code parses InitialCPCtarget as %d-%m-%Y, so never fires on ISO dates"
    },
)
def conference_target_on_a_saturday(worker: User) -> None:
    """The conference was due on a Saturday (it was held on the Friday before)."""
    person = clean_child("ID8870A", 4712)
    episode = _episode(person, worker, date(2025, 7, 1))
    s47 = _enquiry(episode, worker, date(2025, 7, 2), conference_due_on=date(2025, 7, 26))
    _plan_from_conference(episode, worker, s47, date(2025, 7, 25))


# --- child protection plans --------------------------------------------------------------------


@case("8905", "8910")
def plan_categories_not_census_codes(worker: User) -> None:
    person = clean_child("ID8905A", 4713)
    episode = _episode(person, worker, date(2025, 8, 4))
    s47 = _enquiry(episode, worker, date(2025, 8, 5), conference_due_on=date(2025, 8, 27))
    _plan_from_conference(
        episode, worker, s47, date(2025, 8, 21), initial_category="NX", latest_category="XX"
    )


@case("8915")
def plan_starts_after_death(worker: User) -> None:
    person = clean_child("ID8915A", 4714, date_of_death=date(2025, 12, 1))
    episode = _episode(person, worker, date(2025, 11, 3))
    s47 = _enquiry(episode, worker, date(2025, 11, 4), conference_due_on=date(2025, 11, 25))
    _plan_from_conference(episode, worker, s47, date(2025, 12, 2))


@case("8920")
def plan_ends_after_death(worker: User) -> None:
    person = clean_child("ID8920A", 4715, date_of_death=date(2026, 1, 9))
    episode = _episode(person, worker, date(2025, 10, 1))
    s47 = _enquiry(episode, worker, date(2025, 10, 2), conference_due_on=date(2025, 10, 23))
    _plan_from_conference(episode, worker, s47, date(2025, 10, 22), end_date=date(2026, 1, 20))


@case("8940", reference_wrong={"8935": "the DfE code counts open plans per plan number"})
def two_open_plans_in_one_episode(worker: User) -> None:
    """A second plan started while the first is still open, in the same episode: the DfE code
    numbers plans within the episode (1, 2) and counts open plans per number, so misses 8935."""
    person = clean_child("ID8935A", 4716)
    episode = _episode(person, worker, date(2025, 7, 1))
    first = _enquiry(episode, worker, date(2025, 7, 2), conference_due_on=date(2025, 7, 23))
    _plan_from_conference(episode, worker, first, date(2025, 7, 21))
    second = _enquiry(episode, worker, date(2025, 9, 1), conference_due_on=date(2025, 9, 22))
    _plan_from_conference(episode, worker, second, date(2025, 9, 19))


@case(
    "8940",
    reference_wrong={"8940": "the DfE code skips two plans that are each first in their episode"},
)
def plans_meeting_across_episodes(worker: User) -> None:
    """The second episode's plan starts the day the first episode's plan ended (the DfE counts
    that day as overlapping), but the DfE code never compares the two plans, as both are
    numbered 1 within their episodes."""
    person = clean_child("ID8940A", 4717)
    first = _episode(
        person, worker, date(2025, 5, 1), closed_on=date(2025, 8, 1), closure_reason="RC7"
    )
    s47 = _enquiry(first, worker, date(2025, 5, 2), conference_due_on=date(2025, 5, 23))
    _plan_from_conference(first, worker, s47, date(2025, 5, 22), end_date=date(2025, 8, 1))
    second = _episode(person, worker, date(2025, 8, 1))
    s47 = _enquiry(second, worker, date(2025, 8, 1), conference_due_on=date(2025, 8, 22))
    _plan_from_conference(second, worker, s47, date(2025, 8, 1))


# --- child in need plans beside protection plans ----------------------------------------------


@case("4001", "4017")
def protection_plan_beside_open_cin_plan(worker: User) -> None:
    """A protection plan started while the episode's child in need plan stays open."""
    person = clean_child("ID4001A", 4718)
    episode = _episode(person, worker, date(2025, 6, 2))
    cin_plan(episode, worker, date(2025, 7, 1))
    s47 = _enquiry(episode, worker, date(2025, 7, 21), conference_due_on=date(2025, 8, 11))
    _plan_from_conference(episode, worker, s47, date(2025, 8, 8))


@case("4016")
def cin_plan_starts_during_protection_plan(worker: User) -> None:
    """A child in need plan started three weeks before the protection plan ended."""
    person = clean_child("ID4016A", 4719)
    episode = _episode(person, worker, date(2025, 6, 2))
    s47 = _enquiry(episode, worker, date(2025, 6, 3), conference_due_on=date(2025, 6, 24))
    plan = _plan_from_conference(
        episode, worker, s47, date(2025, 6, 20), end_date=date(2025, 11, 24)
    )
    review(plan, worker, date(2025, 9, 12))
    cin_plan(episode, worker, date(2025, 11, 3))


@case(
    "4003",
    "4016",
    reference_wrong={"4003": "the DfE code reads only the first review of each plan"},
)
def second_review_during_cin_plan(worker: User) -> None:
    """The plan's first review is before the child in need plan; the second, during it."""
    person = clean_child("ID4003A", 4720)
    episode = _episode(person, worker, date(2025, 4, 14))
    s47 = _enquiry(episode, worker, date(2025, 4, 15), conference_due_on=date(2025, 5, 7))
    plan = _plan_from_conference(episode, worker, s47, date(2025, 5, 1), end_date=date(2026, 1, 15))
    review(plan, worker, date(2025, 7, 24))
    cin_plan(episode, worker, date(2025, 8, 1), end_date=date(2025, 10, 1))
    review(plan, worker, date(2025, 9, 1))


@case(
    "4003",
    "4017",
    reference_wrong={
        "4003": "the DfE code only checks a review of a plan that has ended (a line from 4016)"
    },
)
def review_of_open_plan_during_cin_plan(worker: User) -> None:
    """A protection plan, still open, started and was reviewed during a child in need plan."""
    person = clean_child("ID4003B", 4721)
    episode = _episode(person, worker, date(2025, 5, 6))
    cin_plan(episode, worker, date(2025, 6, 2), end_date=date(2025, 12, 1))
    s47 = _enquiry(episode, worker, date(2025, 6, 9), conference_due_on=date(2025, 6, 30))
    plan = _plan_from_conference(episode, worker, s47, date(2025, 7, 1))
    review(plan, worker, date(2025, 9, 30))


@case(
    "4017",
    reference_wrong={
        "4003": "the DfE code compares reviews with CIN plans of other episodes, not within one"
    },
)
def review_during_cin_plan_of_another_episode(worker: User) -> None:
    """A protection plan in a second episode, reviewed while the first episode's child in need
    plan ran: 4017 (plans are compared across episodes) but not 4003, which is per episode."""
    person = clean_child("ID4003C", 4722)
    first = _episode(
        person, worker, date(2025, 5, 1), closed_on=date(2025, 12, 15), closure_reason="RC7"
    )
    cin_plan(first, worker, date(2025, 6, 2), end_date=date(2025, 11, 3))
    second = _episode(person, worker, date(2025, 7, 1))
    s47 = _enquiry(second, worker, date(2025, 7, 2), conference_due_on=date(2025, 7, 23))
    plan = _plan_from_conference(second, worker, s47, date(2025, 7, 22), end_date=date(2025, 12, 1))
    review(plan, worker, date(2025, 10, 1))
