"""Who holds a child's intake record because of a disagreement with its decision
(`people/access.py`), while the disagreement is open: whoever raised it, and whoever answers
its open stage (the responsible person, and a team manager stage's team managers)."""

from __future__ import annotations

from collections.abc import Iterator

from frontdoor.accounts.models import Role, User
from frontdoor.people.access import Holder, Scope

from .models import Disagreement, DisagreementStage


def disagreement_holders(person_ids: list[int]) -> Iterator[Holder]:
    raised = Disagreement.objects.filter(
        person_id__in=person_ids, status=Disagreement.Status.OPEN
    ).values_list("person_id", "raised_by_id")
    for person_id, user_id in raised:
        yield Holder(
            person_id, Scope.INTAKE, "Your disagreement with the decision", user_id=user_id
        )
    stages = DisagreementStage.objects.filter(
        disagreement__person_id__in=person_ids,
        disagreement__status=Disagreement.Status.OPEN,
        outcome="",
    ).values_list("disagreement__person_id", "responsible_id", "role", "team_id")
    reason = "A disagreement with the decision for you to answer"
    for person_id, responsible_id, role, team_id in stages:
        if responsible_id:
            yield Holder(person_id, Scope.INTAKE, reason, user_id=responsible_id)
        if role == Role.TEAM_MANAGER and team_id:
            managers = User.objects.filter(role=Role.TEAM_MANAGER, team_id=team_id)
            for manager_id in managers.values_list("pk", flat=True):
                yield Holder(person_id, Scope.INTAKE, reason, user_id=manager_id)
