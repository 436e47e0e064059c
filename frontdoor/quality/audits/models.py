"""Decision audits: a decision at the front door, or an authorised assessment, graded against
the audit rubric by someone whose work it is not, moderated by a second auditor, with
learning actions for the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Decision
from frontdoor.people.models import Person
from frontdoor.quality.grading import Grade, RubricItem

USER = settings.AUTH_USER_MODEL

# What an audit grades, in the order the form asks (seed review 2.2).
AUDIT_RUBRIC = (
    RubricItem("threshold", "Threshold applied", "the threshold applied"),
    RubricItem("rationale", "Rationale", "the rationale"),
    RubricItem("child_voice", "The child's voice", "the child's voice"),
    RubricItem("history", "History used", "the use of history"),
    RubricItem("consent", "Consent", "consent"),
    RubricItem("culture_identity", "Culture and identity", "culture and identity"),
    RubricItem("timeliness", "Timeliness", "timeliness"),
)


class Audit(models.Model):
    """One audit of one piece of work: a decision or an assessment, never both."""

    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="quality_audit"
    )
    assessment = models.OneToOneField(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="quality_audit"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="work_audited")
    auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="audits_done")
    audited_at = models.DateTimeField()
    overall_grade = models.CharField(max_length=20, choices=Grade.choices)
    summary = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_moderated"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_agrees = models.BooleanField(null=True, blank=True)
    moderated_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-audited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False, assessment__isnull=True)
                | Q(decision__isnull=True, assessment__isnull=False),
                name="audit_of_one_piece_of_work",
            )
        ]

    def __str__(self) -> str:
        return f"Audit of {self.work_label}"

    @property
    def work_label(self) -> str:
        if self.decision is not None:
            return f"the decision on contact C{self.decision.contact_child.contact_id:06d}"
        assert self.assessment is not None
        return f"the assessment started {self.assessment.started_on:%-d %B %Y}"

    @property
    def is_moderated(self) -> bool:
        return self.moderated_at is not None

    @property
    def grade_standing(self) -> str:
        """The grade that counts: the moderated one once moderated, else the auditor's."""
        return self.moderated_grade if self.is_moderated else self.overall_grade

    @property
    def grade_standing_label(self) -> str:
        return Grade(self.grade_standing).label


class AuditItem(models.Model):
    """One rubric item's grade and comment."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(max_length=30)
    grade = models.CharField(max_length=20, choices=Grade.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["audit", "item"], name="audit_item_once")]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_grade_display()}"

    @property
    def label(self) -> str:
        return next((i.label for i in AUDIT_RUBRIC if i.key == self.item), self.item)


class LearningAction(models.Model):
    """What the worker is to do or learn from an audit, by a date; in their work tray."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="learning_actions")
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="learning_actions")
    text = models.TextField()
    due_on = models.DateField()
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Learning action due {self.due_on:%-d %B %Y}"
