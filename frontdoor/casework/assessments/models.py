"""Social work assessments within a referral."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.referrals.models import Referral

USER = settings.AUTH_USER_MODEL


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STEP_DOWN = "step_down", "Step down to early help"
    SECTION_47 = "section_47", "Section 47 enquiry"
    OTHER = "other", "Other"


class Assessment(models.Model):
    """A social work (single) assessment within a referral; due 45 working days from it."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Awaiting authorisation"
        RETURNED = "returned", "Returned by manager"
        AUTHORISED = "authorised", "Authorised"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField()
    due_on = models.DateField()
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="assessments")
    child_seen_on = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    child_views = models.TextField("the child's views", blank=True)
    culture_identity = models.TextField("culture, identity and ethnicity considered", blank=True)
    factors = models.JSONField(default=list, blank=True)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices, blank=True)
    requires_support = models.BooleanField(
        "requires children's social care support", null=True, blank=True
    )
    late_reason = models.TextField("why the assessment is late", blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True)
                | Q(authorised_on__gte=models.F("started_on")),
                name="assessment_authorised_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%-d %B %Y} for {self.referral.person}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.AUTHORISED
