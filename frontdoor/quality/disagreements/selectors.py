"""Reading disagreements: the open ones a manager sees, one disagreement's stages, and the
counts for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.casework.clocks import today

from .models import Disagreement, DisagreementStage


def open_stages() -> QuerySet[DisagreementStage]:
    return DisagreementStage.objects.filter(
        outcome="", disagreement__status=Disagreement.Status.OPEN
    ).select_related(
        "disagreement__decision__contact_child__contact",
        "disagreement__raised_by",
        "disagreement__person",
        "responsible",
        "team",
    )


def open_for(user: Any) -> list[DisagreementStage]:
    """The open disagreements (each at its open stage) a manager sees, the most overdue
    first: every one for a head of service, those at their team or in their tray for a team
    manager, none for anyone else."""
    stages = open_stages()
    if user.role == Role.TEAM_MANAGER:
        stages = stages.filter(Q(team_id=user.team_id) | Q(responsible=user))
    elif user.role != Role.HEAD_OF_SERVICE:
        return []
    return list(stages.order_by("due_on", "disagreement_id"))


def is_overdue(stage: DisagreementStage, on: date | None = None) -> bool:
    """Past its due date and still open (due today is not overdue)."""
    return stage.is_open and stage.due_on < (on or today())


@dataclass
class DisagreementCounts:
    raised: int = 0
    resolved_at_stage: dict[int, int] = field(default_factory=dict)  # stage number: count
    open_overdue: int = 0

    @property
    def resolved(self) -> int:
        return sum(self.resolved_at_stage.values())


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), zone)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    return lo, hi


def disagreements_counts(start: date, end: date) -> DisagreementCounts:
    """From `start` to `end` (inclusive, London days): disagreements raised; those resolved,
    by the stage that resolved them; and those open at the close of `end` at a stage due
    before `end` (overdue then)."""
    lo, hi = _bounds(start, end)
    counts = DisagreementCounts(
        raised=Disagreement.objects.filter(raised_at__gte=lo, raised_at__lt=hi).count()
    )
    resolved = DisagreementStage.objects.filter(
        outcome=DisagreementStage.Outcome.RESOLVED, recorded_at__gte=lo, recorded_at__lt=hi
    )
    for number in resolved.values_list("number", flat=True):
        counts.resolved_at_stage[number] = counts.resolved_at_stage.get(number, 0) + 1
    counts.resolved_at_stage = dict(sorted(counts.resolved_at_stage.items()))
    counts.open_overdue = (
        DisagreementStage.objects.filter(started_on__lte=end, due_on__lt=end)
        .filter(Q(recorded_at__isnull=True) | Q(recorded_at__gte=hi))
        .values("disagreement")
        .distinct()
        .count()
    )
    return counts
