"""Who holds a child's intake record because of the case review (`people/access.py`): the
owner of an open action about the child, until it is done."""

from __future__ import annotations

from collections.abc import Iterator

from frontdoor.people.access import Holder, Scope

from .models import CaseReviewAction


def case_review_holders(person_ids: list[int]) -> Iterator[Holder]:
    open_actions = CaseReviewAction.objects.filter(
        item__person_id__in=person_ids, done_at__isnull=True
    ).values_list("item__person_id", "owner_id")
    for person_id, owner_id in open_actions:
        yield Holder(person_id, Scope.INTAKE, "Your action from the case review", user_id=owner_id)
