"""Whose call feedback a user sees: their own; a team manager's team's (the users of their
team); a head of service everyone's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdoor.accounts.models import Role

from .models import MonitoredCall


def _calls() -> QuerySet[MonitoredCall]:
    return MonitoredCall.objects.select_related("worker", "recorded_by", "contact")


def calls_of(worker: Any) -> QuerySet[MonitoredCall]:
    """A worker's own feedback history, newest first."""
    return _calls().filter(worker=worker)


def team_calls(manager: Any, *, worker_id: int | None = None) -> QuerySet[MonitoredCall]:
    """The feedback the manager sees: all for a head of service, their team's for a team
    manager, none for anyone else; of one worker if asked."""
    calls = _calls()
    if manager.role == Role.TEAM_MANAGER and manager.team_id:
        calls = calls.filter(worker__team_id=manager.team_id)
    elif manager.role != Role.HEAD_OF_SERVICE:
        return calls.none()
    return calls.filter(worker_id=worker_id) if worker_id else calls


def may_see_call(user: Any, call: MonitoredCall) -> bool:
    if user.pk in (call.worker_id, call.recorded_by_id):
        return True
    return team_calls(user).filter(pk=call.pk).exists()
