"""The case review's actions in their owners' work trays (registered from QualityConfig)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from frontdoor.casework.trays import Scope, TrayItem

from .models import CaseReviewAction

KINDS = {"case_review_action": "Action from the case review"}


def case_review_actions(scope: Scope) -> Iterator[TrayItem]:
    actions = CaseReviewAction.objects.filter(
        scope.held_by(worker=["owner"], team=["owner__team"]), done_at__isnull=True
    ).select_related("item__person", "owner__team", "created_by")
    for action in actions:
        person = action.item.person
        yield TrayItem(
            kind="case_review_action",
            title=f"{person.full_name}: {action.text[:80]}",
            person=person,
            due_on=action.due_on,
            url=reverse("quality:case_review_action", args=[action.pk]),
            worker=action.owner,
            team=action.owner.team,
            ref=f"quality.casereviewaction:{action.pk}",
            rag=scope.rag(action.due_on),
            escalate_to=action.created_by,
        )
