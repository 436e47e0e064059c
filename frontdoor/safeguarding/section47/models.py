"""Section 47 enquiries and the initial child protection conferences they lead to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.models import Referral
from frontdoor.people.models import Person
from frontdoor.safeguarding.strategy.models import StrategyChild

USER = settings.AUTH_USER_MODEL


class Section47Outcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CONTINUE_ASSESSMENT = "continue_assessment", "Continue the assessment"
    CIN_PLAN = "cin_plan", "Child in need plan"
    LEGAL = "legal", "Legal action"
    OTHER_AGENCY = "other_agency", "Another agency monitors"


class Section47(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="section47s")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="section47s")
    strategy_child = models.OneToOneField(
        StrategyChild, on_delete=models.PROTECT, related_name="section47"
    )
    started_on = models.DateField()
    conference_due_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Section47Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "section 47 enquiry"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("started_on")),
                name="section47_outcome_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry for {self.person} from {self.started_on:%-d %B %Y}"


class ConferenceOutcome(models.TextChoices):
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class Conference(models.Model):
    """The initial child protection conference after a section 47 enquiry."""

    section47 = models.OneToOneField(Section47, on_delete=models.PROTECT, related_name="conference")
    held_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=ConferenceOutcome.choices)
    chair = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Initial conference on {self.held_on:%-d %B %Y}"

    @property
    def plan_followed(self) -> bool:
        return self.outcome == ConferenceOutcome.CP_PLAN
