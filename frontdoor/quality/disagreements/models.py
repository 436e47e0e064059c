"""Professional disagreements: a worker, for themselves or for a partner professional, disagrees
with a decision on a contact and says what they want instead; the disagreement goes through
the council's stages (`FRONTDOOR_DISAGREEMENT_STAGES`), each with its own due date, until one
stage resolves it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Agency, Team
from frontdoor.contacts.models import Decision
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Disagreement(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Agreed(models.TextChoices):
        STANDS = "stands", "The decision stands"
        CHANGED = "changed", "The decision is to be changed"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="disagreements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disagreements")
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="disagreements")
    raised_at = models.DateTimeField()
    # Raised for a partner professional: their name, agency and role (blank when the worker's own).
    partner_name = models.CharField(max_length=120, blank=True)
    partner_agency = models.CharField(max_length=30, choices=Agency.choices, blank=True)
    partner_role = models.CharField(max_length=120, blank=True)
    disagrees_with = models.TextField()
    wants_instead = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    agreed = models.CharField(max_length=10, choices=Agreed.choices, blank=True)
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Disagreement with the decision on contact {self.reference}"

    @property
    def reference(self) -> str:
        return self.decision.contact_child.contact.reference

    @property
    def on_behalf_of_partner(self) -> bool:
        return bool(self.partner_name)

    @property
    def raised_for(self) -> str:
        if not self.partner_name:
            return str(self.raised_by)
        return f"{self.partner_name}, {self.partner_role} ({self.get_partner_agency_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DisagreementStage(models.Model):
    """One stage a disagreement reached: who answers for it, when it is due and its outcome."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Escalated to the next stage"

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()  # 1 for the first stage
    key = models.CharField(max_length=40)  # the setting's key, as it was when the stage began
    label = models.CharField(max_length=120)
    role = models.CharField(max_length=30)
    # Whose outcome it is: the team (a team manager stage: the decider's team), and the person
    # whose tray it is in (None when nobody eligible holds the role).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="disagreement_stages"
    )
    started_on = models.DateField()
    due_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)  # what was agreed, or why it was escalated
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["disagreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["disagreement", "number"], name="disagreement_stage_once"
            )
        ]

    def __str__(self) -> str:
        return f"Stage {self.number} ({self.label}) of {self.disagreement}"

    @property
    def is_open(self) -> bool:
        return not self.outcome
