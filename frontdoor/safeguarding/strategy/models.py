"""Strategy discussions: who took part, the section 47 decision for each child, and the actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.casework.models import Referral
from frontdoor.people.models import Person
from frontdoor.safeguarding.mash.models import MashEnquiry

USER = settings.AUTH_USER_MODEL


class ExpectedAgency(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    OTHER = "other", "Other"


# Working Together: a strategy discussion involves at least these three.
REQUIRED_AGENCIES = (ExpectedAgency.LOCAL_AUTHORITY, ExpectedAgency.POLICE, ExpectedAgency.HEALTH)


class StrategyDiscussion(models.Model):
    held_at = models.DateTimeField()
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(
        MashEnquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy"
    )
    information_shared = models.TextField()
    interim_safety_plan = models.TextField(blank=True)
    legal_advice_needed = models.BooleanField(default=False)
    next_steps = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.held_at:%-d %B %Y, %H:%M}"


class StrategyAttendance(models.Model):
    """An agency at a strategy discussion: who came and in what role, or why it did not."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.CharField(max_length=20, choices=ExpectedAgency.choices)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField()
    absence_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.name or 'absent'}"


class StrategyChild(models.Model):
    """The discussion's decision for one child: whether a section 47 enquiry starts, and why."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="children"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="strategy")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="strategy")
    start_section_47 = models.BooleanField()
    rationale = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "person"], name="strategy_child_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.discussion}"


class StrategyAction(models.Model):
    """An immediate action from a strategy discussion: who, what, by when (a tray item)."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="strategy_actions")
    action = models.TextField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.action[:40]} by {self.due_on:%-d %B %Y}"
