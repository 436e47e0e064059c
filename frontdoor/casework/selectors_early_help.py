"""Reads for the early help queue and episode pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import EarlyHelpEpisode, Oversight, PlanReview, Step
from .selectors import early_help_queue


def early_help_queue_for_page() -> QuerySet[EarlyHelpEpisode]:
    """The queue with each originating decision read in the same query (for its rationale)."""
    return early_help_queue().select_related("origin__decision")


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
