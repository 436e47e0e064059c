"""Child in need plans and the reviews of a child in need or early help plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.referrals.models import Referral

USER = settings.AUTH_USER_MODEL


class CinPlan(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cin_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%-d %B %Y}"


class PlanReview(models.Model):
    """A review of a child in need plan or of an early help plan."""

    cin_plan = models.ForeignKey(
        CinPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    early_help = models.ForeignKey(
        "EarlyHelpEpisode", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField()
    note = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cin_plan__isnull=True) ^ Q(early_help__isnull=True),
                name="plan_review_of_one_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Plan review on {self.reviewed_on:%-d %B %Y}"
