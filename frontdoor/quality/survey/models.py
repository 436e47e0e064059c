"""The partner feedback survey: the questions (edited in the admin), one invitation for each
contact whose feedback was sent, and the referrer's one response with its answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.contacts.models import Contact


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "A score from 1 (poor) to 5 (very good)"
        YES_NO = "yes_no", "Yes or no"

    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Only active questions are asked")
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(models.Model):
    """The referrer's link to the survey for one contact: signed, open until `expires_at`,
    used once (`used_at`, set in the same transaction as the response)."""

    contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, related_name="survey_invitation"
    )
    token_id = models.CharField(max_length=40, unique=True)  # what the signed link carries
    agency = models.CharField(max_length=200, blank=True)  # the referrer's, when invited
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Survey invitation for {self.contact.reference}"


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.PROTECT, related_name="response"
    )
    answered_at = models.DateTimeField()
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Survey response {self.pk}"


class SurveyAnswer(models.Model):
    """One answer, with the question as it was asked (the admin may reword it later). A 1 to 5
    score, or 1 for yes and 0 for no: the mean of a yes/no question is its share of yes."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        SurveyQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_text = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SurveyQuestion.Kind.choices)
    value = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="scale", value__gte=1, value__lte=5)
                | models.Q(kind="yes_no", value__lte=1),
                name="survey_answer_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.value}"
