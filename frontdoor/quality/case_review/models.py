"""The weekly case review meeting: managers in CADS, with partner agencies, interrogate a
sample of the previous week's decisions, record a finding on each, the themes it shows and
the actions it asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Agency
from frontdoor.contacts.models import Decision
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class CaseReviewTheme(models.Model):
    """A theme a finding may show ("Threshold applied", "Consent"), edited by a system
    administrator in the admin (audited); an inactive theme is kept for the weeks it was used
    but offered no more."""

    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaseReviewMeeting(models.Model):
    """The meeting of one week (starting on a Monday), reviewing the week before's decisions."""

    week_starting = models.DateField(unique=True)
    chair = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    staff_attending = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="case_reviews_attended"
    )
    rules = models.JSONField("the rules the sample was drawn by", default=dict)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-week_starting"]

    def __str__(self) -> str:
        return f"Case review for the week of {self.week_starting:%-d %B %Y}"


class CaseReviewPartner(models.Model):
    """A partner agency's representative at the meeting."""

    meeting = models.ForeignKey(
        CaseReviewMeeting, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=20, choices=Agency.choices)

    class Meta:
        ordering = ["agency", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class CaseReviewItem(models.Model):
    """A decision on the agenda, why it was sampled, and what the meeting found."""

    class Finding(models.TextChoices):
        RIGHT = "right", "The decision was right"
        DIFFERENT = "different", "The decision should have been different"

    meeting = models.ForeignKey(CaseReviewMeeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField("why it was sampled", default=list)
    finding = models.CharField(max_length=10, choices=Finding.choices, blank=True)
    finding_how = models.TextField("how it should have been different", blank=True)
    themes = models.ManyToManyField(CaseReviewTheme, blank=True, related_name="items")
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "decision"], name="case_review_item_once")
        ]

    def __str__(self) -> str:
        return f"Case {self.position}: {self.person}"


class CaseReviewAction(models.Model):
    """Something the meeting asked of somebody about a case, by a date: in their work tray."""

    item = models.ForeignKey(CaseReviewItem, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_review_actions")
    due_on = models.DateField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.text[:60]} (due {self.due_on:%-d %B %Y})"
