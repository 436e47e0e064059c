"""MASH enquiries: the multi-agency checks on a child the front door is worried about, their
red, amber or green rating and each agency's answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Agency
from frontdoor.contacts.models import ContactChild, Outcome
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class MashConsent(models.TextChoices):
    OBTAINED = "obtained", "Consent obtained"
    NOT_SOUGHT = "not_sought", "Checks without consent: seeking it would put the child at risk"
    REFUSED = "refused", "Consent refused, checks go ahead to safeguard the child"


class MashEnquiry(models.Model):
    """Multi-agency checks on a child, rated red, amber or green, ending in a decision."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mash_enquiries")
    origin = models.ForeignKey(
        ContactChild, null=True, blank=True, on_delete=models.PROTECT, related_name="mash"
    )
    rag = models.CharField(max_length=5, choices=Rag.choices)
    rated_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    consent = models.CharField(max_length=12, choices=MashConsent.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_rationale = models.TextField(blank=True)
    concluded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name_plural = "MASH enquiries"

    def __str__(self) -> str:
        return f"MASH enquiry {self.reference} for {self.person}"

    @property
    def reference(self) -> str:
        return f"M{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None


class RagChange(models.Model):
    enquiry = models.ForeignKey(MashEnquiry, on_delete=models.CASCADE, related_name="rag_changes")
    from_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    to_rag = models.CharField(max_length=5, choices=Rag.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_rag or 'unrated'} to {self.to_rag}"


class CheckAgency(models.TextChoices):
    """Who a MASH check goes to. `Agency` is the partner user's agency that answers it."""

    POLICE = "police", "Police"
    GP = "health_gp", "Health: GP"
    HEALTH_VISITOR = "health_visitor", "Health: health visitor or school nurse"
    MIDWIFERY = "health_midwifery", "Health: midwifery"
    MENTAL_HEALTH = "health_mental_health", "Health: mental health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    OTHER = "other", "Other agency"


def answering_agency(check_agency: str) -> str:
    """The partner agency (User.agency) whose users answer a check to `check_agency`."""
    if check_agency.startswith("health"):
        return Agency.HEALTH
    return check_agency if check_agency in Agency.values else ""


class AgencyCheck(models.Model):
    enquiry = models.ForeignKey(MashEnquiry, on_delete=models.CASCADE, related_name="checks")
    agency = models.CharField(max_length=30, choices=CheckAgency.choices)
    other_agency = models.CharField(max_length=120, blank=True)
    question = models.TextField()
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    nothing_known = models.BooleanField(default=False)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="checks_answered"
    )
    last_chased_at = models.DateTimeField(null=True, blank=True)
    times_chased = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["agency", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check on {self.enquiry}"

    @property
    def partner_agency(self) -> str:
        return answering_agency(self.agency)
