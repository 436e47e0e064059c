"""A locality team's word on a referral it received: it should not have come to them, or it
came too late (issue 15.5; the seed review's "cases being sent to teams are the right ones")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.casework.models import Referral

USER = settings.AUTH_USER_MODEL


class LocalityFeedback(models.Model):
    """One kind of feedback on one referral. A withdrawn one stays, as history; while one of a
    kind stands, the referral takes no other of that kind."""

    class Kind(models.TextChoices):
        NOT_FOR_US = "not_for_us", "Should not have come to us"
        TOO_LATE = "too_late", "Came too late"

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="locality_feedback"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", help_text="The team holding it"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(db_index=True)
    withdrawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name_plural = "locality feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_locality_feedback_of_a_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: referral {self.referral.reference}"

    @property
    def person(self) -> object:
        return self.referral.person

    @property
    def stands(self) -> bool:
        return self.withdrawn_at is None
