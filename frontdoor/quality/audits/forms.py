"""Forms for auditing, moderating and learning actions. Every field is optional here: the
services say what is required, so their messages are the ones shown."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core.forms import (
    YES_NO,
    GovukDateField,
    GovukForm,
    VersionedForm,
    radio_field,
    text_field,
    yes_no_answer,
)
from frontdoor.quality.grading import Grade, add_rubric_fields, posted_grades

from .models import AUDIT_RUBRIC


class AuditForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_rubric_fields(self, AUDIT_RUBRIC)
        self.fields["overall_grade"] = radio_field("Overall grade", Grade.choices)
        self.fields["summary"] = text_field("Summary of the audit", help_text="Optional")

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "grades": posted_grades(data, AUDIT_RUBRIC),
            "overall_grade": data["overall_grade"],
            "summary": data["summary"],
        }


class ModerationForm(VersionedForm):
    agrees = radio_field("Do you agree with the overall grade?", YES_NO)
    grade = radio_field("Moderated overall grade", Grade.choices, help_text="If you do not agree")
    reason = text_field("Why the grade should be different", help_text="If you do not agree")

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "agrees": yes_no_answer(data["agrees"]),
            "grade": data["grade"],
            "reason": data["reason"],
        }


class LearningActionForm(GovukForm):
    text = text_field("Learning action for the worker")
    due_on = GovukDateField(label="Date it is due", required=False)


class LearningDoneForm(GovukForm):
    note = text_field("What you did or learned", help_text="Optional")


class SampleMonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)
