"""Steps between social work and early help."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.casework.early_help.models import EarlyHelpEpisode
from frontdoor.casework.referrals.models import Referral
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Step(models.Model):
    """A move between early help and social work, recorded as an event of its own."""

    class Direction(models.TextChoices):
        UP = "up", "Step up to social work"
        DOWN = "down", "Step down to early help"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="steps")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="steps")
    early_help = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="steps")
    stepped_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stepped_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on {self.stepped_on:%-d %B %Y}"
