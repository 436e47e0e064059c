"""Records for census tests, made with the ORM rather than the services: the services date
everything from "now" and census tests need dates across a whole year, and the broken-return
corpus needs records the services would refuse. Each builder leaves what the services would
(a strategy discussion for every enquiry, a conference for every plan) unless told not to."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import PersonFactory, london
from frontdoor.casework.models import Assessment, CinPlan, Referral
from frontdoor.core.validators import upn_check_letter
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    Conference,
    CpPlan,
    CpReview,
    Section47,
    StrategyChild,
    StrategyDiscussion,
)


def child(la_id: str, **fields: Any) -> Person:
    return PersonFactory(la_child_id=la_id, **fields)


def upn_for(serial: int) -> str:
    """A well-formed UPN from LA 845, different for each `serial` below 10,000."""
    rest = f"84510011{serial:04d}"
    return f"{upn_check_letter(rest)}{rest}"


def clean_child(la_id: str, serial: int, **fields: Any) -> Person:
    """A child whose own details break no census rule (give `fields` to break one)."""
    fields.setdefault("date_of_birth", date(2015, 3, 10))
    fields.setdefault("sex", "F")
    fields.setdefault("ethnicity", "WBRI")
    fields.setdefault("disabilities", ["NONE"])
    return child(la_id, upn=upn_for(serial), **fields)


def referral(person: Person, by: User, referral_date: date, **fields: Any) -> Referral:
    return Referral.objects.create(
        person=person,
        referral_date=referral_date,
        allocation_due_on=referral_date,
        child_seen_due_on=referral_date,
        opened_by=by,
        **fields,
    )


def assessment(episode: Referral, by: User, started_on: date, **fields: Any) -> Assessment:
    return Assessment.objects.create(
        referral=episode, worker=by, started_on=started_on, due_on=started_on, **fields
    )


def cin_plan(episode: Referral, by: User, start_date: date, **fields: Any) -> CinPlan:
    return CinPlan.objects.create(referral=episode, start_date=start_date, started_by=by, **fields)


def section47(episode: Referral, by: User, started_on: date, **fields: Any) -> Section47:
    discussion = StrategyDiscussion.objects.create(
        held_at=london(started_on.year, started_on.month, started_on.day, 10),
        chair=by,
        information_shared="Police and health checks.",
        next_steps="Section 47 enquiry.",
        recorded_by=by,
        recorded_at=london(started_on.year, started_on.month, started_on.day, 12),
    )
    decided = StrategyChild.objects.create(
        discussion=discussion,
        person=episode.person,
        referral=episode,
        start_section_47=True,
        rationale="Likely significant harm.",
    )
    return Section47.objects.create(
        person=episode.person,
        referral=episode,
        strategy_child=decided,
        started_on=started_on,
        **fields,
    )


def conference(s47: Section47, by: User, held_on: date) -> Conference:
    return Conference.objects.create(
        section47=s47,
        held_on=held_on,
        outcome="cp_plan",
        chair="Robin Ash",
        recorded_by=by,
        recorded_at=london(held_on.year, held_on.month, held_on.day, 15),
    )


def cp_plan(
    episode: Referral,
    by: User,
    start_date: date,
    *,
    conference: Conference | None = None,
    **fields: Any,
) -> CpPlan:
    fields.setdefault("initial_category", "NEG")
    fields.setdefault("latest_category", fields["initial_category"])
    fields.setdefault("previous_plans", 0)
    return CpPlan.objects.create(
        person=episode.person,
        referral=episode,
        conference=conference,
        start_date=start_date,
        started_by=by,
        **fields,
    )


def review(plan: CpPlan, by: User, held_on: date, category: str = "NEG") -> CpReview:
    return CpReview.objects.create(plan=plan, held_on=held_on, category=category, recorded_by=by)
