"""Learning actions in the worker's work tray (registered by `QualityConfig.ready()`): every
action not yet done, held by the worker it is for (and so seen by their team), escalated when
overdue to the auditor who set it as well as to the team's managers."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from frontdoor.casework.trays import Scope, TrayItem

from .models import LearningAction

KINDS = {"learning_action": "Learning action from an audit"}


def learning_actions_due(scope: Scope) -> Iterator[TrayItem]:
    actions = LearningAction.objects.filter(
        scope.held_by(worker=["worker", "set_by"], team=["worker__team"]), done_at__isnull=True
    ).select_related("audit__person", "worker__team", "set_by")
    for action in actions:
        yield TrayItem(
            kind="learning_action",
            title=f"Learning action: {action.text[:80]}",
            person=action.audit.person,
            due_on=action.due_on,
            url=reverse("quality:learning_action", args=[action.pk]),
            worker=action.worker,
            team=action.worker.team,
            ref=f"quality.learningaction:{action.pk}",
            rag=scope.rag(action.due_on),
            escalate_to=action.set_by,
        )
