"""Forms for starting, writing and authorising an assessment (they parse; the services rule)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.casework.models import AssessmentOutcome
from frontdoor.core.codes import AssessmentFactor
from frontdoor.core.forms import (
    YES_NO,
    GovukDateField,
    GovukForm,
    VersionedForm,
    text_field,
    yes_no_answer,
)

# --- Assessments -----------------------------------------------------------------------------


class AssessmentStartForm(GovukForm):
    started_on = GovukDateField(label="Date the assessment started", required=False)


class AssessmentForm(VersionedForm):
    """The assessment as written so far. Everything may be left for later until it is completed."""

    child_seen_on = GovukDateField(label="Date the child was seen", required=False)
    child_seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    child_views = text_field("The child's views")
    culture_identity = text_field("How the child's culture, identity and ethnicity were considered")
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        help_text="Select all that apply, or \u201cNo factors identified\u201d on its own",
        choices=[(code, f"{code} {label}") for code, label in AssessmentFactor.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    analysis = text_field("Analysis")
    outcome = forms.ChoiceField(
        label="Outcome of the assessment",
        choices=AssessmentOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    requires_support = forms.ChoiceField(
        label="Does the child require children's social care support?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    late_reason = text_field(
        "Why the assessment is late",
        help_text="Only needed if it is completed after its due date",
    )

    def details(self) -> dict[str, Any]:
        """What the service saves: yes/no answers as True, False or None."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["child_seen_alone"] = yes_no_answer(data.get("child_seen_alone"))
        data["requires_support"] = yes_no_answer(data.get("requires_support"))
        data["factors"] = data.get("factors") or []
        return data


class AuthoriseAssessmentForm(VersionedForm):
    authorised_on = GovukDateField(label="Date authorised", required=False)
    comment = text_field(
        "Comment",
        help_text="Required when you return the assessment: say what needs to change",
    )
    late_reason = text_field(
        "Why the assessment is late",
        help_text="Only needed if it is authorised after its due date",
    )
