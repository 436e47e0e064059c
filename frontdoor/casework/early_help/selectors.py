"""Reads for the early help queue and episode pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from frontdoor.accounts.models import Role, User
from frontdoor.casework.models import EarlyHelpEpisode, Oversight, PlanReview, Step


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


def early_help_led_by(*, user: Any) -> QuerySet[EarlyHelpEpisode]:
    """`user`'s open early help episodes, the next review (or assessment) due first."""
    return (
        EarlyHelpEpisode.objects.filter(advisor=user, closed_on__isnull=True)
        .select_related("person")
        .order_by("next_review_on", "assessment_due_on", "opened_on", "id")
    )


def early_help_for_page(*, episode_id: int) -> EarlyHelpEpisode:
    return (
        EarlyHelpEpisode.objects.select_related(
            "person",
            "advisor",
            "opened_by",
            "origin__contact",
            "origin__decision",
            "stepped_down_from",
        )
        .prefetch_related(
            Prefetch("reviews", PlanReview.objects.select_related("recorded_by")),
            Prefetch("steps", Step.objects.select_related("referral", "recorded_by")),
            Prefetch(
                "oversight",
                Oversight.objects.select_related("recorded_by", "direction_for", "completed_by"),
            ),
        )
        .get(pk=episode_id)
    )
