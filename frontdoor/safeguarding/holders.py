"""Who holds a child's safeguarding work, for the access model (`people/access.py`): a MASH
enquiry's MASH team and the worker who opened it, and a strategy discussion's chair, the
worker who recorded it and the owners of its actions. (Section 47 enquiries and child
protection plans belong to a referral, whose holders casework names.) Each reads the child's
whole record while the work is open and for `after_closure_days` after."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.people.access import Holder, Scope, held_since

from .models import MashEnquiry, StrategyAction, StrategyChild


def safeguarding_holders(person_ids: list[int]) -> Iterator[Holder]:
    since = held_since()
    enquiries = MashEnquiry.objects.filter(
        Q(concluded_at__isnull=True) | Q(concluded_at__gte=since), person_id__in=person_ids
    ).select_related("opened_by")
    for enquiry in enquiries:
        reason = f"MASH enquiry {enquiry.reference}"
        yield Holder(enquiry.person_id, Scope.CASE, reason, team_kinds=(Team.Kind.MASH,))
        yield Holder(
            enquiry.person_id, Scope.CASE, f"{reason}: opened by you", user_id=enquiry.opened_by_id
        )
        if enquiry.opened_by.team_id:
            yield Holder(
                enquiry.person_id,
                Scope.CASE,
                f"{reason}: your team's",
                team_id=enquiry.opened_by.team_id,
            )
    children = StrategyChild.objects.filter(
        person_id__in=person_ids, discussion__held_at__gte=since
    ).values_list("person_id", "discussion__chair_id", "discussion__recorded_by_id")
    for person_id, chair_id, recorder_id in children:
        for user_id in {chair_id, recorder_id}:
            yield Holder(person_id, Scope.CASE, "Strategy discussion", user_id=user_id)
    owners = StrategyAction.objects.filter(
        discussion__children__person_id__in=person_ids, done_at__isnull=True
    ).values_list("discussion__children__person_id", "owner_id")
    for person_id, owner_id in owners:
        if person_id in person_ids:
            yield Holder(
                person_id, Scope.CASE, "An action from a strategy discussion", user_id=owner_id
            )
