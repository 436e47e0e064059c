"""Child protection plans with their reviews and visits, and immediate protection (police
protection, emergency protection orders)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.models import Referral
from frontdoor.people.models import Person
from frontdoor.safeguarding.section47.models import Conference

USER = settings.AUTH_USER_MODEL


class AbuseCategory(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


class CpPlan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cp_plans")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.OneToOneField(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="cp_plan"
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    previous_plans = models.PositiveSmallIntegerField(default=0)
    next_review_on = models.DateField(null=True, blank=True)
    next_visit_on = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "child protection plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="cp_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Child protection plan for {self.person} from {self.start_date:%-d %B %Y}"


class CpReview(models.Model):
    plan = models.ForeignKey(CpPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Review conference on {self.held_on:%-d %B %Y}"


class CpVisit(models.Model):
    plan = models.ForeignKey(CpPlan, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%-d %B %Y}"


class ProtectionKind(models.TextChoices):
    POLICE_PROTECTION = "police_protection", "Police protection (Children Act 1989, s46)"
    EPO = "epo", "Emergency protection order (Children Act 1989, s44)"


class ImmediateProtection(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection")
    kind = models.CharField(max_length=20, choices=ProtectionKind.choices)
    started_at = models.DateTimeField()
    authority = models.CharField(
        max_length=200, help_text="Who authorised it: the police officer or the court"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_at:%-d %B %Y, %H:%M}"
