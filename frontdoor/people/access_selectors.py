"""Reads of the access model: the managers' break-the-glass report, who has seen a child,
and the staff who may be named on a restricted record."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdoor.accounts.models import Role, User
from frontdoor.core.models import AuditEvent

from .access import CEILING, holders_of
from .models import BreakGlass


def break_glass_for_manager(user: Any) -> list[BreakGlass]:
    """Every opening for a head of service; for a team manager, those of children whose
    work their team holds. Waiting for review first, newest first."""
    rows = BreakGlass.objects.select_related("person", "user", "reviewed_by").order_by(
        "reviewed_at", "-opened_at"
    )
    if user.role == Role.HEAD_OF_SERVICE:
        return list(rows[:500])
    candidates = list(rows.filter(reviewed_at__isnull=True)[:500]) + list(
        rows.filter(reviewed_at__isnull=False)[:200]
    )
    holders = holders_of({row.person_id for row in candidates})
    return [
        row
        for row in candidates
        if any(h.team_id == user.team_id for h in holders.get(row.person_id, []))
        and user.team_id is not None
    ]


def seen_by(person_id: int) -> QuerySet[AuditEvent]:
    """The audit trail of everything about one person, newest first."""
    return AuditEvent.objects.filter(person_id=person_id).select_related("actor")


def staff_to_name() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=list(CEILING)).order_by(
        "first_name", "last_name"
    )
