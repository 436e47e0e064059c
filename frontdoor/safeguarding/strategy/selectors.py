"""Reads for recording a strategy discussion and for its page: chairs, action owners, the
children on it and their siblings to add."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from frontdoor.accounts.models import Role, User
from frontdoor.core.parsing import parse_ids
from frontdoor.people.family import relatives_of
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    REQUIRED_AGENCIES,
    ExpectedAgency,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)

# Who chairs a strategy discussion: a consultant social worker or a manager of the council.
CHAIR_ROLES = (Role.CSW, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
# Who an immediate action may be for: council staff who can open the discussion's page and
# see the action in their tray (partners see nothing about the child but their checks).
OWNER_ROLES = (
    Role.CSW,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.LOCALITY_SOCIAL_WORKER,
    Role.PATHWAY_ADVISOR,
    Role.BUSINESS_SUPPORT,
)


def chairs() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=CHAIR_ROLES).order_by(
        "first_name", "last_name", "pk"
    )


def action_owners() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=OWNER_ROLES).order_by(
        "first_name", "last_name", "pk"
    )


def person_ids(values: Iterable[str]) -> list[int]:
    """Person ids as typed in a query string or hidden inputs: numbers only, once each, in
    order."""
    return parse_ids(values)


def children_for(ids: Iterable[int]) -> list[Person]:
    """The people with these ids that a discussion can be about (children not merged into
    another record), in the order given."""
    ids = list(ids)
    found = Person.objects.filter(
        pk__in=ids, kind=Person.Kind.CHILD, merged_into__isnull=True
    ).in_bulk()
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class Candidate:
    person: Person
    label: str  # "Sibling of Amelia Hart"


def children_to_add(children: list[Person]) -> list[Candidate]:
    """Children related to those in the discussion, not in it yet: siblings first."""
    included = {child.pk for child in children}
    candidates: list[Candidate] = []
    for child in children:
        for relative in relatives_of(child):
            other = relative.person
            if (
                other.pk in included
                or other.kind != Person.Kind.CHILD
                or other.merged_into_id is not None
                or not relative.is_current
            ):
                continue
            included.add(other.pk)
            candidates.append(Candidate(other, f"{relative.label} of {child.full_name}"))
    candidates.sort(key=lambda c: (not c.label.startswith("Sibling"), c.person.full_name))
    return candidates


def discussion_for_page(*, discussion_id: int) -> StrategyDiscussion:
    return (
        StrategyDiscussion.objects.select_related("chair", "recorded_by", "enquiry")
        .prefetch_related(
            Prefetch("attendance", StrategyAttendance.objects.all()),
            Prefetch(
                "children",
                StrategyChild.objects.select_related("person", "referral", "section47"),
            ),
            Prefetch("actions", StrategyAction.objects.select_related("owner")),
        )
        .get(pk=discussion_id)
    )


def attendance_by_agency(discussion: StrategyDiscussion) -> list[dict[str, Any]]:
    """Each agency in the usual order, with its attendance or None if it was not recorded."""
    recorded = {row.agency: row for row in discussion.attendance.all()}
    return [
        {"label": agency.label, "row": recorded.get(agency)}
        for agency in ExpectedAgency
        if agency in recorded or agency in REQUIRED_AGENCIES
    ]
