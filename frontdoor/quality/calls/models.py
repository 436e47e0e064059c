"""Call monitoring: a manager listens to a call (live or recorded) at the front door, grades
it against its own rubric and gives the consultant social worker feedback, which the worker
acknowledges."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.contacts.models import Contact
from frontdoor.quality.grading import Grade, RubricItem

USER = settings.AUTH_USER_MODEL

# What a monitored call is graded on (seed review 2.3).
CALL_RUBRIC = (
    RubricItem(
        "best_placed",
        "The \u201cwho is best placed\u201d conversation",
        "the \u201cwho is best placed\u201d conversation",
    ),
    RubricItem("threshold", "Threshold", "the threshold"),
    RubricItem("consent", "Consent", "consent"),
    RubricItem("advice", "Advice given", "the advice given"),
    RubricItem("tone", "Tone", "the tone"),
)


class MonitoredCall(models.Model):
    class Mode(models.TextChoices):
        LIVE = "live", "Listened to live"
        RECORDED = "recorded", "Listened to a recording"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="monitored_calls")
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="call_feedback")
    listened_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=Mode.choices)
    feedback = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="calls_monitored")
    recorded_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-listened_at", "-id"]

    def __str__(self) -> str:
        return f"Call on contact C{self.contact_id:06d}, listened to {self.listened_at:%-d %B %Y}"


class CallItem(models.Model):
    call = models.ForeignKey(MonitoredCall, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(max_length=30)
    grade = models.CharField(max_length=20, choices=Grade.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["call", "item"], name="call_item_once")]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_grade_display()}"

    @property
    def label(self) -> str:
        return next((i.label for i in CALL_RUBRIC if i.key == self.item), self.item)
