"""Reads of referrals: the referral page, the unallocated lists, caseloads, and the clocks and
actions a referral page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse

from frontdoor.accounts.models import Role, Team, User
from frontdoor.casework.clocks import DayRag, due_on, rag_for_day
from frontdoor.casework.models import (
    Allocation,
    Assessment,
    CinPlan,
    ClosureRequest,
    Oversight,
    Referral,
    ReferralContact,
    Step,
)
from frontdoor.core.working_days import WorkingCalendar


def referral_for_page(*, referral_id: int) -> Referral:
    return (
        Referral.objects.select_related(
            "person", "team", "worker", "opened_by", "origin__contact", "closure_signed_off_by"
        )
        .prefetch_related(
            Prefetch(
                "allocations", Allocation.objects.select_related("team", "worker", "allocated_by")
            ),
            Prefetch("assessments", Assessment.objects.select_related("worker", "authorised_by")),
            Prefetch("cin_plans", CinPlan.objects.prefetch_related("reviews")),
            Prefetch("contacts", ReferralContact.objects.select_related("contact_child__contact")),
            "risk_reviews__reviewed_by",
            Prefetch("steps", Step.objects.select_related("early_help")),
            Prefetch(
                "oversight",
                Oversight.objects.select_related("recorded_by", "direction_for", "completed_by"),
            ),
            Prefetch(
                "closure_requests",
                ClosureRequest.objects.select_related("requested_by", "decided_by"),
            ),
        )
        .get(pk=referral_id)
    )


RE_REFERRAL_DAYS = 365  # DfE: a re-referral is a referral within 12 months of the last one


def referrals_within_12_months(person: Any, on: date) -> QuerySet[Referral]:
    """The child's referrals dated in the 12 months up to `on` (that day included): a referral
    opened on `on` is a re-referral when there is one."""
    return Referral.objects.filter(
        person=person,
        referral_date__lte=on,
        referral_date__gte=on - timedelta(days=RE_REFERRAL_DAYS),
    )


def unallocated_referrals(*, team: Team | None) -> QuerySet[Referral]:
    """Open referrals waiting for a worker, in `team` (or with no team when None), oldest first."""
    referrals = Referral.objects.filter(closed_on__isnull=True, worker__isnull=True)
    referrals = (
        referrals.filter(team=team) if team is not None else referrals.filter(team__isnull=True)
    )
    return referrals.select_related("person", "team").order_by(
        F("risk_review_due_on").asc(nulls_first=True), "referral_date"
    )


def teams_managed_by(user: Any) -> QuerySet[Team]:
    """The locality teams whose unallocated lists this user manages."""
    teams = Team.objects.filter(kind=Team.Kind.LOCALITY)
    if user.role == Role.HEAD_OF_SERVICE:
        return teams
    return teams.filter(pk=user.team_id)


def caseloads(*, team: Team) -> list[tuple[User, int]]:
    """Each active member of `team` with their number of open referrals: registered social
    workers first, fewest cases first, then those who are not registered (a family support
    worker may help with a case but cannot complete its statutory assessment)."""
    members = (
        User.objects.filter(team=team, is_active=True)
        .exclude(role=Role.TEAM_MANAGER)
        .annotate(
            open_cases=Count(
                "referrals_allocated", filter=Q(referrals_allocated__closed_on__isnull=True)
            )
        )
        .order_by("open_cases", "first_name")
    )
    ordered = sorted(members, key=lambda member: not member.is_registered_social_worker)
    return [(member, member.open_cases) for member in ordered]


# --- The referral page's clocks and actions ---------------------------------------------------


@dataclass(frozen=True)
class Clock:
    label: str
    due_on: date
    rag: DayRag | None  # None once the step is done
    done: str = ""


def referral_clocks(referral: Referral, on: date, cal: WorkingCalendar) -> list[Clock]:
    """Every clock still running on an open referral, and the child-seen clock once met."""
    if not referral.is_open:
        return []

    def running(label: str, due: date) -> Clock:
        return Clock(label, due, rag_for_day(due, on, cal))

    clocks = []
    if referral.worker_id is None:
        clocks.append(running("Allocation to a worker", referral.allocation_due_on))
        if referral.risk_review_due_on:
            clocks.append(running("Risk review while unallocated", referral.risk_review_due_on))
    assessments = list(referral.assessments.all())
    seen = [a.child_seen_on for a in assessments if a.child_seen_on]
    if seen:
        clocks.append(
            Clock("Child seen", referral.child_seen_due_on, None, f"Seen {min(seen):%-d %B %Y}")
        )
    else:
        clocks.append(running("Child seen", referral.child_seen_due_on))
    in_progress = [a for a in assessments if a.is_open]
    if in_progress:
        clocks.append(running("Assessment authorised", in_progress[0].due_on))
    elif not assessments:
        due = due_on(referral.referral_date, "assessment_working_days", cal)
        clocks.append(running("Assessment authorised (not started yet)", due))
    for plan in referral.cin_plans.all():
        if plan.end_date is None and plan.next_review_on:
            clocks.append(running("Child in need plan review", plan.next_review_on))
    return clocks


def referral_actions(user: Any, referral: Referral) -> list[dict[str, str]]:
    """The actions this user may take on the referral now, each a link to its own page."""
    if not referral.is_open:
        return []

    def link(label: str, name: str) -> dict[str, str]:
        return {"label": label, "url": reverse(f"casework:{name}", args=[referral.pk])}

    actions = []
    if user.has_perm("casework.allocate_referral", referral) and referral.team_id:
        label = "Reallocate" if referral.worker_id else "Allocate to a worker"
        actions.append(link(label, "referral_allocate"))
    if user.has_perm("casework.change_referral_team", referral):
        actions.append(link("Change locality team", "referral_team"))
    if user.has_perm("casework.allocate_referral", referral) and not referral.worker_id:
        actions.append(link("Record a risk review", "referral_risk_review"))
    if user.has_perm("casework.work_on_referral", referral):
        need = "Change primary need" if referral.primary_need else "Set primary need"
        actions.append(link(need, "referral_primary_need"))
        if not any(a.is_open for a in referral.assessments.all()):
            actions.append(link("Start an assessment", "assessment_start"))
        if not any(p.end_date is None for p in referral.cin_plans.all()):
            actions.append(link("Start a child in need plan", "cin_plan_start"))
        if not any(asked.is_waiting for asked in referral.closure_requests.all()):
            actions.append(link("Step down to early help", "referral_step_down"))
            actions.append(link("Close the episode", "referral_close"))
    if user.has_perm("casework.record_oversight", referral):
        actions.append(link("Record oversight or supervision", "oversight_record"))
    return actions


def closure_state(referral: Referral) -> ClosureRequest | None:
    """What the referral page says of closing it: the closure or step down waiting for a
    manager, or the last one if a manager returned it (the worker reads why); else None."""
    latest = next(iter(referral.closure_requests.all()), None)  # newest first
    if latest is not None and latest.status in (
        ClosureRequest.Status.WAITING,
        ClosureRequest.Status.RETURNED,
    ):
        return latest
    return None
