"""Casework's part of a subject access export."""

from __future__ import annotations

from collections.abc import Iterable

from frontdoor.people.models import Person
from frontdoor.people.subject_access import Section, records_of

from .models import (
    Allocation,
    Assessment,
    CinPlan,
    ClosureRequest,
    EarlyHelpEpisode,
    Oversight,
    PlanReview,
    Referral,
    RiskReview,
    Step,
)


def casework_records(person: Person) -> Iterable[Section]:
    return records_of(
        person,
        ("Referrals", Referral.objects.filter(person=person)),
        ("Allocations", Allocation.objects.filter(referral__person=person)),
        ("Risk reviews", RiskReview.objects.filter(referral__person=person)),
        ("Assessments", Assessment.objects.filter(referral__person=person)),
        ("Child in need plans", CinPlan.objects.filter(referral__person=person)),
        ("Early help", EarlyHelpEpisode.objects.filter(person=person)),
        (
            "Plan reviews",
            PlanReview.objects.filter(cin_plan__referral__person=person)
            | PlanReview.objects.filter(early_help__person=person),
        ),
        ("Steps up and down", Step.objects.filter(person=person)),
        ("Closures asked for", ClosureRequest.objects.filter(referral__person=person)),
        ("Management oversight", Oversight.objects.filter(person=person)),
    )
