"""Early help episodes: the pathway advisors' work with a family who consent to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.referrals.models import Referral
from frontdoor.contacts.models import ContactChild
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class EarlyHelpClosure(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met: outcomes achieved"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Family withdrew consent"
    MOVED_AWAY = "moved_away", "Family moved out of the area"
    UNIVERSAL = "universal", "Needs now met by universal services"
    OTHER = "other", "Other"


class EarlyHelpEpisode(models.Model):
    """Early help for a child and family, led by a pathway advisor or another organisation."""

    class Consent(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_YET_ASKED = "not_yet_asked", "Not yet asked"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="early_help")
    origin = models.ForeignKey(
        ContactChild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_opened",
    )
    stepped_down_from = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="stepped_down_to"
    )
    opened_on = models.DateField()
    advisor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="early_help_led"
    )
    lead_organisation = models.CharField(
        max_length=200, blank=True, help_text="When another organisation leads, such as a school"
    )
    allocation_due_on = models.DateField()
    consent = models.CharField(
        max_length=20, choices=Consent.choices, default=Consent.NOT_YET_ASKED
    )
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    assessment_due_on = models.DateField()
    plan_started_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=EarlyHelpClosure.choices, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="one_open_early_help"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="early_help_closed_after_it_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.person} from {self.opened_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
