"""Safeguarding's part of a subject access export."""

from __future__ import annotations

from collections.abc import Iterable

from frontdoor.people.models import Person
from frontdoor.people.subject_access import Section, records_of

from .models import (
    AgencyCheck,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    MashEnquiry,
    RagChange,
    Section47,
    StrategyAction,
    StrategyChild,
    StrategyDiscussion,
)


def safeguarding_records(person: Person) -> Iterable[Section]:
    discussions = StrategyDiscussion.objects.filter(children__person=person).distinct()
    return records_of(
        person,
        ("MASH enquiries", MashEnquiry.objects.filter(person=person)),
        ("MASH ratings", RagChange.objects.filter(enquiry__person=person)),
        ("Agency checks", AgencyCheck.objects.filter(enquiry__person=person)),
        ("Strategy discussions", discussions),
        ("Strategy discussion decisions", StrategyChild.objects.filter(person=person)),
        ("Strategy discussion actions", StrategyAction.objects.filter(discussion__in=discussions)),
        ("Section 47 enquiries", Section47.objects.filter(person=person)),
        ("Child protection conferences", Conference.objects.filter(section47__person=person)),
        ("Child protection plans", CpPlan.objects.filter(person=person)),
        ("Child protection reviews", CpReview.objects.filter(plan__person=person)),
        ("Child protection visits", CpVisit.objects.filter(plan__person=person)),
        ("Immediate protection", ImmediateProtection.objects.filter(person=person)),
    )
