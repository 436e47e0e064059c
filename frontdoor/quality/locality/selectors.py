"""Reads of locality feedback: a team's recent referrals, the feedback on a referral, the
counts for the dashboard, and what the case review samples."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet

from frontdoor.casework.models import Referral

from .models import LocalityFeedback

RECENT_MONTHS = 3


def team_referrals(team_id: int | None, since: date) -> QuerySet[Referral]:
    """The referrals the team holds that were referred on or after `since`, newest first."""
    if not team_id:
        return Referral.objects.none()
    return (
        Referral.objects.filter(team_id=team_id, referral_date__gte=since)
        .select_related("person")
        .order_by("-referral_date", "-id")
    )


def feedback_on(referral_ids: list[int]) -> dict[int, list[LocalityFeedback]]:
    found: dict[int, list[LocalityFeedback]] = {}
    for feedback in LocalityFeedback.objects.filter(referral_id__in=referral_ids).select_related(
        "given_by", "withdrawn_by"
    ):
        found.setdefault(feedback.referral_id, []).append(feedback)
    return found


def locality_feedback_counts(start: datetime, end: datetime) -> dict[str, int]:
    """Feedback given from `start` up to (not including) `end`, by kind, each kind present
    (withdrawn feedback left out: the team took it back)."""
    counts: dict[str, int] = dict.fromkeys(LocalityFeedback.Kind.values, 0)
    rows = (
        LocalityFeedback.objects.filter(
            given_at__gte=start, given_at__lt=end, withdrawn_at__isnull=True
        )
        .values("kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["kind"]] = row["n"]
    return counts


def sampled_by_feedback(since: datetime, before: datetime) -> list[tuple[int, str]]:
    """(decision id, kind) for feedback given from `since` up to `before` and not withdrawn
    by `before`: the decision is the one on the contact that opened the referral."""
    rows: Any = (
        LocalityFeedback.objects.filter(
            given_at__gte=since,
            given_at__lt=before,
            referral__origin__decision__isnull=False,
        )
        .exclude(withdrawn_at__lt=before)
        .order_by("given_at", "pk")
        .values_list("referral__origin__decision", "kind")
    )
    return list(rows)
