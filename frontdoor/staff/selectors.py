"""Reads of staff administration."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User

from .models import AccessFlag, RoleChangeRequest
from .services import recertification_due_on


def users_matching(
    *, query: str = "", role: str = "", team_id: int | None = None, active: str = ""
) -> QuerySet[User]:
    users = User.objects.select_related("team").order_by("last_name", "first_name", "username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    if role:
        users = users.filter(role=role)
    if team_id:
        users = users.filter(team_id=team_id)
    if active in ("yes", "no"):
        users = users.filter(is_active=active == "yes")
    return users


def role_requests_waiting() -> QuerySet[RoleChangeRequest]:
    return RoleChangeRequest.objects.filter(decided_at__isnull=True).select_related(
        "user", "requested_by"
    )


def access_flags_open() -> QuerySet[AccessFlag]:
    return AccessFlag.objects.filter(resolved_at__isnull=True).select_related("user", "flagged_by")


def teams_to_recertify(user: Any) -> list[tuple[Team, date]]:
    """The teams this manager recertifies whose recertification is due, with the day it was
    due: a team manager's own team; for a head of service, teams with no manager."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.role == Role.TEAM_MANAGER and user.team_id:
        teams = [user.team]
    elif user.role == Role.HEAD_OF_SERVICE:
        managed = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).values("team_id")
        teams = list(Team.objects.exclude(pk__in=managed).filter(user__is_active=True).distinct())
    else:
        return []
    today = timezone.localdate()
    due = [(team, recertification_due_on(team)) for team in teams]
    return [(team, on) for team, on in due if on <= today]
