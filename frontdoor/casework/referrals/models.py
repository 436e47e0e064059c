"""Referrals: child in need episodes, the contacts within them, their allocation and the risk
reviews while they wait for a worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.contacts.models import ContactChild
from frontdoor.core.codes import ClosureReason, PrimaryNeed, ReferralSource
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Referral(models.Model):
    """A contact accepted for a social work response: a child in need episode (CIN census).

    A child has at most one open referral; later contacts join it (`ReferralContact`).
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    origin = models.ForeignKey(
        ContactChild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_opened",
        help_text="The contact whose decision opened this episode",
    )
    referral_date = models.DateField(db_index=True)
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    is_re_referral = models.BooleanField(
        "re-referral", default=False, help_text="Referred within 12 months of a previous referral"
    )
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_allocated"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocation_due_on = models.DateField()
    risk_review_due_on = models.DateField(
        null=True, blank=True, help_text="While unallocated: when the risk must next be reviewed"
    )
    child_seen_due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    # Who authorised the closure (or step down) and when; empty when it closed without sign-off
    # (FRONTDOOR_SIGN_OFF_NEEDED did not ask for it, or it closed before sign-off existed), so
    # re-referrals after closures with and without sign-off can be compared. `closed_on` is the
    # date the worker set, not the day of the authorisation.
    closure_signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_signed_off_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="referrals_opened")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="one_open_referral"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("referral_date")),
                name="referral_closed_after_it_opened",
            ),
        ]
        indexes = [models.Index(fields=["team", "worker", "closed_on"])]

    def __str__(self) -> str:
        return f"Referral {self.reference} for {self.person}"

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ReferralContact(models.Model):
    """A contact within an episode: the one that opened it and any that came while open."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    contact_child = models.OneToOneField(
        ContactChild, on_delete=models.PROTECT, related_name="referral_link"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attached_at", "id"]

    def __str__(self) -> str:
        return f"{self.contact_child} in {self.referral}"


class Allocation(models.Model):
    """One step in a referral's allocation history: to a team, to a worker, or a change."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()

    class Meta:
        ordering = ["allocated_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral} to {self.worker or self.team or 'no team'}"


class RiskReview(models.Model):
    """A manager's review of the risk to a child whose case is not yet allocated."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="risk_reviews")
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    note = models.TextField()
    next_review_on = models.DateField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Risk review of {self.referral} on {self.reviewed_at:%-d %B %Y}"
