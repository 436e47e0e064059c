"""Reads for casework pages: referrals, the unallocated list, caseloads, the early help queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from frontdoor.accounts.models import Role, Team, User

from .models import (
    Allocation,
    Assessment,
    CinPlan,
    EarlyHelpEpisode,
    Oversight,
    Referral,
    ReferralContact,
    Step,
)


def referral_for_page(*, referral_id: int) -> Referral:
    return (
        Referral.objects.select_related("person", "team", "worker", "opened_by", "origin__contact")
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
        )
        .get(pk=referral_id)
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
    """Each active member of `team` with their number of open referrals, fewest first."""
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
    return [(member, member.open_cases) for member in members]


def early_help_queue() -> QuerySet[EarlyHelpEpisode]:
    """Early help decisions waiting for a pathway advisor or lead organisation, oldest first."""
    return (
        EarlyHelpEpisode.objects.filter(
            closed_on__isnull=True, advisor__isnull=True, lead_organisation=""
        )
        .select_related("person", "origin__contact", "origin__decision")
        .order_by("allocation_due_on", "opened_on")
    )


def early_help_workloads() -> list[tuple[User, int]]:
    """Each pathway advisor with their open early help episodes, most first."""
    advisors = (
        User.objects.filter(role=Role.PATHWAY_ADVISOR, is_active=True)
        .annotate(
            open_episodes=Count("early_help_led", filter=Q(early_help_led__closed_on__isnull=True))
        )
        .order_by("-open_episodes", "first_name")
    )
    return [(advisor, advisor.open_episodes) for advisor in advisors]


def person_casework(*, person_id: int) -> dict[str, Any]:
    """A child's referrals and early help, newest first, for their record."""
    return {
        "referrals": Referral.objects.filter(person_id=person_id).select_related("team", "worker"),
        "early_help": EarlyHelpEpisode.objects.filter(person_id=person_id).select_related(
            "advisor"
        ),
    }
