"""Management oversight and supervision, and the overdue work in the nightly digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.casework.early_help.models import EarlyHelpEpisode
from frontdoor.casework.referrals.models import Referral
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Oversight(models.Model):
    """A manager's oversight or supervision of a child's case, with a direction and its date."""

    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", "Management oversight"
        SUPERVISION = "supervision", "Supervision"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="oversight")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="oversight"
    )
    early_help = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="oversight"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    discussion = models.TextField()
    direction = models.TextField(blank=True)
    direction_for = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="directions"
    )
    direction_due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="oversight_given")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.recorded_at:%-d %B %Y}"


class OverdueItem(models.Model):
    """A clock that ran out, noted once by the daily digest, so misses can be counted later."""

    ref = models.CharField(max_length=80, help_text="What ran out, like casework.assessment:12")
    kind = models.CharField(max_length=30)
    label = models.CharField(max_length=300)
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField()
    responsible = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    noticed_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["-noticed_on", "due_on"]
        constraints = [models.UniqueConstraint(fields=["ref", "due_on"], name="overdue_noted_once")]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_on:%-d %B %Y})"
